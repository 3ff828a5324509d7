/**
 * One read-only picture of everything that decides whether a task can reach what it needs.
 * Gathered once per event by `gatherSnapshot` (the only part that calls AWS), then read by pure
 * checks. Plain data only: it serialises to JSON and tests build it by hand.
 */

/** Short names of the AWS services a task may need a path to. */
type EndpointService =
  | 'ecr.api'
  | 'ecr.dkr'
  | 's3'
  | 'logs'
  | 'secretsmanager'
  | 'ssm'
  | 'kms'
  | 'sts'
  | 'ecs'
  | 'ecs-agent'
  | 'ecs-telemetry'
  | 'elasticfilesystem';

interface ImageRef {
  container: string;
  image: string;
  /** `ecr` for `<acct>.dkr.ecr.<region>.amazonaws.com/...`, `public` for every other registry. */
  registryKind: 'ecr' | 'public';
  /** Registry host, `docker.io` for bare names such as `nginx:1.27`. */
  registryHost: string;
  /** For ECR images: the region and account of the registry. */
  ecrRegion: string | null;
  ecrAccountId: string | null;
  repository: string;
}

interface SecretRef {
  container: string;
  name: string;
  valueFrom: string;
  source: 'secretsmanager' | 'ssm';
  /** Region of the ARN, or the task's region for a bare parameter name. */
  region: string;
}

interface TaskDefinitionFacts {
  arn: string;
  family: string;
  revision: number | null;
  executionRoleArn: string | null;
  networkMode: string | null;
  images: ImageRef[];
  /** Containers that use the `awslogs` driver, and the log groups/regions they write to. */
  awsLogs: { container: string; group: string | null; region: string | null }[];
  secrets: SecretRef[];
  /** `environmentFiles[].value` (S3 object ARNs). */
  environmentFiles: string[];
  /** True when a volume uses EFS (needs the `elasticfilesystem` path, TCP 2049). */
  usesEfs: boolean;
  /** The file systems of the EFS volumes (`efsVolumeConfiguration.fileSystemId`). */
  efsFileSystemIds?: string[];
}

/**
 * Where the task's network settings came from, and what could not be known. `container-instance`:
 * a bridge/host-mode EC2 task has no ENI of its own, so its host instance's subnet, security
 * groups and public IP are the task's network.
 */
type NetworkSource = 'service' | 'event' | 'container-instance' | 'unknown';

interface TaskNetworkFacts {
  /** Subnets the task (or its service) can be placed in. The failed task's subnet comes first. */
  subnetIds: string[];
  /** null when they could not be known (a standalone task: only RunTask had them). */
  securityGroupIds: string[] | null;
  assignPublicIp: boolean | null;
  source: NetworkSource;
}

/** The network of the EC2 instance behind a container instance (DescribeInstances). */
interface Ec2InstanceFacts {
  instanceId: string;
  /** `running`, `stopped`, `terminated`, ... */
  state: string | null;
  vpcId: string | null;
  subnetId: string | null;
  availabilityZone: string | null;
  /** The groups of the primary network interface (the host's traffic leaves through it). */
  securityGroupIds: string[];
  privateIp: string | null;
  publicIp: string | null;
}

/**
 * The host of an EC2 task: the container instance (DescribeContainerInstances) and its EC2
 * instance. The ECS agent on it needs the `ecs`, `ecs-agent` and `ecs-telemetry` endpoints (or
 * egress), whatever the task's network mode.
 */
interface ContainerInstanceFacts {
  containerInstanceArn: string;
  /** null for an EXTERNAL (ECS Anywhere) instance or one ECS no longer knows. */
  ec2InstanceId: string | null;
  /** Whether the agent was connected to ECS when described; null when unknown. */
  agentConnected: boolean | null;
  /** `ACTIVE`, `DRAINING`, `DEREGISTERING`, ...; null when unknown. */
  status: string | null;
  /** null when the EC2 instance could not be described (terminated, or not EC2). */
  instance: Ec2InstanceFacts | null;
  /** The instance's subnet, when it is in the inspected VPC and could be described. */
  subnet: SubnetFacts | null;
}

interface SubnetFacts {
  subnetId: string;
  vpcId: string;
  availabilityZone: string;
  availabilityZoneId: string | null;
  cidrBlock: string;
  mapPublicIpOnLaunch: boolean;
  /** Free addresses (`AvailableIpAddressCount`); each task and each endpoint takes one. */
  availableIpAddressCount?: number | null;
  tags: Record<string, string>;
}

type RouteTargetKind =
  | 'local'
  | 'internet-gateway'
  | 'egress-only-internet-gateway'
  | 'nat-gateway'
  | 'vpc-endpoint'
  | 'transit-gateway'
  | 'peering'
  | 'network-interface'
  | 'instance'
  | 'virtual-private-gateway'
  | 'other';

interface RouteFacts {
  destinationCidr: string | null;
  destinationPrefixListId: string | null;
  targetKind: RouteTargetKind;
  targetId: string | null;
  /** `blackhole` when the target (e.g. a NAT gateway) no longer exists. */
  state: 'active' | 'blackhole';
}

interface RouteTableFacts {
  routeTableId: string;
  vpcId: string;
  isMain: boolean;
  /** Subnets explicitly associated. Subnets without an explicit association use the main table. */
  subnetIds: string[];
  routes: RouteFacts[];
}

interface NatGatewayFacts {
  natGatewayId: string;
  subnetId: string;
  state: 'pending' | 'available' | 'failed' | 'deleting' | 'deleted';
  connectivityType: 'public' | 'private';
}

interface InternetGatewayFacts {
  internetGatewayId: string;
  attachedVpcIds: string[];
}

interface EndpointServiceZones {
  /** As DescribeVpcEndpointServices returns it, e.g. `cn.com.amazonaws.cn-north-1.ecr.api`. */
  serviceName: string;
  availabilityZones: string[];
}

interface VpcEndpointFacts {
  vpcEndpointId: string;
  vpcId: string;
  /** Full service name, e.g. `com.amazonaws.eu-west-1.ecr.dkr`. */
  serviceName: string;
  /** Short name when it is one of ours to reason about, else null. */
  service: EndpointService | null;
  type: 'Interface' | 'Gateway' | 'GatewayLoadBalancer' | 'Other';
  /** `available`, `pending`, `pendingAcceptance`, `failed`, `rejected`, `deleting`, ... */
  state: string;
  subnetIds: string[];
  routeTableIds: string[];
  privateDnsEnabled: boolean;
  securityGroupIds: string[];
  /** The endpoint policy document, when not the default full-access one. */
  policyDocument: string | null;
  /**
   * S3 interface endpoints: `DnsOptions.PrivateDnsOnlyForInboundResolverEndpoint`. When true,
   * private DNS answers only queries from an inbound Resolver endpoint and the VPC's own traffic
   * keeps using the gateway endpoint; when false, VPC traffic to S3 goes through this endpoint.
   */
  privateDnsOnlyForInboundResolverEndpoint?: boolean | null;
  tags: Record<string, string>;
  createdAt: string | null;
}

interface SecurityGroupRuleFacts {
  /** `-1` for all traffic, else `tcp`, `udp`, `icmp` or a number. */
  protocol: string;
  fromPort: number | null;
  toPort: number | null;
  cidrs: string[];
  ipv6Cidrs: string[];
  prefixListIds: string[];
  groupIds: string[];
}

interface SecurityGroupFacts {
  groupId: string;
  vpcId: string;
  groupName: string;
  ingress: SecurityGroupRuleFacts[];
  egress: SecurityGroupRuleFacts[];
  tags: Record<string, string>;
}

interface NetworkAclEntryFacts {
  ruleNumber: number;
  egress: boolean;
  /** `-1` for all, `6` for TCP, ... (as EC2 returns it). */
  protocol: string;
  action: 'allow' | 'deny';
  cidr: string | null;
  ipv6Cidr: string | null;
  portFrom: number | null;
  portTo: number | null;
}

interface NetworkAclFacts {
  networkAclId: string;
  vpcId: string;
  isDefault: boolean;
  subnetIds: string[];
  entries: NetworkAclEntryFacts[];
}

interface VpcFacts {
  vpcId: string;
  cidrBlocks: string[];
  enableDnsSupport: boolean | null;
  enableDnsHostnames: boolean | null;
  dhcpOptionsId: string | null;
  /** From the DHCP options: `AmazonProvidedDNS` or custom server addresses. */
  domainNameServers: string[];
  tags: Record<string, string>;
}

/** `missingContext`: the answer depends on context keys the simulation did not have. */
type PermissionDecision = 'allowed' | 'implicitDeny' | 'explicitDeny' | 'missingContext';

interface PermissionResult {
  action: string;
  resource: string;
  decision: PermissionDecision;
  /** The simulator's `MissingContextValues` when the decision needs them (e.g. `aws:SourceVpce`). */
  missingContextKeys?: string[];
}

interface PermissionFacts {
  /** False when the check could not run (no role, not allowed, or not supported: moto). */
  evaluated: boolean;
  roleArn: string | null;
  results: PermissionResult[];
  /** Why it was not evaluated, when it was not. */
  note: string | null;
}

/** One record of a Route 53 private hosted zone associated with the task's VPC. */
interface PrivateZoneRecordFacts {
  /** Lower case, without the trailing dot; `\052` (Route 53's `*`) turned back into `*`. */
  name: string;
  type: string;
  /** `ResourceRecords` values (addresses for A records). */
  values: string[];
  /** Alias target DNS name (e.g. a hub endpoint's `vpce-...vpce.amazonaws.com`), else null. */
  aliasTarget: string | null;
}

/**
 * A private hosted zone associated with the VPC whose name covers an AWS service's DNS name: the
 * shape of centralised ("hub") interface endpoints shared over a transit gateway or peering.
 */
interface PrivateZoneFacts {
  hostedZoneId: string;
  /** Lower case, without the trailing dot, e.g. `api.ecr.eu-west-1.amazonaws.com`. */
  zoneName: string;
  ownerAccount: string | null;
  records: PrivateZoneRecordFacts[];
}

interface EfsMountTargetFacts {
  mountTargetId: string;
  fileSystemId: string;
  subnetId: string;
  availabilityZone: string;
  ipAddress: string | null;
  /** `available`, `creating`, ... */
  state: string;
  /** null when they could not be read. */
  securityGroupIds: string[] | null;
}

interface EfsFileSystemFacts {
  fileSystemId: string;
  /** Mount targets in the task's VPC. */
  mountTargets: EfsMountTargetFacts[];
}

interface ServiceFacts {
  serviceName: string;
  serviceArn: string | null;
  status: string | null;
  desiredCount: number | null;
  runningCount: number | null;
  tags: Record<string, string>;
}

interface Snapshot {
  region: string;
  accountId: string | null;
  network: TaskNetworkFacts;
  service: ServiceFacts | null;
  taskDefinition: TaskDefinitionFacts | null;
  vpc: VpcFacts | null;
  /** Every subnet the task (or its service) uses, in the order of `network.subnetIds`. */
  subnets: SubnetFacts[];
  /** The route tables that apply to those subnets (explicit or main), and the main table. */
  routeTables: RouteTableFacts[];
  natGateways: NatGatewayFacts[];
  internetGateways: InternetGatewayFacts[];
  /** Every VPC endpoint of the VPC, in any state. */
  endpoints: VpcEndpointFacts[];
  /** The task's and the endpoints' security groups. */
  securityGroups: SecurityGroupFacts[];
  networkAcls: NetworkAclFacts[];
  /** The `com.amazonaws.<region>.s3` prefix list id, when known. */
  s3PrefixListId: string | null;
  permissions: PermissionFacts;
  /**
   * Route 53 private hosted zones of the VPC that serve a needed AWS service name. Read only
   * when a needed interface service has no endpoint with private DNS in the VPC; else empty.
   */
  privateZones: PrivateZoneFacts[];
  /** The task definition's EFS file systems and their mount targets (empty without EFS volumes). */
  efsFileSystems: EfsFileSystemFacts[];
  /**
   * The AZs AWS offers each service's endpoint in (DescribeVpcEndpointServices), read only when a
   * needed endpoint misses a task AZ; a service absent here is not known (no filtering).
   */
  endpointServiceZones?: EndpointServiceZones[];
  /** The host of an EC2 task (absent for Fargate and when the event names no container instance). */
  containerInstance?: ContainerInstanceFacts | null;
  /** Facts that could not be known, in plain words (shown in the report). */
  unknowns: string[];
}

/** The task's VPC: from DescribeVpcs, else from its subnets; null when neither could be read. */
function vpcIdOf(snapshot: Pick<Snapshot, 'vpc' | 'subnets'>): string | null {
  return snapshot.vpc?.vpcId ?? snapshot.subnets[0]?.vpcId ?? null;
}

/**
 * The task's subnets that lie in the inspected VPC. A subnet of another VPC (a forged or stale
 * event) never takes part in a plan: no endpoint is placed in it and no route table is chosen for it.
 */
function subnetsInVpc(snapshot: Pick<Snapshot, 'vpc' | 'subnets'>): SubnetFacts[] {
  const vpcId = vpcIdOf(snapshot);
  return vpcId === null ? [] : snapshot.subnets.filter((subnet) => subnet.vpcId === vpcId);
}

export { subnetsInVpc, vpcIdOf };
export type {
  ContainerInstanceFacts,
  Ec2InstanceFacts,
  EfsFileSystemFacts,
  EfsMountTargetFacts,
  EndpointService,
  ImageRef,
  InternetGatewayFacts,
  NatGatewayFacts,
  NetworkAclEntryFacts,
  NetworkAclFacts,
  PermissionDecision,
  PermissionFacts,
  PermissionResult,
  PrivateZoneFacts,
  PrivateZoneRecordFacts,
  RouteFacts,
  RouteTableFacts,
  RouteTargetKind,
  SecretRef,
  SecurityGroupFacts,
  SecurityGroupRuleFacts,
  ServiceFacts,
  Snapshot,
  SubnetFacts,
  TaskDefinitionFacts,
  TaskNetworkFacts,
  VpcEndpointFacts,
  VpcFacts,
};
