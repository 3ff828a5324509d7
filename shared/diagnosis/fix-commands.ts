/**
 * AWS CLI commands for the fixes the findings suggest, with real IDs filled in. One builder
 * per change so every check spells a command the same way.
 *
 * These commands go to Slack and to terminals, where people paste them into a shell, and their
 * values come from events and AWS (cluster, service and role names, secret ARNs, policy
 * documents). So every value passes through `shellQuote`, the one quoting function: a pasted
 * command runs exactly the `aws` argv it shows, whatever the names hold. Placeholders such as
 * `<endpoint-sg-id>` become shell variables (`"$ENDPOINT_SG_ID"`) the reader sets first.
 */
import type { EndpointService } from '../model/snapshot.js';
import { endpointServiceName } from '../aws-names.js';

/** Words a POSIX shell reads literally: no quoting needed, so IDs stay easy to read. */
const PLAIN_WORD = /^[A-Za-z0-9_.:/@=+,%-]+$/;
/** A placeholder the reader fills in, e.g. `<endpoint-sg-id>`. */
const PLACEHOLDER = /^<([a-z][a-z0-9-]*)>$/;
/**
 * Characters a terminal or Slack would hide or act on: C0/C1 controls, DEL, zero-width and
 * direction marks, line/paragraph separators, bidi embeddings and overrides, word joiners, BOM.
 * Such a value is written in ANSI-C quoting (`$'…'`) with each of them as a visible escape. So is a
 * backtick: Slack code blocks cannot show one, and `\x60` survives the trip unchanged.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point: such a value is written with escapes
const NEEDS_ESCAPES = /[`\u0000-\u001F\u007F-\u009F\u200B-\u200F\u2028-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/;

/** `<endpoint-sg-id>` -> `ENDPOINT_SG_ID`. */
function placeholderVariable(name: string): string {
  return name.replace(/-/g, '_').toUpperCase();
}

function ansiCEscape(character: string): string {
  if (character === '\\') return '\\\\';
  if (character === "'") return "\\'";
  if (character === '\n') return '\\n';
  if (character === '\t') return '\\t';
  if (character === '\r') return '\\r';
  if (character === '`') return '\\x60';
  if (!NEEDS_ESCAPES.test(character)) return character;
  // UTF-8 bytes as `\xHH`: read back the same in every locale, unlike `\uHHHH`.
  return Array.from(new TextEncoder().encode(character), (byte) => `\\x${byte.toString(16).padStart(2, '0')}`).join('');
}

/**
 * One value as one shell word that bash and zsh read back as exactly that value: plain IDs
 * as they are, anything else in single quotes (an embedded `'` as `'\''`), values with control
 * or invisible characters in `$'…'` with visible escapes. A NUL cannot be part of an argument
 * at all: it becomes U+FFFD, so the command names something that does not exist and fails.
 * A placeholder `<name>` becomes `"$NAME"`.
 */
function shellQuote(value: string): string {
  const placeholder = PLACEHOLDER.exec(value);
  if (placeholder !== null) return `"$${placeholderVariable(placeholder[1] ?? '')}"`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching NUL is the point: bash cannot hold one in an argument
  const text = value.replace(/\u0000/g, '\uFFFD');
  if (text === '') return "''";
  if (PLAIN_WORD.test(text)) return text;
  if (NEEDS_ESCAPES.test(text)) return `$'${Array.from(text, ansiCEscape).join('')}'`;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A command line: the fixed words (`aws`, `ec2`, flags) as written, every value quoted. */
type CommandWord = { flag: string } | string;

function commandLine(words: readonly CommandWord[]): string {
  return words.map((word) => (typeof word === 'string' ? shellQuote(word) : word.flag)).join(' ');
}

/** `aws <service> <operation>` and its `--flag value` pairs; a value list becomes several words. */
function awsCommand(
  service: string,
  operation: string,
  options: readonly (readonly [string, string | readonly string[] | null])[]
): string {
  const words: CommandWord[] = [{ flag: 'aws' }, { flag: service }, { flag: operation }];
  for (const [flag, value] of options) {
    words.push({ flag: `--${flag}` });
    if (value === null) continue;
    if (typeof value === 'string') words.push(value);
    else words.push(...value);
  }
  return commandLine(words);
}

interface InterfaceEndpointCommand {
  region: string;
  vpcId: string;
  service: EndpointService;
  subnetIds: string[];
  /** An existing endpoint security group, or null for the group `endpointSecurityGroupCli` creates. */
  securityGroupId: string | null;
}

/** The variable `endpointSecurityGroupCli` sets and the endpoint commands use when no group exists yet. */
const ENDPOINT_SG_PLACEHOLDER = '<endpoint-sg-id>';

function createInterfaceEndpointCli(command: InterfaceEndpointCommand): string {
  return awsCommand('ec2', 'create-vpc-endpoint', [
    ['vpc-id', command.vpcId],
    ['vpc-endpoint-type', 'Interface'],
    ['service-name', endpointServiceName(command.region, command.service)],
    ['subnet-ids', command.subnetIds.length > 0 ? command.subnetIds : ['<subnet-id-per-az>']],
    ['security-group-ids', command.securityGroupId ?? ENDPOINT_SG_PLACEHOLDER],
    ['private-dns-enabled', null],
    ['region', command.region],
  ]);
}

/**
 * The security group an interface endpoint needs before it can be created by hand: HTTPS in from
 * the task security groups. The first command stores the new group's id in `$ENDPOINT_SG_ID`,
 * which the `create-vpc-endpoint` commands then use.
 */
function endpointSecurityGroupCli(region: string, vpcId: string, taskSecurityGroupIds: readonly string[]): string[] {
  const create = awsCommand('ec2', 'create-security-group', [
    ['group-name', 'vpc-endpoints-https'],
    ['description', 'HTTPS from ECS tasks to the VPC interface endpoints'],
    ['vpc-id', vpcId],
    ['query', 'GroupId'],
    ['output', 'text'],
    ['region', region],
  ]);
  const sources = taskSecurityGroupIds.length > 0 ? taskSecurityGroupIds : ['<task-sg-id>'];
  return [
    `${placeholderVariable(ENDPOINT_SG_PLACEHOLDER.slice(1, -1))}=$(${create})`,
    ...sources.map((source) => authorizeHttpsIngressCli(region, ENDPOINT_SG_PLACEHOLDER, { groupId: source })),
  ];
}

function createGatewayEndpointCli(region: string, vpcId: string, routeTableIds: string[]): string {
  return awsCommand('ec2', 'create-vpc-endpoint', [
    ['vpc-id', vpcId],
    ['vpc-endpoint-type', 'Gateway'],
    ['service-name', endpointServiceName(region, 's3')],
    ['route-table-ids', routeTableIds],
    ['region', region],
  ]);
}

function addRouteTablesCli(region: string, vpcEndpointId: string, routeTableIds: string[]): string {
  return awsCommand('ec2', 'modify-vpc-endpoint', [
    ['vpc-endpoint-id', vpcEndpointId],
    ['add-route-table-ids', routeTableIds],
    ['region', region],
  ]);
}

function addSubnetsCli(region: string, vpcEndpointId: string, subnetIds: string[]): string {
  return awsCommand('ec2', 'modify-vpc-endpoint', [
    ['vpc-endpoint-id', vpcEndpointId],
    ['add-subnet-ids', subnetIds],
    ['region', region],
  ]);
}

function enablePrivateDnsCli(region: string, vpcEndpointId: string): string {
  return awsCommand('ec2', 'modify-vpc-endpoint', [
    ['vpc-endpoint-id', vpcEndpointId],
    ['private-dns-enabled', null],
    ['region', region],
  ]);
}

function describeEndpointCli(region: string, vpcEndpointId: string): string {
  return awsCommand('ec2', 'describe-vpc-endpoints', [
    ['vpc-endpoint-ids', vpcEndpointId],
    ['region', region],
  ]);
}

function deleteEndpointCli(region: string, vpcEndpointId: string): string {
  return awsCommand('ec2', 'delete-vpc-endpoints', [
    ['vpc-endpoint-ids', vpcEndpointId],
    ['region', region],
  ]);
}

/** Source of an ingress rule or destination of an egress rule. */
type RulePeer = { groupId: string } | { cidr: string } | { prefixListId: string };

function ipPermission(peer: RulePeer): string {
  if ('groupId' in peer) return `UserIdGroupPairs=[{GroupId=${peer.groupId}}]`;
  if ('cidr' in peer) return `IpRanges=[{CidrIp=${peer.cidr}}]`;
  return `PrefixListIds=[{PrefixListId=${peer.prefixListId}}]`;
}

function authorizeHttpsIngressCli(region: string, groupId: string, source: RulePeer): string {
  const rule: (readonly [string, string])[] =
    'groupId' in source
      ? [
          ['protocol', 'tcp'],
          ['port', '443'],
          ['source-group', source.groupId],
        ]
      : 'cidr' in source
        ? [
            ['protocol', 'tcp'],
            ['port', '443'],
            ['cidr', source.cidr],
          ]
        : [['ip-permissions', `IpProtocol=tcp,FromPort=443,ToPort=443,${ipPermission(source)}`]];
  return awsCommand('ec2', 'authorize-security-group-ingress', [['group-id', groupId], ...rule, ['region', region]]);
}

function authorizeHttpsEgressCli(region: string, groupId: string, destination: RulePeer): string {
  return awsCommand('ec2', 'authorize-security-group-egress', [
    ['group-id', groupId],
    ['ip-permissions', `IpProtocol=tcp,FromPort=443,ToPort=443,${ipPermission(destination)}`],
    ['region', region],
  ]);
}

function natRouteCli(
  operation: 'create-route' | 'replace-route',
  region: string,
  routeTableId: string,
  natGatewayId: string | null
): string {
  return awsCommand('ec2', operation, [
    ['route-table-id', routeTableId],
    ['destination-cidr-block', '0.0.0.0/0'],
    ['nat-gateway-id', natGatewayId ?? '<nat-gateway-id>'],
    ['region', region],
  ]);
}

function createNatRouteCli(region: string, routeTableId: string, natGatewayId: string | null): string {
  return natRouteCli('create-route', region, routeTableId, natGatewayId);
}

function replaceNatRouteCli(region: string, routeTableId: string, natGatewayId: string | null): string {
  return natRouteCli('replace-route', region, routeTableId, natGatewayId);
}

function createNatGatewayCli(region: string, publicSubnetId: string | null): string {
  return awsCommand('ec2', 'create-nat-gateway', [
    ['subnet-id', publicSubnetId ?? '<public-subnet-id>'],
    ['allocation-id', '<eip-allocation-id>'],
    ['region', region],
  ]);
}

function describeNatGatewayCli(region: string, natGatewayId: string): string {
  return awsCommand('ec2', 'describe-nat-gateways', [
    ['nat-gateway-ids', natGatewayId],
    ['region', region],
  ]);
}

function enableVpcDnsCli(region: string, vpcId: string, attribute: 'support' | 'hostnames'): string {
  const flag = attribute === 'support' ? 'enable-dns-support' : 'enable-dns-hostnames';
  return awsCommand('ec2', 'modify-vpc-attribute', [
    ['vpc-id', vpcId],
    [flag, '{"Value":true}'],
    ['region', region],
  ]);
}

/** A DHCP option set with the Amazon-provided DNS, then associated with the VPC. */
function amazonDnsDhcpOptionsCli(region: string, vpcId: string, amazonDns: string): string[] {
  return [
    awsCommand('ec2', 'create-dhcp-options', [
      ['dhcp-configurations', `Key=domain-name-servers,Values=${amazonDns}`],
      ['region', region],
    ]),
    awsCommand('ec2', 'associate-dhcp-options', [
      ['dhcp-options-id', '<new-dhcp-options-id>'],
      ['vpc-id', vpcId],
      ['region', region],
    ]),
  ];
}

interface NaclEntryCommand {
  region: string;
  networkAclId: string;
  ruleNumber: number;
  egress: boolean;
  cidr: string;
  portFrom: number;
  portTo: number;
}

function createNaclAllowEntryCli(command: NaclEntryCommand): string {
  return awsCommand('ec2', 'create-network-acl-entry', [
    ['network-acl-id', command.networkAclId],
    ['rule-number', String(command.ruleNumber)],
    [command.egress ? 'egress' : 'ingress', null],
    ['protocol', 'tcp'],
    ['port-range', `From=${command.portFrom},To=${command.portTo}`],
    ['cidr-block', command.cidr],
    ['rule-action', 'allow'],
    ['region', command.region],
  ]);
}

const EXECUTION_ROLE_POLICY_ARN = 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy';

/** `arn:aws:iam::123:role/path/name` -> `name`. */
function roleNameFromArn(roleArn: string): string {
  return roleArn.split('/').at(-1) ?? roleArn;
}

function createRoleCli(roleName: string, assumeRolePolicyDocument: string): string {
  return awsCommand('iam', 'create-role', [
    ['role-name', roleName],
    ['assume-role-policy-document', assumeRolePolicyDocument],
  ]);
}

function attachExecutionPolicyCli(roleName: string): string {
  return awsCommand('iam', 'attach-role-policy', [
    ['role-name', roleName],
    ['policy-arn', EXECUTION_ROLE_POLICY_ARN],
  ]);
}

/** An inline policy granting `actions` on `resources` (for secrets, parameters and keys). */
function putRolePolicyCli(roleName: string, policyName: string, actions: string[], resources: string[]): string {
  const document = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: actions, Resource: resources }],
  });
  return awsCommand('iam', 'put-role-policy', [
    ['role-name', roleName],
    ['policy-name', policyName],
    ['policy-document', document],
  ]);
}

function registerTaskDefinitionCli(family: string): string {
  return awsCommand('ecs', 'register-task-definition', [
    ['family', family],
    ['execution-role-arn', '<execution-role-arn>'],
    ['cli-input-json', 'file://task-definition.json'],
  ]);
}

interface ServicePublicIpCommand {
  region: string;
  cluster: string;
  service: string;
  subnetIds: string[];
  securityGroupIds: string[] | null;
}

function enableServicePublicIpCli(command: ServicePublicIpCommand): string {
  const groups = command.securityGroupIds?.join(',') ?? '<sg-id>';
  return awsCommand('ecs', 'update-service', [
    ['cluster', command.cluster],
    ['service', command.service],
    [
      'network-configuration',
      `awsvpcConfiguration={subnets=[${command.subnetIds.join(',')}],securityGroups=[${groups}],assignPublicIp=ENABLED}`,
    ],
    ['region', command.region],
  ]);
}

function forceNewDeploymentCli(region: string, cluster: string, service: string): string {
  return awsCommand('ecs', 'update-service', [
    ['cluster', cluster],
    ['service', service],
    ['force-new-deployment', null],
    ['region', region],
  ]);
}

function lookupRunTaskEventsCli(region: string): string {
  return awsCommand('cloudtrail', 'lookup-events', [
    ['lookup-attributes', 'AttributeKey=EventName,AttributeValue=RunTask'],
    ['max-results', '20'],
    ['region', region],
  ]);
}

function putReplicationConfigurationCli(sourceRegion: string, targetRegion: string, accountId: string | null): string {
  const registry = accountId ?? '<account-id>';
  return awsCommand('ecr', 'put-replication-configuration', [
    ['replication-configuration', `rules=[{destinations=[{region=${targetRegion},registryId=${registry}}]}]`],
    ['region', sourceRegion],
  ]);
}

export {
  ENDPOINT_SG_PLACEHOLDER,
  addRouteTablesCli,
  addSubnetsCli,
  amazonDnsDhcpOptionsCli,
  attachExecutionPolicyCli,
  authorizeHttpsEgressCli,
  authorizeHttpsIngressCli,
  commandLine,
  createGatewayEndpointCli,
  createInterfaceEndpointCli,
  createNaclAllowEntryCli,
  createNatGatewayCli,
  createNatRouteCli,
  createRoleCli,
  deleteEndpointCli,
  describeEndpointCli,
  describeNatGatewayCli,
  enablePrivateDnsCli,
  enableServicePublicIpCli,
  enableVpcDnsCli,
  endpointSecurityGroupCli,
  forceNewDeploymentCli,
  lookupRunTaskEventsCli,
  putReplicationConfigurationCli,
  putRolePolicyCli,
  registerTaskDefinitionCli,
  replaceNatRouteCli,
  roleNameFromArn,
  shellQuote,
};
export type { RulePeer };
