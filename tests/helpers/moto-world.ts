/**
 * Builds a realistic "ECS task in a private subnet" world in moto from a declarative spec, and a
 * ready "ECS Task State Change" event for a task that failed to start in it.
 *
 * Used by the inspection and Lambda integration tests, the demo and the benchmark:
 *
 *   const clients = motoClients();
 *   const world = await buildWorld(clients, { azs: 2, interfaceEndpoints: { services: ['ecr.api'] } });
 *   await handler(world.event);   // or parseRequest(world.event, ...) -> gatherSnapshot(...)
 *
 * Every name is unique per call (moto is shared and never reset), so worlds never see each other
 * as long as readers filter by `world.vpcId`. The task is a real moto RunTask + StopTask(reason);
 * the event adds what moto lacks (stopCode, stoppedAt, container reasons). moto quirks handled
 * here: DNS hostnames must be on at RunTask time (turned off afterwards when the spec asks),
 * containers need `memory`, RunTask always gets security groups and FARGATE, gateway endpoints
 * are created with their full route table list, services launch no tasks (the task is started
 * with `group: service:<name>` instead).
 */
import { randomUUID } from 'node:crypto';
import {
  AllocateAddressCommand,
  AssociateDhcpOptionsCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateDhcpOptionsCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateNetworkAclCommand,
  CreateNetworkAclEntryCommand,
  CreateNetworkInterfaceCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTransitGatewayCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DescribeNetworkAclsCommand,
  DescribeRouteTablesCommand,
  ModifySubnetAttributeCommand,
  ModifyVpcAttributeCommand,
  ReplaceNetworkAclAssociationCommand,
  RevokeSecurityGroupEgressCommand,
  type Tag,
} from '@aws-sdk/client-ec2';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  type KeyValuePair,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  type Task,
} from '@aws-sdk/client-ecs';
import { CreateFileSystemCommand, CreateMountTargetCommand } from '@aws-sdk/client-efs';
import { AttachRolePolicyCommand, CreateRoleCommand } from '@aws-sdk/client-iam';
import { ChangeResourceRecordSetsCommand, CreateHostedZoneCommand } from '@aws-sdk/client-route-53';
import type { AwsClients } from '../../shared/aws/clients.js';
import { toStoppedTask } from '../../shared/aws/ecs-facts.js';
import type { StoppedTask } from '../../shared/intake/request.js';
import type { EcsTaskStateChangeEvent } from '../../shared/intake/ecs-task-event.js';
import type { EndpointService } from '../../shared/model/snapshot.js';
import { uniqueName } from './moto.js';

/** The default stop reason: Fargate 1.4 could not reach ecr.api for the registry auth token. */
const ECR_AUTH_TIMEOUT_REASON =
  'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): RequestError: send request failed caused by: Post "https://api.ecr.eu-west-1.amazonaws.com/": dial tcp 52.94.9.44:443: i/o timeout';

type ImageChoice =
  /** `<account>.dkr.ecr.<region>.amazonaws.com/<name>:latest` in the world's region. */
  | 'ecr'
  /** The same account's ECR in another region (needs NAT: endpoints are regional). */
  | 'ecr-other-region'
  /** `nginx:1.27` from Docker Hub (needs NAT). */
  | 'docker-hub';

interface InterfaceEndpointSpec {
  services: EndpointService[];
  /** Indexes into the private subnets; default every private subnet. */
  subnetIndexes?: number[];
  /** Default true. */
  privateDns?: boolean;
}

interface WorldSpec {
  /** Default eu-west-1. */
  region?: string;
  /** Prefix of every name and Name tag; made unique per call. */
  name?: string;
  /** Number of private subnets, one per AZ (a, b, c, ...). Default 2. */
  azs?: number;
  /** Private subnet indexes made a /28 and filled with ENIs: `AvailableIpAddressCount` 0 (issue 17). */
  fullSubnetIndexes?: number[];
  /**
   * `shared`: one private route table for every private subnet (default); `per-subnet`: one each;
   * `main`: no explicit association, the subnets use the VPC's main table.
   */
  privateRouteTables?: 'shared' | 'per-subnet' | 'main';
  /** A public subnet (first AZ) with an internet gateway; `nat: true` adds a NAT gateway there and 0.0.0.0/0 routes to it from the private tables. */
  publicSubnet?: { nat?: boolean };
  interfaceEndpoints?: InterfaceEndpointSpec;
  /** An S3 gateway endpoint on the private tables, or on an `other` table no task subnet uses; `policy` is its endpoint policy. */
  s3Gateway?: { on: 'private' | 'other'; policy?: string };
  /** Endpoint policies of the interface endpoints, by service. */
  interfaceEndpointPolicies?: Partial<Record<EndpointService, string>>;
  /**
   * Centralised endpoints: Route 53 private hosted zones associated with the VPC, one per service,
   * whose A record points at `addresses` (the hub endpoint's, outside the VPC). `transitGatewayRoute`
   * adds a route for `hubCidr` to a (made-up) transit gateway id on the private tables.
   */
  sharedEndpoints?: {
    services: ('ecr.api' | 'ecr.dkr' | 'logs')[];
    addresses: string[];
    hubCidr?: string;
    transitGatewayRoute?: boolean;
  };
  /** An EFS file system for the task's volume, with mount targets in these private subnet indexes; `nfsFromTask` (default true) lets TCP 2049 in from the task SG. */
  efs?: { mountTargetSubnetIndexes: number[]; nfsFromTask?: boolean };
  /** Egress of the task SG: `all` (AWS default), `https-to-vpc` (TCP 443 to the VPC CIDR only), `none`. */
  taskEgress?: 'all' | 'https-to-vpc' | 'none';
  /** Ingress of the endpoint SG: TCP 443 from the task SG (default) or nothing. */
  endpointIngress?: 'https-from-task' | 'none';
  /** A custom NACL on the private subnets whose first egress rule denies TCP 443. */
  naclDenyHttps?: boolean;
  /** VPC DNS attributes after the task ran (RunTask needs hostnames on). Default both true. */
  dns?: { support?: boolean; hostnames?: boolean };
  /** Custom DHCP options with these DNS servers instead of AmazonProvidedDNS. */
  dhcpDnsServers?: string[];
  taskDefinition?: {
    /** Default `ecr`; any other string is used as the image as is. */
    image?: ImageChoice | (string & {});
    /** The other region for `ecr-other-region`; default us-east-1 (or eu-west-1 when the world is there). */
    otherRegion?: string;
    /** An awslogs log configuration. Default true. */
    awslogs?: boolean;
    /** Secrets as ARNs of Secrets Manager / SSM, or a bare SSM parameter name. */
    secrets?: ('secretsmanager' | 'ssm' | 'ssm-name')[];
    environmentFiles?: string[];
    /** Create an execution role with AmazonECSTaskExecutionRolePolicy. Default true. */
    executionRole?: boolean;
  };
  /** `service` (default): CreateService + a task in group `service:<name>`; `standalone`: RunTask only. */
  launch?: 'service' | 'standalone';
  /** Run the task in this private subnet index (default 0), or in the public subnet. */
  taskSubnet?: number | 'public';
  assignPublicIp?: boolean;
  tags?: { vpc?: Record<string, string>; service?: Record<string, string> };
  /** What the event says. Default: the ecr.api auth timeout above, on every container. */
  stop?: { stoppedReason?: string; containerReason?: string; stopCode?: string };
}

interface World {
  region: string;
  accountId: string;
  name: string;
  vpcId: string;
  vpcCidr: string;
  availabilityZones: string[];
  privateSubnetIds: string[];
  publicSubnetId: string | null;
  mainRouteTableId: string;
  /** The tables the private subnets use (the main table for `privateRouteTables: 'main'`). */
  privateRouteTableIds: string[];
  publicRouteTableId: string | null;
  /** The unassociated table of `s3Gateway: { on: 'other' }`. */
  otherRouteTableId: string | null;
  internetGatewayId: string | null;
  natGatewayId: string | null;
  taskSecurityGroupId: string;
  endpointSecurityGroupId: string | null;
  interfaceEndpointIds: Partial<Record<EndpointService, string>>;
  s3GatewayEndpointId: string | null;
  networkAclId: string | null;
  dhcpOptionsId: string | null;
  clusterName: string;
  clusterArn: string;
  serviceName: string | null;
  taskDefinitionArn: string;
  executionRoleArn: string | null;
  image: string;
  taskArn: string;
  taskSubnetId: string;
  /** A ready EventBridge event for the stopped task. `structuredClone` it before changing it. */
  event: EcsTaskStateChangeEvent;
  /** The StoppedTask the intake makes of `event` (for tests that start after the intake). */
  task: StoppedTask;
  /** Private hosted zone id per service of `sharedEndpoints`. */
  sharedZoneIds: Partial<Record<EndpointService, string>>;
  efsFileSystemId: string | null;
  efsSecurityGroupId: string | null;
}

const VPC_CIDR = '10.0.0.0/16';

function toTags(name: string, extra: Record<string, string> = {}): Tag[] {
  return [{ Key: 'Name', Value: name }, ...Object.entries(extra).map(([Key, Value]) => ({ Key, Value }))];
}

function required<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`moto returned no ${what}`);
  return value;
}

function imageFor(choice: string, accountId: string, region: string, otherRegion: string, name: string): string {
  if (choice === 'ecr') return `${accountId}.dkr.ecr.${region}.amazonaws.com/${name}:latest`;
  if (choice === 'ecr-other-region') return `${accountId}.dkr.ecr.${otherRegion}.amazonaws.com/${name}:latest`;
  if (choice === 'docker-hub') return 'nginx:1.27';
  return choice;
}

function secretFor(kind: 'secretsmanager' | 'ssm' | 'ssm-name', accountId: string, region: string, name: string) {
  if (kind === 'secretsmanager') {
    return { name: 'DB_PASSWORD', valueFrom: `arn:aws:secretsmanager:${region}:${accountId}:secret:${name}/db-AbCdEf` };
  }
  if (kind === 'ssm') {
    return { name: 'API_KEY', valueFrom: `arn:aws:ssm:${region}:${accountId}:parameter/${name}/api-key` };
  }
  return { name: 'FEATURE_FLAGS', valueFrom: `/${name}/feature-flags` };
}

/** The event ECS would send for this task, with what moto leaves out filled in. */
function stoppedTaskEvent(
  task: Task,
  spec: WorldSpec,
  facts: { region: string; accountId: string; availabilityZone: string; subnetId: string }
): EcsTaskStateChangeEvent {
  const stoppedReason = spec.stop?.stoppedReason ?? ECR_AUTH_TIMEOUT_REASON;
  const containerReason = spec.stop?.containerReason ?? stoppedReason;
  const now = new Date().toISOString();
  const taskArn = required(task.taskArn, 'task ARN');
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'ECS Task State Change',
    source: 'aws.ecs',
    account: facts.accountId,
    time: now,
    region: facts.region,
    resources: [taskArn],
    detail: {
      clusterArn: task.clusterArn,
      taskArn,
      taskDefinitionArn: task.taskDefinitionArn,
      group: task.group,
      startedBy: task.startedBy,
      lastStatus: 'STOPPED',
      desiredStatus: 'STOPPED',
      stopCode: spec.stop?.stopCode ?? 'TaskFailedToStart',
      stoppedReason,
      stoppingAt: now,
      stoppedAt: now,
      createdAt: now,
      launchType: 'FARGATE',
      platformVersion: '1.4.0',
      availabilityZone: facts.availabilityZone,
      attachments: (task.attachments ?? []).map((attachment) => ({
        id: attachment.id,
        type: 'eni',
        status: 'DELETED',
        details: [
          ...(attachment.details ?? [])
            .filter((detail) => detail.name !== 'subnetId')
            .map((detail) => ({ name: detail.name, value: detail.value })),
          { name: 'subnetId', value: facts.subnetId },
        ],
      })),
      containers: (task.containers ?? []).map((container) => ({
        name: container.name,
        image: container.image,
        lastStatus: 'STOPPED',
        reason: containerReason,
        containerArn: container.containerArn,
      })),
      version: 3,
    },
  };
}

/** What the intake makes of the event: moto's task plus the event's stop facts. */
function stoppedTaskOf(task: Task, event: EcsTaskStateChangeEvent): StoppedTask {
  const detail = event.detail;
  return {
    ...toStoppedTask(task, event.region ?? ''),
    launchType: 'FARGATE',
    platformVersion: detail.platformVersion ?? null,
    availabilityZone: detail.availabilityZone ?? null,
    subnetId: detail.attachments?.[0]?.details?.find((item) => item.name === 'subnetId')?.value ?? null,
    stopCode: detail.stopCode ?? null,
    stoppedReason: detail.stoppedReason ?? null,
    containerReasons: (detail.containers ?? []).map((container) => ({
      container: container.name ?? '',
      reason: container.reason ?? '',
    })),
    stoppedAt: detail.stoppedAt ?? null,
    eventId: event.id ?? null,
  };
}

async function buildWorld(clients: AwsClients, spec: WorldSpec = {}): Promise<World> {
  const { ec2, ecs, iam } = clients;
  const region = spec.region ?? clients.region;
  const name = uniqueName(spec.name ?? 'netfix');
  const azCount = spec.azs ?? 2;
  const availabilityZones = Array.from({ length: azCount }, (_, index) => `${region}${'abcdef'[index]}`);

  // VPC. DNS hostnames must be on before an awsvpc RunTask (moto 500s otherwise).
  const vpc = await ec2.send(
    new CreateVpcCommand({
      CidrBlock: VPC_CIDR,
      TagSpecifications: [{ ResourceType: 'vpc', Tags: toTags(name, spec.tags?.vpc) }],
    })
  );
  const vpcId = required(vpc.Vpc?.VpcId, 'VPC id');
  await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsSupport: { Value: true } }));
  await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));

  const privateSubnetIds: string[] = [];
  for (const [index, az] of availabilityZones.entries()) {
    const subnet = await ec2.send(
      new CreateSubnetCommand({
        VpcId: vpcId,
        CidrBlock: `10.0.${index + 1}.0/${spec.fullSubnetIndexes?.includes(index) ? 28 : 24}`,
        AvailabilityZone: az,
        TagSpecifications: [{ ResourceType: 'subnet', Tags: toTags(`${name}-private-${az}`) }],
      })
    );
    const subnetId = required(subnet.Subnet?.SubnetId, 'subnet id');
    privateSubnetIds.push(subnetId);
    // A /28 has 11 usable addresses; moto counts each ENI's (it never refuses a 12th, AWS does).
    if (spec.fullSubnetIndexes?.includes(index)) {
      for (let taken = 0; taken < 11; taken += 1) await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId }));
    }
  }

  const mainTables = await ec2.send(
    new DescribeRouteTablesCommand({
      Filters: [
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: 'association.main', Values: ['true'] },
      ],
    })
  );
  const mainRouteTableId = required(mainTables.RouteTables?.[0]?.RouteTableId, 'main route table');

  const createTable = async (tableName: string): Promise<string> => {
    const table = await ec2.send(
      new CreateRouteTableCommand({
        VpcId: vpcId,
        TagSpecifications: [{ ResourceType: 'route-table', Tags: toTags(tableName) }],
      })
    );
    return required(table.RouteTable?.RouteTableId, 'route table id');
  };

  // Private route tables.
  const layout = spec.privateRouteTables ?? 'shared';
  let privateRouteTableIds: string[];
  if (layout === 'main') {
    privateRouteTableIds = [mainRouteTableId];
  } else if (layout === 'shared') {
    const tableId = await createTable(`${name}-private`);
    for (const subnetId of privateSubnetIds) {
      await ec2.send(new AssociateRouteTableCommand({ RouteTableId: tableId, SubnetId: subnetId }));
    }
    privateRouteTableIds = [tableId];
  } else {
    privateRouteTableIds = [];
    for (const [index, subnetId] of privateSubnetIds.entries()) {
      const tableId = await createTable(`${name}-private-${availabilityZones[index]}`);
      await ec2.send(new AssociateRouteTableCommand({ RouteTableId: tableId, SubnetId: subnetId }));
      privateRouteTableIds.push(tableId);
    }
  }

  // Public subnet, internet gateway, NAT gateway.
  let publicSubnetId: string | null = null;
  let publicRouteTableId: string | null = null;
  let internetGatewayId: string | null = null;
  let natGatewayId: string | null = null;
  if (spec.publicSubnet) {
    const subnet = await ec2.send(
      new CreateSubnetCommand({
        VpcId: vpcId,
        CidrBlock: '10.0.100.0/24',
        AvailabilityZone: availabilityZones[0],
        TagSpecifications: [{ ResourceType: 'subnet', Tags: toTags(`${name}-public`) }],
      })
    );
    publicSubnetId = required(subnet.Subnet?.SubnetId, 'public subnet id');
    await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: publicSubnetId, MapPublicIpOnLaunch: { Value: true } }));
    const igw = await ec2.send(
      new CreateInternetGatewayCommand({
        TagSpecifications: [{ ResourceType: 'internet-gateway', Tags: toTags(`${name}-igw`) }],
      })
    );
    internetGatewayId = required(igw.InternetGateway?.InternetGatewayId, 'internet gateway id');
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: internetGatewayId, VpcId: vpcId }));
    publicRouteTableId = await createTable(`${name}-public`);
    await ec2.send(
      new CreateRouteCommand({
        RouteTableId: publicRouteTableId,
        DestinationCidrBlock: '0.0.0.0/0',
        GatewayId: internetGatewayId,
      })
    );
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: publicRouteTableId, SubnetId: publicSubnetId }));
    if (spec.publicSubnet.nat) {
      const address = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
      const nat = await ec2.send(
        new CreateNatGatewayCommand({
          SubnetId: publicSubnetId,
          AllocationId: address.AllocationId,
          TagSpecifications: [{ ResourceType: 'natgateway', Tags: toTags(`${name}-nat`) }],
        })
      );
      natGatewayId = required(nat.NatGateway?.NatGatewayId, 'NAT gateway id');
      for (const tableId of privateRouteTableIds) {
        await ec2.send(
          new CreateRouteCommand({ RouteTableId: tableId, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: natGatewayId })
        );
      }
    }
  }

  // Security groups. AWS (and moto) give a new group one egress rule: all traffic to 0.0.0.0/0.
  const taskGroup = await ec2.send(
    new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: `${name}-task`, Description: 'ecs-netfix test task' })
  );
  const taskSecurityGroupId = required(taskGroup.GroupId, 'task SG id');
  const taskEgress = spec.taskEgress ?? 'all';
  if (taskEgress !== 'all') {
    await ec2.send(
      new RevokeSecurityGroupEgressCommand({
        GroupId: taskSecurityGroupId,
        IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      })
    );
  }
  if (taskEgress === 'https-to-vpc') {
    await ec2.send(
      new AuthorizeSecurityGroupEgressCommand({
        GroupId: taskSecurityGroupId,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: VPC_CIDR }] }],
      })
    );
  }

  // Interface endpoints and their security group.
  let endpointSecurityGroupId: string | null = null;
  const interfaceEndpointIds: Partial<Record<EndpointService, string>> = {};
  if (spec.interfaceEndpoints && spec.interfaceEndpoints.services.length > 0) {
    const group = await ec2.send(
      new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: `${name}-endpoints`, Description: 'endpoints' })
    );
    endpointSecurityGroupId = required(group.GroupId, 'endpoint SG id');
    if ((spec.endpointIngress ?? 'https-from-task') === 'https-from-task') {
      await ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: endpointSecurityGroupId,
          IpPermissions: [
            { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: taskSecurityGroupId }] },
          ],
        })
      );
    }
    const subnetIds = (spec.interfaceEndpoints.subnetIndexes ?? privateSubnetIds.map((_, index) => index)).map((index) =>
      required(privateSubnetIds[index], `private subnet #${index}`)
    );
    for (const service of spec.interfaceEndpoints.services) {
      const endpoint = await ec2.send(
        new CreateVpcEndpointCommand({
          VpcId: vpcId,
          VpcEndpointType: 'Interface',
          ServiceName: `com.amazonaws.${region}.${service}`,
          SubnetIds: subnetIds,
          SecurityGroupIds: [endpointSecurityGroupId],
          PrivateDnsEnabled: spec.interfaceEndpoints.privateDns ?? true,
          ...(spec.interfaceEndpointPolicies?.[service] ? { PolicyDocument: spec.interfaceEndpointPolicies[service] } : {}),
        })
      );
      interfaceEndpointIds[service] = required(endpoint.VpcEndpoint?.VpcEndpointId, `${service} endpoint id`);
    }
  }

  // S3 gateway endpoint: created once with its full table list (moto's Modify adds no routes).
  let s3GatewayEndpointId: string | null = null;
  let otherRouteTableId: string | null = null;
  if (spec.s3Gateway) {
    if (spec.s3Gateway.on === 'other') otherRouteTableId = await createTable(`${name}-unused`);
    const endpoint = await ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: vpcId,
        VpcEndpointType: 'Gateway',
        ServiceName: `com.amazonaws.${region}.s3`,
        RouteTableIds: otherRouteTableId ? [otherRouteTableId] : privateRouteTableIds,
        ...(spec.s3Gateway.policy ? { PolicyDocument: spec.s3Gateway.policy } : {}),
      })
    );
    s3GatewayEndpointId = required(endpoint.VpcEndpoint?.VpcEndpointId, 'S3 gateway endpoint id');
  }

  // A NACL that drops HTTPS out of the private subnets.
  let networkAclId: string | null = null;
  if (spec.naclDenyHttps) {
    const acl = await ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId }));
    networkAclId = required(acl.NetworkAcl?.NetworkAclId, 'NACL id');
    const entries = [
      { RuleNumber: 100, Egress: true, Protocol: '6', RuleAction: 'deny' as const, PortRange: { From: 443, To: 443 } },
      { RuleNumber: 200, Egress: true, Protocol: '-1', RuleAction: 'allow' as const },
      { RuleNumber: 100, Egress: false, Protocol: '-1', RuleAction: 'allow' as const },
    ];
    for (const entry of entries) {
      await ec2.send(new CreateNetworkAclEntryCommand({ NetworkAclId: networkAclId, CidrBlock: '0.0.0.0/0', ...entry }));
    }
    const current = await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
    for (const association of (current.NetworkAcls ?? []).flatMap((candidate) => candidate.Associations ?? [])) {
      if (association.SubnetId && privateSubnetIds.includes(association.SubnetId)) {
        await ec2.send(
          new ReplaceNetworkAclAssociationCommand({
            AssociationId: association.NetworkAclAssociationId,
            NetworkAclId: networkAclId,
          })
        );
      }
    }
  }

  // Custom DNS servers.
  let dhcpOptionsId: string | null = null;
  if (spec.dhcpDnsServers) {
    const options = await ec2.send(
      new CreateDhcpOptionsCommand({
        DhcpConfigurations: [{ Key: 'domain-name-servers', Values: spec.dhcpDnsServers }],
      })
    );
    dhcpOptionsId = required(options.DhcpOptions?.DhcpOptionsId, 'DHCP options id');
    await ec2.send(new AssociateDhcpOptionsCommand({ DhcpOptionsId: dhcpOptionsId, VpcId: vpcId }));
  }

  // Centralised endpoints: private hosted zones of a hub, associated with this VPC.
  const sharedZoneIds: Partial<Record<EndpointService, string>> = {};
  for (const service of spec.sharedEndpoints?.services ?? []) {
    const zoneName =
      service === 'ecr.api'
        ? `api.ecr.${region}.amazonaws.com`
        : service === 'ecr.dkr'
          ? `dkr.ecr.${region}.amazonaws.com`
          : `${service}.${region}.amazonaws.com`;
    const zone = await clients.route53.send(
      new CreateHostedZoneCommand({
        Name: zoneName,
        CallerReference: `${name}-${service}`,
        VPC: { VPCId: vpcId, VPCRegion: region as 'eu-west-1' },
        HostedZoneConfig: { PrivateZone: true, Comment: 'hub endpoint' },
      })
    );
    const zoneId = required(zone.HostedZone?.Id, 'hosted zone id');
    await clients.route53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ChangeBatch: {
          Changes: [
            {
              Action: 'CREATE',
              ResourceRecordSet: {
                Name: service === 'ecr.dkr' ? `*.${zoneName}` : zoneName,
                Type: 'A',
                TTL: 60,
                ResourceRecords: (spec.sharedEndpoints?.addresses ?? []).map((Value) => ({ Value })),
              },
            },
          ],
        },
      })
    );
    sharedZoneIds[service] = zoneId.replace(/^\/hostedzone\//, '');
  }
  if (spec.sharedEndpoints?.transitGatewayRoute) {
    // moto drops a route to a transit gateway it does not know: make a real one.
    const gateway = await ec2.send(new CreateTransitGatewayCommand({ Description: `${name} hub` }));
    const transitGatewayId = required(gateway.TransitGateway?.TransitGatewayId, 'transit gateway id');
    for (const tableId of privateRouteTableIds) {
      await ec2.send(
        new CreateRouteCommand({
          RouteTableId: tableId,
          DestinationCidrBlock: spec.sharedEndpoints.hubCidr ?? '10.50.0.0/16',
          TransitGatewayId: transitGatewayId,
        })
      );
    }
  }

  // EFS: a file system with mount targets in some private subnets.
  let efsFileSystemId: string | null = null;
  let efsSecurityGroupId: string | null = null;
  if (spec.efs) {
    const fileSystem = await clients.efs.send(new CreateFileSystemCommand({ CreationToken: name }));
    efsFileSystemId = required(fileSystem.FileSystemId, 'file system id');
    const group = await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: `${name}-efs`, Description: 'efs' }));
    efsSecurityGroupId = required(group.GroupId, 'EFS SG id');
    if (spec.efs.nfsFromTask ?? true) {
      await ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: efsSecurityGroupId,
          IpPermissions: [
            { IpProtocol: 'tcp', FromPort: 2049, ToPort: 2049, UserIdGroupPairs: [{ GroupId: taskSecurityGroupId }] },
          ],
        })
      );
    } else {
      await ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: efsSecurityGroupId,
          IpPermissions: [
            { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: taskSecurityGroupId }] },
          ],
        })
      );
    }
    for (const index of spec.efs.mountTargetSubnetIndexes) {
      await clients.efs.send(
        new CreateMountTargetCommand({
          FileSystemId: efsFileSystemId,
          SubnetId: required(privateSubnetIds[index], `private subnet #${index}`),
          SecurityGroups: [efsSecurityGroupId],
        })
      );
    }
  }

  // ECS: cluster, execution role, task definition.
  const cluster = await ecs.send(new CreateClusterCommand({ clusterName: name }));
  const clusterArn = required(cluster.cluster?.clusterArn, 'cluster ARN');
  const accountId = required(clusterArn.split(':')[4], 'account id');
  const definitionSpec = spec.taskDefinition ?? {};
  let executionRoleArn: string | null = null;
  if (definitionSpec.executionRole ?? true) {
    const role = await iam.send(
      new CreateRoleCommand({
        RoleName: `${name}-execution`,
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        }),
      })
    );
    executionRoleArn = required(role.Role?.Arn, 'role ARN');
    await iam.send(
      new AttachRolePolicyCommand({
        RoleName: `${name}-execution`,
        PolicyArn: 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy',
      })
    );
  }
  const otherRegion = definitionSpec.otherRegion ?? (region === 'us-east-1' ? 'eu-west-1' : 'us-east-1');
  const image = imageFor(definitionSpec.image ?? 'ecr', accountId, region, otherRegion, name);
  const environment: KeyValuePair[] = [{ name: 'WORLD', value: name }];
  const definition = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: name,
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      ...(executionRoleArn ? { executionRoleArn } : {}),
      ...(efsFileSystemId ? { volumes: [{ name: 'data', efsVolumeConfiguration: { fileSystemId: efsFileSystemId } }] } : {}),
      containerDefinitions: [
        {
          name: 'app',
          image,
          memory: 512,
          essential: true,
          environment,
          ...((definitionSpec.awslogs ?? true)
            ? {
                logConfiguration: {
                  logDriver: 'awslogs',
                  options: { 'awslogs-group': `/ecs/${name}`, 'awslogs-region': region, 'awslogs-stream-prefix': 'app' },
                },
              }
            : {}),
          ...(definitionSpec.secrets
            ? { secrets: definitionSpec.secrets.map((kind) => secretFor(kind, accountId, region, name)) }
            : {}),
          ...(definitionSpec.environmentFiles
            ? { environmentFiles: definitionSpec.environmentFiles.map((value) => ({ value, type: 's3' as const })) }
            : {}),
        },
      ],
    })
  );
  const taskDefinitionArn = required(definition.taskDefinition?.taskDefinitionArn, 'task definition ARN');

  // Where the task runs.
  const taskSubnetId =
    spec.taskSubnet === 'public'
      ? required(publicSubnetId, 'public subnet (set publicSubnet in the spec)')
      : required(privateSubnetIds[spec.taskSubnet ?? 0], `private subnet #${spec.taskSubnet}`);
  const taskAz = spec.taskSubnet === 'public' ? (availabilityZones[0] ?? '') : (availabilityZones[spec.taskSubnet ?? 0] ?? '');
  const assignPublicIp = spec.assignPublicIp ? 'ENABLED' : 'DISABLED';

  let serviceName: string | null = null;
  if ((spec.launch ?? 'service') === 'service') {
    serviceName = `${name}-svc`;
    const serviceSubnets = spec.taskSubnet === 'public' ? [taskSubnetId] : privateSubnetIds;
    await ecs.send(
      new CreateServiceCommand({
        cluster: clusterArn,
        serviceName,
        taskDefinition: taskDefinitionArn,
        desiredCount: 1,
        launchType: 'FARGATE',
        networkConfiguration: {
          awsvpcConfiguration: { subnets: serviceSubnets, securityGroups: [taskSecurityGroupId], assignPublicIp },
        },
        tags: Object.entries(spec.tags?.service ?? {}).map(([key, value]) => ({ key, value })),
      })
    );
  }

  const run = await ecs.send(
    new RunTaskCommand({
      cluster: clusterArn,
      taskDefinition: taskDefinitionArn,
      launchType: 'FARGATE',
      count: 1,
      group: serviceName ? `service:${serviceName}` : `family:${name}`,
      ...(serviceName ? { startedBy: `ecs-svc/${randomUUID().replace(/-/g, '').slice(0, 19)}` } : {}),
      networkConfiguration: {
        awsvpcConfiguration: { subnets: [taskSubnetId], securityGroups: [taskSecurityGroupId], assignPublicIp },
      },
    })
  );
  const taskArn = required(run.tasks?.[0]?.taskArn, 'task ARN');
  const stopped = await ecs.send(
    new StopTaskCommand({ cluster: clusterArn, task: taskArn, reason: spec.stop?.stoppedReason ?? ECR_AUTH_TIMEOUT_REASON })
  );
  const task = required(stopped.task, 'stopped task');

  // Now that the task exists, apply DNS attributes that RunTask would not accept.
  if (spec.dns?.support === false) {
    await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsSupport: { Value: false } }));
  }
  if (spec.dns?.hostnames === false) {
    await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: false } }));
  }

  const event = stoppedTaskEvent(task, spec, { region, accountId, availabilityZone: taskAz, subnetId: taskSubnetId });
  return {
    region,
    accountId,
    name,
    vpcId,
    vpcCidr: VPC_CIDR,
    availabilityZones,
    privateSubnetIds,
    publicSubnetId,
    mainRouteTableId,
    privateRouteTableIds,
    publicRouteTableId,
    otherRouteTableId,
    internetGatewayId,
    natGatewayId,
    taskSecurityGroupId,
    endpointSecurityGroupId,
    interfaceEndpointIds,
    s3GatewayEndpointId,
    networkAclId,
    dhcpOptionsId,
    clusterName: name,
    clusterArn,
    serviceName,
    taskDefinitionArn,
    executionRoleArn,
    image,
    taskArn,
    taskSubnetId,
    event,
    task: stoppedTaskOf(task, event),
    sharedZoneIds,
    efsFileSystemId,
    efsSecurityGroupId,
  };
}

/**
 * Another task of the world's service that really ran and stopped in moto with `reason` (moto keeps
 * StopTask's reason as the task's stoppedReason): a command that names its id finds it. Returns
 * the stopped task's ARN; the event for it is `failureEvent(world.event, { taskArn, ... })`.
 */
async function stopAnotherTask(clients: AwsClients, world: World, reason: string): Promise<string> {
  const run = await clients.ecs.send(
    new RunTaskCommand({
      cluster: world.clusterArn,
      taskDefinition: world.taskDefinitionArn,
      launchType: 'FARGATE',
      count: 1,
      group: world.serviceName ? `service:${world.serviceName}` : `family:${world.name}`,
      ...(world.serviceName ? { startedBy: `ecs-svc/${randomUUID().replace(/-/g, '').slice(0, 19)}` } : {}),
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: [world.taskSubnetId],
          securityGroups: [world.taskSecurityGroupId],
          assignPublicIp: 'DISABLED',
        },
      },
    })
  );
  const taskArn = required(run.tasks?.[0]?.taskArn, 'task ARN');
  await clients.ecs.send(new StopTaskCommand({ cluster: world.clusterArn, task: taskArn, reason }));
  return taskArn;
}

export { buildWorld, stopAnotherTask };
export type { World, WorldSpec };
