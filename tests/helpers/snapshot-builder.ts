/**
 * Builders for `Snapshot`, `StoppedTask` and `Classification` test data. Shared by the diagnosis,
 * planner and alert tests: keep it general.
 *
 * Starting points (region eu-west-1, account 123456789012, VPC vpc-0abc 10.0.0.0/16):
 * - `aSnapshot()` / `aSnapshot('healthy')`: a private VPC that works without internet. Two task
 *   subnets (subnet-0a 10.0.1.0/24 in eu-west-1a, subnet-0b 10.0.2.0/24 in eu-west-1b) on
 *   rtb-private (local route only), interface endpoints with private DNS for ecr.api, ecr.dkr,
 *   logs, secretsmanager, ssm (vpce-ecr-api, vpce-ecr-dkr, vpce-logs, vpce-secretsmanager,
 *   vpce-ssm, both subnets, group sg-endpoints which allows 443 from sg-task), the S3 gateway
 *   endpoint vpce-s3 on rtb-private, sg-task allowing all egress, the default NACL acl-default
 *   allowing everything, DNS on. Task definition: an ECR image of this region, awslogs and one
 *   Secrets Manager secret, execution role ecsTaskExecutionRole, all permissions allowed.
 * - `aSnapshot('empty')`: the same VPC, subnets, groups and task definition, but no endpoints
 *   and no NAT: every needed service is unreachable.
 *
 * Change it with chained methods, then call `build()` (returns a fresh deep copy):
 *   aSnapshot().withoutEndpoint('ecr.dkr').withNatGateway().build()
 *
 * `aStoppedTask()` and `aClassification(category)` build the other two inputs of `diagnose()`.
 */
import type { Category, Classification } from '../../shared/classify/classification.js';
import type { StoppedTask } from '../../shared/intake/request.js';
import type {
  EndpointService,
  ImageRef,
  NatGatewayFacts,
  NetworkAclEntryFacts,
  PermissionResult,
  SecretRef,
  SecurityGroupRuleFacts,
  Snapshot,
  TaskDefinitionFacts,
  VpcEndpointFacts,
} from '../../shared/model/snapshot.js';

const REGION = 'eu-west-1';
const ACCOUNT = '123456789012';
const VPC_ID = 'vpc-0abc';
const VPC_CIDR = '10.0.0.0/16';
const SUBNET_A = 'subnet-0a';
const SUBNET_B = 'subnet-0b';
const PUBLIC_SUBNET = 'subnet-0pub';
const ROUTE_TABLE = 'rtb-private';
const MAIN_ROUTE_TABLE = 'rtb-main';
const PUBLIC_ROUTE_TABLE = 'rtb-public';
const TASK_SG = 'sg-task';
const ENDPOINT_SG = 'sg-endpoints';
const NACL = 'acl-default';
const IGW = 'igw-0abc';
const NAT = 'nat-0abc';
const S3_PREFIX_LIST = 'pl-6da54004';
const EXECUTION_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`;
const TASK_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:task/prod/0123456789abcdef0`;
const CLUSTER_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/prod`;

const INTERFACE_SERVICES: EndpointService[] = ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'ssm'];

function endpointId(service: EndpointService): string {
  return `vpce-${service.replace('.', '-')}`;
}

function httpsRule(overrides: Partial<SecurityGroupRuleFacts> = {}): SecurityGroupRuleFacts {
  return { protocol: 'tcp', fromPort: 443, toPort: 443, cidrs: [], ipv6Cidrs: [], prefixListIds: [], groupIds: [], ...overrides };
}

function allTrafficRule(overrides: Partial<SecurityGroupRuleFacts> = {}): SecurityGroupRuleFacts {
  return {
    protocol: '-1',
    fromPort: null,
    toPort: null,
    cidrs: ['0.0.0.0/0'],
    ipv6Cidrs: [],
    prefixListIds: [],
    groupIds: [],
    ...overrides,
  };
}

function naclEntry(overrides: Partial<NetworkAclEntryFacts> = {}): NetworkAclEntryFacts {
  return {
    ruleNumber: 100,
    egress: false,
    protocol: '-1',
    action: 'allow',
    cidr: '0.0.0.0/0',
    ipv6Cidr: null,
    portFrom: null,
    portTo: null,
    ...overrides,
  };
}

function ecrImage(region = REGION, repository = 'app', container = 'web'): ImageRef {
  return {
    container,
    image: `${ACCOUNT}.dkr.ecr.${region}.amazonaws.com/${repository}:1.0`,
    registryKind: 'ecr',
    registryHost: `${ACCOUNT}.dkr.ecr.${region}.amazonaws.com`,
    ecrRegion: region,
    ecrAccountId: ACCOUNT,
    repository,
  };
}

function publicImage(image = 'nginx:1.27', container = 'proxy'): ImageRef {
  const [first] = image.split('/');
  const host = image.includes('/') && first?.includes('.') === true ? first : 'docker.io';
  return {
    container,
    image,
    registryKind: 'public',
    registryHost: host,
    ecrRegion: null,
    ecrAccountId: null,
    repository: image.split(':')[0] ?? image,
  };
}

function secretRef(source: 'secretsmanager' | 'ssm' = 'secretsmanager', region = REGION): SecretRef {
  const valueFrom =
    source === 'secretsmanager'
      ? `arn:aws:secretsmanager:${region}:${ACCOUNT}:secret:db-password-AbCdEf`
      : `arn:aws:ssm:${region}:${ACCOUNT}:parameter/app/db-host`;
  return { container: 'web', name: source === 'secretsmanager' ? 'DB_PASSWORD' : 'DB_HOST', valueFrom, source, region };
}

function interfaceEndpoint(service: EndpointService, overrides: Partial<VpcEndpointFacts> = {}): VpcEndpointFacts {
  return {
    vpcEndpointId: endpointId(service),
    vpcId: VPC_ID,
    serviceName: `com.amazonaws.${REGION}.${service}`,
    service,
    type: 'Interface',
    state: 'available',
    subnetIds: [SUBNET_A, SUBNET_B],
    routeTableIds: [],
    privateDnsEnabled: true,
    securityGroupIds: [ENDPOINT_SG],
    policyDocument: null,
    tags: {},
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

function s3GatewayEndpoint(overrides: Partial<VpcEndpointFacts> = {}): VpcEndpointFacts {
  return {
    ...interfaceEndpoint('s3'),
    type: 'Gateway',
    subnetIds: [],
    routeTableIds: [ROUTE_TABLE],
    privateDnsEnabled: false,
    securityGroupIds: [],
    ...overrides,
  };
}

function baseTaskDefinition(): TaskDefinitionFacts {
  return {
    arn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/web:7`,
    family: 'web',
    revision: 7,
    executionRoleArn: EXECUTION_ROLE_ARN,
    networkMode: 'awsvpc',
    images: [ecrImage()],
    awsLogs: [{ container: 'web', group: '/ecs/web', region: REGION }],
    secrets: [secretRef('secretsmanager')],
    environmentFiles: [],
    usesEfs: false,
  };
}

function healthySnapshot(): Snapshot {
  return {
    region: REGION,
    accountId: ACCOUNT,
    network: { subnetIds: [SUBNET_A, SUBNET_B], securityGroupIds: [TASK_SG], assignPublicIp: false, source: 'service' },
    service: {
      serviceName: 'web',
      serviceArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/prod/web`,
      status: 'ACTIVE',
      desiredCount: 2,
      runningCount: 0,
      tags: {},
    },
    taskDefinition: baseTaskDefinition(),
    vpc: {
      vpcId: VPC_ID,
      cidrBlocks: [VPC_CIDR],
      enableDnsSupport: true,
      enableDnsHostnames: true,
      dhcpOptionsId: 'dopt-0abc',
      domainNameServers: ['AmazonProvidedDNS'],
      tags: {},
    },
    subnets: [
      {
        subnetId: SUBNET_A,
        vpcId: VPC_ID,
        availabilityZone: `${REGION}a`,
        availabilityZoneId: 'euw1-az1',
        cidrBlock: '10.0.1.0/24',
        mapPublicIpOnLaunch: false,
        tags: {},
      },
      {
        subnetId: SUBNET_B,
        vpcId: VPC_ID,
        availabilityZone: `${REGION}b`,
        availabilityZoneId: 'euw1-az2',
        cidrBlock: '10.0.2.0/24',
        mapPublicIpOnLaunch: false,
        tags: {},
      },
    ],
    routeTables: [
      {
        routeTableId: ROUTE_TABLE,
        vpcId: VPC_ID,
        isMain: false,
        subnetIds: [SUBNET_A, SUBNET_B],
        routes: [
          { destinationCidr: VPC_CIDR, destinationPrefixListId: null, targetKind: 'local', targetId: 'local', state: 'active' },
          {
            destinationCidr: null,
            destinationPrefixListId: S3_PREFIX_LIST,
            targetKind: 'vpc-endpoint',
            targetId: 'vpce-s3',
            state: 'active',
          },
        ],
      },
      {
        routeTableId: MAIN_ROUTE_TABLE,
        vpcId: VPC_ID,
        isMain: true,
        subnetIds: [],
        routes: [
          { destinationCidr: VPC_CIDR, destinationPrefixListId: null, targetKind: 'local', targetId: 'local', state: 'active' },
        ],
      },
    ],
    natGateways: [],
    internetGateways: [],
    endpoints: [...INTERFACE_SERVICES.map((service) => interfaceEndpoint(service)), s3GatewayEndpoint()],
    securityGroups: [
      { groupId: TASK_SG, vpcId: VPC_ID, groupName: 'web-task', ingress: [], egress: [allTrafficRule()], tags: {} },
      {
        groupId: ENDPOINT_SG,
        vpcId: VPC_ID,
        groupName: 'vpc-endpoints',
        ingress: [httpsRule({ groupIds: [TASK_SG] })],
        egress: [allTrafficRule()],
        tags: {},
      },
    ],
    networkAcls: [
      {
        networkAclId: NACL,
        vpcId: VPC_ID,
        isDefault: true,
        subnetIds: [SUBNET_A, SUBNET_B],
        entries: [
          naclEntry({ ruleNumber: 100, egress: false }),
          naclEntry({ ruleNumber: 100, egress: true }),
          naclEntry({ ruleNumber: 32767, egress: false, action: 'deny' }),
          naclEntry({ ruleNumber: 32767, egress: true, action: 'deny' }),
        ],
      },
    ],
    s3PrefixListId: S3_PREFIX_LIST,
    permissions: {
      evaluated: true,
      roleArn: EXECUTION_ROLE_ARN,
      results: [
        { action: 'ecr:GetAuthorizationToken', resource: '*', decision: 'allowed' },
        { action: 'ecr:BatchGetImage', resource: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/app`, decision: 'allowed' },
        {
          action: 'logs:CreateLogStream',
          resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/ecs/web:*`,
          decision: 'allowed',
        },
        { action: 'secretsmanager:GetSecretValue', resource: secretRef().valueFrom, decision: 'allowed' },
      ],
      note: null,
    },
    privateZones: [],
    efsFileSystems: [],
    unknowns: [],
  };
}

type Starting = 'healthy' | 'empty';

/** Fluent builder over a private copy; every method returns the builder. */
class SnapshotBuilder {
  private readonly draft: Snapshot;

  public constructor(start: Starting) {
    this.draft = healthySnapshot();
    if (start === 'empty') {
      this.draft.endpoints = [];
      for (const table of this.draft.routeTables) table.routes = table.routes.filter((route) => route.targetKind === 'local');
    }
  }

  /** Removes every endpoint of the service (both types). */
  public withoutEndpoint(service: EndpointService): this {
    this.draft.endpoints = this.draft.endpoints.filter((endpoint) => endpoint.service !== service);
    if (service === 's3') {
      for (const table of this.draft.routeTables)
        table.routes = table.routes.filter((route) => route.destinationPrefixListId === null);
    }
    return this;
  }

  public withoutEndpoints(...services: EndpointService[]): this {
    for (const service of services) this.withoutEndpoint(service);
    return this;
  }

  /** Adds (or replaces) an endpoint: an interface one, or the S3 gateway for `s3`. */
  public withEndpoint(service: EndpointService, overrides: Partial<VpcEndpointFacts> = {}): this {
    const endpoint = service === 's3' ? s3GatewayEndpoint(overrides) : interfaceEndpoint(service, overrides);
    this.draft.endpoints = [...this.draft.endpoints.filter((known) => known.vpcEndpointId !== endpoint.vpcEndpointId), endpoint];
    return this;
  }

  /** Changes fields of the existing endpoint(s) of a service. */
  public withEndpointChanges(service: EndpointService, changes: Partial<VpcEndpointFacts>): this {
    this.draft.endpoints = this.draft.endpoints.map((endpoint) =>
      endpoint.service === service ? { ...endpoint, ...changes } : endpoint
    );
    return this;
  }

  /**
   * Adds a NAT gateway in a public subnet (with its own IGW route table) and routes 0.0.0.0/0 of
   * the task route table to it.
   */
  public withNatGateway(overrides: Partial<NatGatewayFacts> = {}, routeState: 'active' | 'blackhole' = 'active'): this {
    const nat: NatGatewayFacts = {
      natGatewayId: NAT,
      subnetId: PUBLIC_SUBNET,
      state: 'available',
      connectivityType: 'public',
      ...overrides,
    };
    this.draft.natGateways = [...this.draft.natGateways.filter((known) => known.natGatewayId !== nat.natGatewayId), nat];
    this.withInternetGatewayAttached();
    this.ensurePublicRouteTable();
    this.setDefaultRoute(ROUTE_TABLE, { targetKind: 'nat-gateway', targetId: nat.natGatewayId, state: routeState });
    return this;
  }

  /** The task route table's default route points at a NAT gateway that is gone (blackhole). */
  public withBlackholeNatRoute(natGatewayId = 'nat-0gone'): this {
    this.setDefaultRoute(ROUTE_TABLE, { targetKind: 'nat-gateway', targetId: natGatewayId, state: 'blackhole' });
    return this;
  }

  /** Makes the task subnets public: 0.0.0.0/0 -> IGW, with or without a task public IP. */
  public withPublicSubnets(assignPublicIp: boolean | null): this {
    this.withInternetGatewayAttached();
    this.setDefaultRoute(ROUTE_TABLE, { targetKind: 'internet-gateway', targetId: IGW, state: 'active' });
    this.draft.network.assignPublicIp = assignPublicIp;
    return this;
  }

  /** Adds any default route to the task route table (e.g. a transit gateway). */
  public withDefaultRoute(targetKind: Snapshot['routeTables'][number]['routes'][number]['targetKind'], targetId: string): this {
    this.setDefaultRoute(ROUTE_TABLE, { targetKind, targetId, state: 'active' });
    return this;
  }

  /** Moves the task subnets from rtb-private to the main table (no explicit association). */
  public withTaskSubnetsOnMainTable(): this {
    const table = this.draft.routeTables.find((candidate) => candidate.routeTableId === ROUTE_TABLE);
    if (table !== undefined) table.subnetIds = [];
    return this;
  }

  public withVpcDns(attributes: { support?: boolean | null; hostnames?: boolean | null }): this {
    if (this.draft.vpc === null) return this;
    if (attributes.support !== undefined) this.draft.vpc.enableDnsSupport = attributes.support;
    if (attributes.hostnames !== undefined) this.draft.vpc.enableDnsHostnames = attributes.hostnames;
    return this;
  }

  public withDnsServers(...servers: string[]): this {
    if (this.draft.vpc !== null) this.draft.vpc.domainNameServers = servers;
    return this;
  }

  /** Replaces the ingress and/or egress rules of a group (sg-task, sg-endpoints, ...). */
  public withSecurityGroupRules(
    groupId: string,
    rules: { ingress?: SecurityGroupRuleFacts[]; egress?: SecurityGroupRuleFacts[] }
  ): this {
    const group = this.draft.securityGroups.find((candidate) => candidate.groupId === groupId);
    if (group === undefined) throw new Error(`no security group ${groupId} in the snapshot`);
    if (rules.ingress !== undefined) group.ingress = rules.ingress;
    if (rules.egress !== undefined) group.egress = rules.egress;
    return this;
  }

  /** Standalone task: its security groups (and optionally public IP setting) are unknown. */
  public withUnknownSecurityGroups(): this {
    this.draft.network = { ...this.draft.network, securityGroupIds: null, assignPublicIp: null, source: 'event' };
    return this;
  }

  /** Replaces the entries of the task subnets' NACL. */
  public withNaclEntries(entries: NetworkAclEntryFacts[]): this {
    const acl = this.draft.networkAcls.find((candidate) => candidate.networkAclId === NACL);
    if (acl !== undefined) acl.entries = entries;
    return this;
  }

  /** Adds a separate NACL for the given subnets (e.g. an endpoint-only subnet). */
  public withExtraNacl(networkAclId: string, subnetIds: string[], entries: NetworkAclEntryFacts[]): this {
    for (const acl of this.draft.networkAcls) acl.subnetIds = acl.subnetIds.filter((id) => !subnetIds.includes(id));
    this.draft.networkAcls.push({ networkAclId, vpcId: VPC_ID, isDefault: false, subnetIds, entries });
    return this;
  }

  public withTaskDefinition(changes: Partial<TaskDefinitionFacts> | null): this {
    this.draft.taskDefinition = changes === null ? null : { ...baseTaskDefinition(), ...this.draft.taskDefinition, ...changes };
    return this;
  }

  public withImages(...images: ImageRef[]): this {
    return this.withTaskDefinition({ images });
  }

  public withPermissions(results: PermissionResult[], evaluated = true): this {
    this.draft.permissions = { ...this.draft.permissions, evaluated, results, note: evaluated ? null : 'not evaluated' };
    return this;
  }

  /** Keeps only the first task subnet (one AZ). */
  public withSingleSubnet(): this {
    this.draft.network.subnetIds = [SUBNET_A];
    this.draft.subnets = this.draft.subnets.filter((subnet) => subnet.subnetId === SUBNET_A);
    return this;
  }

  /**
   * Associates a private hosted zone with the VPC, as a shared-services VPC's centralised
   * endpoints do: `zoneName` with one A record for the same name, an alias (`alias: 'vpce-...'`)
   * or addresses (`addresses: ['10.50.1.10']`).
   */
  public withPrivateZone(
    zoneName: string,
    target: { alias?: string; addresses?: string[]; hostedZoneId?: string; recordName?: string | null }
  ): this {
    const hostedZoneId = target.hostedZoneId ?? `Z0${zoneName.split('.')[0]?.toUpperCase() ?? 'ZONE'}`;
    const recordName = target.recordName === undefined ? zoneName : target.recordName;
    this.draft.privateZones.push({
      hostedZoneId,
      zoneName,
      ownerAccount: '111122223333',
      records:
        recordName === null
          ? []
          : [{ name: recordName, type: 'A', values: target.addresses ?? [], aliasTarget: target.alias ?? null }],
    });
    return this;
  }

  /**
   * Gives the task an EFS volume on `fileSystemId` with mount targets in the given subnets
   * (subnet-0a -> eu-west-1a, subnet-0b -> eu-west-1b), guarded by `sg-efs` (NFS from sg-task).
   */
  public withEfs(
    fileSystemId: string,
    mountTargetSubnets: string[],
    efsIngress: SecurityGroupRuleFacts[] = [httpsRule({ fromPort: 2049, toPort: 2049, groupIds: [TASK_SG] })]
  ): this {
    this.withTaskDefinition({ usesEfs: true, efsFileSystemIds: [fileSystemId] });
    this.draft.efsFileSystems.push({
      fileSystemId,
      mountTargets: mountTargetSubnets.map((subnetId, index) => ({
        mountTargetId: `fsmt-${index}`,
        fileSystemId,
        subnetId,
        availabilityZone: this.draft.subnets.find((subnet) => subnet.subnetId === subnetId)?.availabilityZone ?? `${REGION}c`,
        ipAddress: `10.0.${index + 1}.200`,
        state: 'available',
        securityGroupIds: ['sg-efs'],
      })),
    });
    this.draft.securityGroups = [
      ...this.draft.securityGroups.filter((group) => group.groupId !== 'sg-efs'),
      { groupId: 'sg-efs', vpcId: VPC_ID, groupName: 'efs', ingress: efsIngress, egress: [allTrafficRule()], tags: {} },
    ];
    return this;
  }

  /** Adds a route to the task route table (e.g. the hub VPC's CIDR via a transit gateway). */
  public withRoute(
    destinationCidr: string,
    targetKind: Snapshot['routeTables'][number]['routes'][number]['targetKind'],
    targetId: string,
    state: 'active' | 'blackhole' = 'active'
  ): this {
    const table = this.draft.routeTables.find((candidate) => candidate.routeTableId === ROUTE_TABLE);
    table?.routes.push({ destinationCidr, destinationPrefixListId: null, targetKind, targetId, state });
    return this;
  }

  /** Any other change, on the draft itself. */
  public tap(change: (draft: Snapshot) => void): this {
    change(this.draft);
    return this;
  }

  public build(): Snapshot {
    return structuredClone(this.draft);
  }

  private withInternetGatewayAttached(): void {
    if (!this.draft.internetGateways.some((igw) => igw.internetGatewayId === IGW)) {
      this.draft.internetGateways.push({ internetGatewayId: IGW, attachedVpcIds: [VPC_ID] });
    }
  }

  private ensurePublicRouteTable(): void {
    if (this.draft.routeTables.some((table) => table.routeTableId === PUBLIC_ROUTE_TABLE)) return;
    this.draft.routeTables.push({
      routeTableId: PUBLIC_ROUTE_TABLE,
      vpcId: VPC_ID,
      isMain: false,
      subnetIds: [PUBLIC_SUBNET],
      routes: [
        { destinationCidr: VPC_CIDR, destinationPrefixListId: null, targetKind: 'local', targetId: 'local', state: 'active' },
        {
          destinationCidr: '0.0.0.0/0',
          destinationPrefixListId: null,
          targetKind: 'internet-gateway',
          targetId: IGW,
          state: 'active',
        },
      ],
    });
  }

  private setDefaultRoute(
    routeTableId: string,
    target: Pick<Snapshot['routeTables'][number]['routes'][number], 'targetKind' | 'targetId' | 'state'>
  ): void {
    const table = this.draft.routeTables.find((candidate) => candidate.routeTableId === routeTableId);
    if (table === undefined) return;
    table.routes = [
      ...table.routes.filter((route) => route.destinationCidr !== '0.0.0.0/0'),
      { destinationCidr: '0.0.0.0/0', destinationPrefixListId: null, ...target },
    ];
  }
}

function aSnapshot(start: Starting = 'healthy'): SnapshotBuilder {
  return new SnapshotBuilder(start);
}

/** A Fargate task of service `web` in cluster `prod` that stopped in subnet-0a. */
function aStoppedTask(overrides: Partial<StoppedTask> = {}): StoppedTask {
  return {
    region: REGION,
    accountId: ACCOUNT,
    clusterArn: CLUSTER_ARN,
    clusterName: 'prod',
    taskArn: TASK_ARN,
    taskId: '0123456789abcdef0',
    taskDefinitionArn: baseTaskDefinition().arn,
    group: 'service:web',
    serviceName: 'web',
    launchType: 'FARGATE',
    platformVersion: '1.4.0',
    availabilityZone: `${REGION}a`,
    subnetId: SUBNET_A,
    privateIp: '10.0.1.25',
    stopCode: 'TaskFailedToStart',
    stoppedReason: 'ResourceInitializationError: unable to pull secrets or registry auth',
    containerReasons: [],
    stoppedAt: '2026-01-01T00:00:00.000Z',
    eventId: 'event-1',
    ...overrides,
  };
}

const DEFAULT_SERVICE: Partial<Record<Category, string | null>> = {
  ecr_api_unreachable: 'ecr.api',
  ecr_dkr_unreachable: 'ecr.dkr',
  s3_layer_unreachable: 's3',
  secretsmanager_unreachable: 'secretsmanager',
  ssm_unreachable: 'ssm',
  logs_unreachable: 'logs',
  public_registry_unreachable: 'docker.io',
};

/** A classification of `category`; evidence says a public IP timed out unless overridden. */
function aClassification(
  category: Category,
  overrides: Partial<Omit<Classification, 'evidence'>> & { evidence?: Partial<Classification['evidence']> } = {}
): Classification {
  const { evidence, ...rest } = overrides;
  return {
    category,
    service: DEFAULT_SERVICE[category] ?? null,
    endpointFixable: [
      'ecr_api_unreachable',
      'ecr_dkr_unreachable',
      's3_layer_unreachable',
      'secretsmanager_unreachable',
      'ssm_unreachable',
      'logs_unreachable',
    ].includes(category),
    evidence: {
      patterns: [],
      family: 'ResourceInitializationError',
      hosts: [],
      ip: '52.94.1.1',
      ipScope: 'public',
      region: null,
      text: `${category} (test)`,
      ...evidence,
    },
    ...rest,
  };
}

const FIXTURE_IDS = {
  region: REGION,
  accountId: ACCOUNT,
  vpcId: VPC_ID,
  vpcCidr: VPC_CIDR,
  subnetA: SUBNET_A,
  subnetB: SUBNET_B,
  publicSubnet: PUBLIC_SUBNET,
  routeTable: ROUTE_TABLE,
  mainRouteTable: MAIN_ROUTE_TABLE,
  taskSecurityGroup: TASK_SG,
  endpointSecurityGroup: ENDPOINT_SG,
  networkAcl: NACL,
  internetGateway: IGW,
  natGateway: NAT,
  s3PrefixListId: S3_PREFIX_LIST,
  executionRoleArn: EXECUTION_ROLE_ARN,
  taskArn: TASK_ARN,
  endpointId,
} as const;

export {
  FIXTURE_IDS,
  SnapshotBuilder,
  aClassification,
  aSnapshot,
  aStoppedTask,
  allTrafficRule,
  ecrImage,
  httpsRule,
  interfaceEndpoint,
  naclEntry,
  publicImage,
  secretRef,
};
