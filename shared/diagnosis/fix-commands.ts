/**
 * AWS CLI commands for the fixes the findings suggest, with real IDs filled in. One builder
 * per change so every check spells a command the same way. IDs are AWS-generated tokens
 * (no spaces or quotes), so they need no shell quoting; placeholders look like `<sg-id>`.
 */
import type { EndpointService } from '../inspect/snapshot.js';
import { endpointServiceName } from '../aws-names.js';

interface InterfaceEndpointCommand {
  region: string;
  vpcId: string;
  service: EndpointService;
  subnetIds: string[];
  /** An existing endpoint security group, or null for a `<endpoint-sg-id>` placeholder. */
  securityGroupId: string | null;
}

function createInterfaceEndpointCli(command: InterfaceEndpointCommand): string {
  const subnets = command.subnetIds.length > 0 ? command.subnetIds.join(' ') : '<subnet-id-per-az>';
  return [
    'aws ec2 create-vpc-endpoint',
    `--vpc-id ${command.vpcId}`,
    '--vpc-endpoint-type Interface',
    `--service-name ${endpointServiceName(command.region, command.service)}`,
    `--subnet-ids ${subnets}`,
    `--security-group-ids ${command.securityGroupId ?? '<endpoint-sg-id>'}`,
    '--private-dns-enabled',
    `--region ${command.region}`,
  ].join(' ');
}

function createGatewayEndpointCli(region: string, vpcId: string, routeTableIds: string[]): string {
  return [
    'aws ec2 create-vpc-endpoint',
    `--vpc-id ${vpcId}`,
    '--vpc-endpoint-type Gateway',
    `--service-name ${endpointServiceName(region, 's3')}`,
    `--route-table-ids ${routeTableIds.join(' ')}`,
    `--region ${region}`,
  ].join(' ');
}

function addRouteTablesCli(region: string, vpcEndpointId: string, routeTableIds: string[]): string {
  return `aws ec2 modify-vpc-endpoint --vpc-endpoint-id ${vpcEndpointId} --add-route-table-ids ${routeTableIds.join(' ')} --region ${region}`;
}

function addSubnetsCli(region: string, vpcEndpointId: string, subnetIds: string[]): string {
  return `aws ec2 modify-vpc-endpoint --vpc-endpoint-id ${vpcEndpointId} --add-subnet-ids ${subnetIds.join(' ')} --region ${region}`;
}

function enablePrivateDnsCli(region: string, vpcEndpointId: string): string {
  return `aws ec2 modify-vpc-endpoint --vpc-endpoint-id ${vpcEndpointId} --private-dns-enabled --region ${region}`;
}

function describeEndpointCli(region: string, vpcEndpointId: string): string {
  return `aws ec2 describe-vpc-endpoints --vpc-endpoint-ids ${vpcEndpointId} --region ${region}`;
}

function deleteEndpointCli(region: string, vpcEndpointId: string): string {
  return `aws ec2 delete-vpc-endpoints --vpc-endpoint-ids ${vpcEndpointId} --region ${region}`;
}

/** Source of an ingress rule or destination of an egress rule. */
type RulePeer = { groupId: string } | { cidr: string } | { prefixListId: string };

function ipPermission(peer: RulePeer): string {
  if ('groupId' in peer) return `UserIdGroupPairs=[{GroupId=${peer.groupId}}]`;
  if ('cidr' in peer) return `IpRanges=[{CidrIp=${peer.cidr}}]`;
  return `PrefixListIds=[{PrefixListId=${peer.prefixListId}}]`;
}

function authorizeHttpsIngressCli(region: string, groupId: string, source: RulePeer): string {
  if ('groupId' in source) {
    return `aws ec2 authorize-security-group-ingress --group-id ${groupId} --protocol tcp --port 443 --source-group ${source.groupId} --region ${region}`;
  }
  if ('cidr' in source) {
    return `aws ec2 authorize-security-group-ingress --group-id ${groupId} --protocol tcp --port 443 --cidr ${source.cidr} --region ${region}`;
  }
  return `aws ec2 authorize-security-group-ingress --group-id ${groupId} --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,${ipPermission(source)}' --region ${region}`;
}

function authorizeHttpsEgressCli(region: string, groupId: string, destination: RulePeer): string {
  return `aws ec2 authorize-security-group-egress --group-id ${groupId} --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,${ipPermission(destination)}' --region ${region}`;
}

function createNatRouteCli(region: string, routeTableId: string, natGatewayId: string | null): string {
  return `aws ec2 create-route --route-table-id ${routeTableId} --destination-cidr-block 0.0.0.0/0 --nat-gateway-id ${natGatewayId ?? '<nat-gateway-id>'} --region ${region}`;
}

function replaceNatRouteCli(region: string, routeTableId: string, natGatewayId: string | null): string {
  return `aws ec2 replace-route --route-table-id ${routeTableId} --destination-cidr-block 0.0.0.0/0 --nat-gateway-id ${natGatewayId ?? '<nat-gateway-id>'} --region ${region}`;
}

function createNatGatewayCli(region: string, publicSubnetId: string | null): string {
  return `aws ec2 create-nat-gateway --subnet-id ${publicSubnetId ?? '<public-subnet-id>'} --allocation-id <eip-allocation-id> --region ${region}`;
}

function enableVpcDnsCli(region: string, vpcId: string, attribute: 'support' | 'hostnames'): string {
  const flag = attribute === 'support' ? '--enable-dns-support' : '--enable-dns-hostnames';
  return `aws ec2 modify-vpc-attribute --vpc-id ${vpcId} ${flag} '{"Value":true}' --region ${region}`;
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
  return [
    'aws ec2 create-network-acl-entry',
    `--network-acl-id ${command.networkAclId}`,
    `--rule-number ${command.ruleNumber}`,
    command.egress ? '--egress' : '--ingress',
    '--protocol tcp',
    `--port-range From=${command.portFrom},To=${command.portTo}`,
    `--cidr-block ${command.cidr}`,
    '--rule-action allow',
    `--region ${command.region}`,
  ].join(' ');
}

const EXECUTION_ROLE_POLICY_ARN = 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy';

/** `arn:aws:iam::123:role/path/name` -> `name`. */
function roleNameFromArn(roleArn: string): string {
  return roleArn.split('/').at(-1) ?? roleArn;
}

function attachExecutionPolicyCli(roleName: string): string {
  return `aws iam attach-role-policy --role-name ${roleName} --policy-arn ${EXECUTION_ROLE_POLICY_ARN}`;
}

/** An inline policy granting `actions` on `resources` (for secrets, parameters and keys). */
function putRolePolicyCli(roleName: string, policyName: string, actions: string[], resources: string[]): string {
  const document = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: actions, Resource: resources }],
  });
  return `aws iam put-role-policy --role-name ${roleName} --policy-name ${policyName} --policy-document '${document}'`;
}

function registerTaskDefinitionCli(family: string): string {
  return `aws ecs register-task-definition --family ${family} --execution-role-arn <execution-role-arn> --cli-input-json file://task-definition.json`;
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
  return `aws ecs update-service --cluster ${command.cluster} --service ${command.service} --network-configuration 'awsvpcConfiguration={subnets=[${command.subnetIds.join(',')}],securityGroups=[${groups}],assignPublicIp=ENABLED}' --region ${command.region}`;
}

function putReplicationConfigurationCli(sourceRegion: string, targetRegion: string, accountId: string | null): string {
  const registry = accountId ?? '<account-id>';
  return `aws ecr put-replication-configuration --replication-configuration 'rules=[{destinations=[{region=${targetRegion},registryId=${registry}}]}]' --region ${sourceRegion}`;
}

export {
  EXECUTION_ROLE_POLICY_ARN,
  addRouteTablesCli,
  addSubnetsCli,
  attachExecutionPolicyCli,
  authorizeHttpsEgressCli,
  authorizeHttpsIngressCli,
  createGatewayEndpointCli,
  createInterfaceEndpointCli,
  createNaclAllowEntryCli,
  createNatGatewayCli,
  createNatRouteCli,
  deleteEndpointCli,
  describeEndpointCli,
  enablePrivateDnsCli,
  enableServicePublicIpCli,
  enableVpcDnsCli,
  putReplicationConfigurationCli,
  putRolePolicyCli,
  registerTaskDefinitionCli,
  replaceNatRouteCli,
  roleNameFromArn,
};
export type { InterfaceEndpointCommand, NaclEntryCommand, RulePeer, ServicePublicIpCommand };
