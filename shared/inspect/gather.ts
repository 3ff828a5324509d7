/**
 * Gathers the Snapshot for one stopped task: every fact the pure diagnosis needs, read once, in at
 * most five sequential rounds of parallel calls, the last two only for what needs them (see
 * tests/helpers/gather-budget.ts, which the tests hold it to). Read-only. This is the only part of a diagnosis that calls AWS.
 */
import type { AwsClients } from '../aws/clients.js';
import { currentLedger } from '../aws/call-ledger.js';
import {
  describeDhcpOptionSets,
  describeInternetGatewayFacts,
  describeNatGatewayFacts,
  describeNetworkAclFacts,
  describeRouteTableFacts,
  describeS3PrefixListId,
  describeSecurityGroupFacts,
  describeServiceAvailabilityZones,
  describeSubnetFacts,
  describeVpcDnsAttributes,
  describeVpcEndpointFacts,
  describeVpcFacts,
} from '../aws/ec2-read.js';
import { domainNameServersOf, selectApplicableRouteTables } from '../aws/ec2-facts.js';
import { serviceNetwork, toServiceFacts } from '../aws/ecs-facts.js';
import { describeService, describeTaskDefinition } from '../aws/ecs-read.js';
import { describeMountTargetSecurityGroups, describeMountTargets } from '../aws/efs-read.js';
import { listPrivateZonesOfVpc, listZoneRecords } from '../aws/route53-read.js';
import { endpointsForService, isPrivateDnsInEffect, primaryEndpoint } from '../diagnosis/net/endpoint-for-service.js';
import { serviceHostname, zoneCoversHost } from '../diagnosis/net/service-dns.js';
import { deriveTaskRequirements, endpointNeeds } from '../diagnosis/requirements.js';
import { type Clock, clockOf } from '../clock.js';
import type { StoppedTask } from '../intake/request.js';
import {
  effectiveNetwork,
  readContainerInstance,
  readHostInstance,
  readHostSubnet,
  runsOnContainerInstance,
} from './container-host.js';
import { notEvaluated, permissionRequestsFor } from '../model/permissions.js';
import type { PermissionChecker, PermissionContext } from '../model/permissions.js';
import type {
  ContainerInstanceFacts,
  EfsFileSystemFacts,
  EfsMountTargetFacts,
  EndpointService,
  NatGatewayFacts,
  NetworkAclFacts,
  PermissionFacts,
  PrivateZoneFacts,
  RouteTableFacts,
  SecurityGroupFacts,
  ServiceFacts,
  Snapshot,
  SubnetFacts,
  TaskDefinitionFacts,
  TaskNetworkFacts,
  VpcEndpointFacts,
} from '../model/snapshot.js';
import {
  type CacheScope,
  type VpcSettings,
  cachedSubnets,
  cachedVpcSettings,
  clearVpcFactsCache,
  rememberSubnets,
  rememberVpcSettings,
} from './vpc-facts-cache.js';
import { cachedTaskDefinition, clearTaskDefinitionCache, rememberTaskDefinition } from './task-definition-cache.js';
import { parseTaskDefinition } from '../model/task-definition.js';

interface GatherOptions {
  permissions: PermissionChecker;
  signal?: AbortSignal;
  /** The run's clock (the caches' ages); the system clock when absent. */
  now?: Clock;
}

/** The S3 prefix list id is fixed per region: one lookup per container and region. */
const s3PrefixListIds = new Map<string, string>();

function accountIdOf(task: StoppedTask): string | null {
  return task.accountId ?? task.taskArn.split(':')[4] ?? null;
}

interface EcsFacts {
  taskDefinition: TaskDefinitionFacts | null;
  service: ServiceFacts | null;
  network: TaskNetworkFacts;
  /** The EC2 task's container instance (its EC2 instance is read in round 2). */
  host: ContainerInstanceFacts | null;
  unknowns: string[];
}

/** Round 1: the task definition (unless cached), the service and the container instance, in parallel. */
async function readEcsFacts(clients: AwsClients, task: StoppedTask, signal?: AbortSignal): Promise<EcsFacts> {
  const unknowns: string[] = [];
  const definitionArn = task.taskDefinitionArn;
  const cached = definitionArn ? cachedTaskDefinition(definitionArn) : undefined;
  // A task without an ENI on a container instance uses its host's network: the service's (absent)
  // awsvpc settings are then not an unknown.
  const hostSuppliesNetwork = task.subnetId === null && runsOnContainerInstance(task);
  const [definition, serviceLookup, host] = await Promise.all([
    cached !== undefined || definitionArn === null
      ? Promise.resolve(undefined)
      : describeTaskDefinition(clients.ecs, definitionArn, { signal }),
    task.serviceName === null
      ? Promise.resolve(undefined)
      : describeService(clients.ecs, task.clusterArn, task.serviceName, { signal }),
    readContainerInstance(clients, task, unknowns, signal),
  ]);

  let taskDefinition: TaskDefinitionFacts | null = cached ?? null;
  if (definition) {
    taskDefinition = parseTaskDefinition(definition, task.region);
    rememberTaskDefinition(definitionArn ?? '', taskDefinition);
  } else if (cached === undefined) {
    unknowns.push(
      definitionArn === null
        ? 'The event names no task definition: the images, log groups and secrets the task needs are unknown.'
        : `Task definition ${definitionArn} could not be described (deregistered or deleted): the images, log groups and secrets the task needs are unknown.`
    );
  }

  const eventNetwork: TaskNetworkFacts = {
    subnetIds: task.subnetId ? [task.subnetId] : [],
    securityGroupIds: null,
    assignPublicIp: null,
    source: task.subnetId ? 'event' : 'unknown',
  };
  if (serviceLookup === undefined) {
    if (!hostSuppliesNetwork) {
      unknowns.push(
        `Task ${task.taskId} was started without a service (standalone RunTask): its security groups and public IP setting exist only in that RunTask call, so they are unknown and the security group checks were skipped.`
      );
    }
    return { taskDefinition, service: null, network: eventNetwork, host, unknowns };
  }
  if (!serviceLookup.found) {
    unknowns.push(
      `Service ${task.serviceName} was not found in cluster ${task.clusterName} (${serviceLookup.reason}): its security groups and public IP setting are unknown; only the failed task's subnet was inspected.`
    );
    return { taskDefinition, service: null, network: eventNetwork, host, unknowns };
  }
  const network = serviceNetwork(serviceLookup.service, task.subnetId);
  if (network.securityGroupIds === null && !hostSuppliesNetwork) {
    unknowns.push(
      `Service ${task.serviceName} has no awsvpc network configuration: its security groups and public IP setting are unknown.`
    );
  }
  return { taskDefinition, service: toServiceFacts(serviceLookup.service), network, host, unknowns };
}

/** Round 4 (round 3 when the VPC is unknown): may the execution role do what the task needs? */
async function checkPermissions(
  checker: PermissionChecker,
  task: StoppedTask,
  taskDefinition: TaskDefinitionFacts | null,
  context: PermissionContext,
  signal?: AbortSignal
): Promise<PermissionFacts> {
  if (taskDefinition === null) return notEvaluated(null, 'permission check skipped: the task definition is unknown');
  const roleArn = taskDefinition.executionRoleArn;
  if (roleArn === null) return notEvaluated(null, 'permission check skipped: the task definition has no execution role');
  const requests = permissionRequestsFor(taskDefinition, task.region, accountIdOf(task));
  return checker.check(roleArn, requests, signal, context);
}

/** The VPC's own endpoint each service's calls go through (private DNS in effect), for IAM context. */
function permissionContextOf(snapshot: Pick<Snapshot, 'endpoints' | 'vpc'>, vpcId: string): PermissionContext {
  const endpointIdByService: Partial<Record<EndpointService, string>> = {};
  for (const service of ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'ssm'] as const) {
    const endpoint = primaryEndpoint(endpointsForService(snapshot, service, 'Interface'));
    if (endpoint !== null && isPrivateDnsInEffect(endpoint, snapshot.vpc)) endpointIdByService[service] = endpoint.vpcEndpointId;
  }
  return { vpcId, endpointIdByService };
}

/**
 * The hosts of needed interface services that the VPC's own endpoints do not answer: where a
 * centralised endpoint's private hosted zone may. Empty means Route 53 is not asked at all.
 */
function hostsWithoutOwnEndpoint(
  task: StoppedTask,
  taskDefinition: TaskDefinitionFacts | null,
  snapshot: Pick<Snapshot, 'endpoints' | 'vpc'>
): string[] {
  const requirements = deriveTaskRequirements({ region: task.region, taskDefinition, classification: null });
  const services: EndpointService[] =
    taskDefinition === null
      ? ['ecr.api', 'ecr.dkr']
      : endpointNeeds(requirements)
          .filter((need) => need.endpointType === 'Interface')
          .map((need) => need.service);
  const registryAccounts = (taskDefinition?.images ?? [])
    .filter((image) => image.registryKind === 'ecr' && image.ecrRegion === task.region)
    .map((image) => image.ecrAccountId);
  const hosts: string[] = [];
  for (const service of services) {
    const endpoint = primaryEndpoint(endpointsForService(snapshot, service, 'Interface'));
    if (endpoint !== null && isPrivateDnsInEffect(endpoint, snapshot.vpc)) continue;
    const accounts = service === 'ecr.dkr' && registryAccounts.length > 0 ? registryAccounts : [accountIdOf(task)];
    for (const account of new Set(accounts)) {
      const host = serviceHostname(task.region, service, account);
      if (host !== null) hosts.push(host);
    }
  }
  return hosts;
}

/**
 * The service names whose AZs are worth asking for: a needed interface endpoint whose subnets are
 * all known and miss an AZ the tasks use (what `endpoint-az-covered` would report). Usually none.
 */
function serviceNamesMissingTaskAz(
  task: StoppedTask,
  taskDefinition: TaskDefinitionFacts | null,
  snapshot: Pick<Snapshot, 'endpoints' | 'vpc' | 'subnets'>
): string[] {
  const requirements = deriveTaskRequirements({ region: task.region, taskDefinition, classification: null });
  const azOf = new Map(snapshot.subnets.map((subnet) => [subnet.subnetId, subnet.availabilityZone]));
  const taskAzs = new Set(azOf.values());
  const names = endpointNeeds(requirements)
    .filter((need) => need.endpointType === 'Interface')
    .flatMap((need) => {
      const endpoint = primaryEndpoint(endpointsForService(snapshot, need.service, 'Interface'));
      if (endpoint === null || endpoint.subnetIds.some((subnetId) => !azOf.has(subnetId))) return [];
      const covered = new Set(endpoint.subnetIds.map((subnetId) => azOf.get(subnetId)));
      return [...taskAzs].some((az) => !covered.has(az)) ? [endpoint.serviceName] : [];
    });
  return [...new Set(names)];
}

/** Rounds 4-5 (only when some needed host lacks an own endpoint): the private zones that answer it. */
async function readPrivateZones(
  clients: AwsClients,
  vpcId: string,
  region: string,
  hosts: string[],
  signal?: AbortSignal
): Promise<PrivateZoneFacts[]> {
  if (hosts.length === 0) return [];
  const zones = await listPrivateZonesOfVpc(clients.route53, vpcId, region, { signal });
  const relevant = zones.filter((zone) => hosts.some((host) => zoneCoversHost(zone.zoneName, host)));
  if (relevant.length === 0) return [];
  currentLedger()?.nextRound();
  return Promise.all(
    relevant.map(async (zone) => ({ ...zone, records: await listZoneRecords(clients.route53, zone.hostedZoneId, { signal }) }))
  );
}

/** Round 2 (only with EFS volumes): each file system's mount targets in the task's VPC. */
async function readEfsMountTargets(
  clients: AwsClients,
  taskDefinition: TaskDefinitionFacts | null,
  unknowns: string[],
  signal?: AbortSignal
): Promise<(EfsMountTargetFacts & { vpcId: string | null })[][]> {
  const fileSystemIds = taskDefinition?.efsFileSystemIds ?? [];
  return Promise.all(
    fileSystemIds.map(async (fileSystemId) => {
      const targets = await describeMountTargets(clients.efs, fileSystemId, { signal });
      if (targets === null) {
        unknowns.push(
          `EFS file system ${fileSystemId} was not found (deleted, or in another account or region): its mount targets are unknown.`
        );
        return [];
      }
      return targets;
    })
  );
}

/** The S3 route of a gateway endpoint names the prefix list: a fallback when the lookup found none. */
function s3PrefixListFromRoutes(snapshot: Pick<Snapshot, 'endpoints' | 'routeTables'>): string | null {
  const gatewayIds = new Set(
    snapshot.endpoints
      .filter((endpoint) => endpoint.service === 's3' && endpoint.type === 'Gateway')
      .map((endpoint) => endpoint.vpcEndpointId)
  );
  for (const table of snapshot.routeTables) {
    for (const route of table.routes) {
      if (route.targetId && gatewayIds.has(route.targetId) && route.destinationPrefixListId) {
        return route.destinationPrefixListId;
      }
    }
  }
  return null;
}

function relevantGroupIds(network: TaskNetworkFacts, endpoints: VpcEndpointFacts[]): Set<string> {
  return new Set([...(network.securityGroupIds ?? []), ...endpoints.flatMap((endpoint) => endpoint.securityGroupIds)]);
}

/** The VPC's attributes, DHCP servers and internet gateways: read together, cached together. */
async function readVpcSettings(
  clients: AwsClients,
  scope: CacheScope,
  vpcId: string,
  nowMs: number,
  signal?: AbortSignal
): Promise<VpcSettings> {
  const [vpc, dns, dhcpOptionSets, internetGateways] = await Promise.all([
    describeVpcFacts(clients.ec2, vpcId, { signal }),
    describeVpcDnsAttributes(clients.ec2, vpcId, { signal }),
    describeDhcpOptionSets(clients.ec2, { signal }),
    describeInternetGatewayFacts(clients.ec2, vpcId, { signal }),
  ]);
  const unknowns: string[] = [];
  const dhcpOptions = dhcpOptionSets.find((set) => set.DhcpOptionsId === vpc.dhcpOptionsId);
  const domainNameServers = domainNameServersOf(vpc.dhcpOptionsId, dhcpOptions);
  if (domainNameServers === null) {
    unknowns.push(`DHCP option set ${vpc.dhcpOptionsId} of ${vpcId} was not found: the VPC's DNS servers are unknown.`);
  }
  const settings: VpcSettings = {
    vpc: { ...vpc, ...dns, domainNameServers: domainNameServers ?? [] },
    internetGateways,
    unknowns,
  };
  rememberVpcSettings(scope, settings, nowMs);
  return settings;
}

/** What every read after round 1 works with: one task, its clients, its signal and the run's clock reading. */
interface GatherRun {
  clients: AwsClients;
  task: StoppedTask;
  nowMs: number;
  signal?: AbortSignal | undefined;
}

/** Where the task ran, as round 2 reads it: the network it used, its subnets and host, and the EFS mount targets. */
interface TaskPlacement {
  /** A bridge/host-mode task's network is its host's; its subnet is read with the VPC (round 3). */
  network: TaskNetworkFacts;
  subnets: SubnetFacts[];
  host: ContainerInstanceFacts | null;
  mountTargets: (EfsMountTargetFacts & { vpcId: string | null })[][];
}

/**
 * Round 2: the subnets (-> the VPC), the host's EC2 instance and the EFS mount targets. Subnets seen
 * before in this container are not read again (their VPC and AZ never change).
 */
async function readPlacement(run: GatherRun, ecs: EcsFacts, unknowns: string[]): Promise<TaskPlacement> {
  const { clients, task, nowMs, signal } = run;
  const cached = cachedSubnets(task, ecs.network.subnetIds, nowMs);
  const mountTargetsRead = readEfsMountTargets(clients, ecs.taskDefinition, unknowns, signal);
  const [freshSubnets, host] = await Promise.all([
    cached.missing.length > 0 ? describeSubnetFacts(clients.ec2, cached.missing, { signal }) : Promise.resolve([]),
    readHostInstance(clients, ecs.host, unknowns, signal),
  ]);
  rememberSubnets(task, freshSubnets, nowMs);
  const subnets = ecs.network.subnetIds
    .map((id) => [...cached.known, ...freshSubnets].find((subnet) => subnet.subnetId === id))
    .filter((subnet): subnet is SubnetFacts => subnet !== undefined);
  return { network: effectiveNetwork(ecs.network, host), subnets, host, mountTargets: await mountTargetsRead };
}

/** The snapshot as far as ECS and round 2 tell it: no VPC yet, permissions not evaluated. */
function snapshotBeforeVpc(task: StoppedTask, ecs: EcsFacts, placement: TaskPlacement, unknowns: string[]): Snapshot {
  const { network, subnets, host } = placement;
  return {
    region: task.region,
    accountId: accountIdOf(task),
    network,
    service: ecs.service,
    taskDefinition: ecs.taskDefinition,
    vpc: null,
    subnets,
    routeTables: [],
    natGateways: [],
    internetGateways: [],
    endpoints: [],
    securityGroups: [],
    networkAcls: [],
    s3PrefixListId: s3PrefixListIds.get(task.region) ?? null,
    permissions: notEvaluated(
      ecs.taskDefinition?.executionRoleArn ?? null,
      'permission check skipped: the VPC could not be inspected'
    ),
    privateZones: [],
    efsFileSystems: [],
    ...(host === null ? {} : { containerInstance: host }),
    unknowns,
  };
}

function runsOnHostNetwork(placement: TaskPlacement): boolean {
  return placement.network.source === 'container-instance';
}

/** The VPC to inspect: the host instance's for a task without an ENI, else the first subnet's. */
function vpcIdOf(placement: TaskPlacement): string | undefined {
  return runsOnHostNetwork(placement) ? (placement.host?.instance?.vpcId ?? undefined) : placement.subnets[0]?.vpcId;
}

interface VpcWideReads {
  settings: VpcSettings;
  routeTables: RouteTableFacts[];
  natGateways: NatGatewayFacts[];
  endpoints: VpcEndpointFacts[];
  /** Every group of the VPC; securityGroupsInPlay keeps those that matter. */
  groups: SecurityGroupFacts[];
  networkAcls: NetworkAclFacts[];
  prefixList: string | null;
  efsFileSystems: EfsFileSystemFacts[];
  hostSubnet: SubnetFacts | null;
}

/**
 * Round 3: everything VPC-wide, in parallel (the rarely changing settings from the cache when this
 * container read them in the last minute).
 */
async function readVpcWide(
  run: GatherRun,
  taskDefinition: TaskDefinitionFacts | null,
  placement: TaskPlacement,
  vpcId: string
): Promise<VpcWideReads> {
  const { clients, task, nowMs, signal } = run;
  const { subnets, host } = placement;
  const cachedPrefixList = s3PrefixListIds.get(task.region);
  const taskAzs = new Set(
    runsOnHostNetwork(placement) ? [host?.instance?.availabilityZone ?? ''] : subnets.map((subnet) => subnet.availabilityZone)
  );
  const vpcMountTargets = placement.mountTargets.map((targets) =>
    targets.filter((target) => target.vpcId === null || target.vpcId === vpcId)
  );
  const [settings, routeTables, natGateways, endpoints, groups, networkAcls, prefixList, efsFileSystems, hostSubnet] =
    await Promise.all([
      cachedVpcSettings(task, vpcId, nowMs) ?? readVpcSettings(clients, task, vpcId, nowMs, signal),
      describeRouteTableFacts(clients.ec2, vpcId, { signal }),
      describeNatGatewayFacts(clients.ec2, vpcId, { signal }),
      describeVpcEndpointFacts(clients.ec2, vpcId, task.region, { signal }),
      describeSecurityGroupFacts(clients.ec2, vpcId, { signal }),
      describeNetworkAclFacts(clients.ec2, vpcId, { signal }),
      cachedPrefixList !== undefined
        ? Promise.resolve(cachedPrefixList)
        : describeS3PrefixListId(clients.ec2, task.region, { signal }),
      readMountTargetGroups(clients, taskDefinition?.efsFileSystemIds ?? [], vpcMountTargets, taskAzs, signal),
      readHostSubnet(clients, task, host, vpcId, subnets, nowMs, signal),
    ]);
  return { settings, routeTables, natGateways, endpoints, groups, networkAcls, prefixList, efsFileSystems, hostSubnet };
}

/** The VPC's groups that matter: the task's, its endpoints', its host's and its mount targets'. */
function securityGroupsInPlay(placement: TaskPlacement, reads: VpcWideReads): SecurityGroupFacts[] {
  const wantedGroups = relevantGroupIds(placement.network, reads.endpoints);
  for (const groupId of placement.host?.instance?.securityGroupIds ?? []) wantedGroups.add(groupId);
  for (const target of reads.efsFileSystems.flatMap((fileSystem) => fileSystem.mountTargets)) {
    for (const groupId of target.securityGroupIds ?? []) wantedGroups.add(groupId);
  }
  return reads.groups.filter((group) => wantedGroups.has(group.groupId));
}

/** The snapshot with round 3's VPC facts in it; notes what round 3 could not find in `unknowns`. */
function snapshotWithVpc(
  base: Snapshot,
  placement: TaskPlacement,
  reads: VpcWideReads,
  vpcId: string,
  unknowns: string[]
): Snapshot {
  const { network, subnets, host } = placement;
  const { settings, hostSubnet } = reads;
  unknowns.push(...settings.unknowns);
  const securityGroups = securityGroupsInPlay(placement, reads);
  const missingTaskGroups = (network.securityGroupIds ?? []).filter(
    (groupId) => !securityGroups.some((group) => group.groupId === groupId)
  );
  if (missingTaskGroups.length > 0) {
    unknowns.push(`Security groups ${missingTaskGroups.join(', ')} of the task were not found in ${vpcId}.`);
  }

  // Only the VPC's own subnets go on: a subnet of another VPC must never pick this VPC's main table.
  const taskSubnets = runsOnHostNetwork(placement) ? (hostSubnet === null ? [] : [hostSubnet]) : subnets;
  const inVpc = taskSubnets.filter((subnet) => subnet.vpcId === vpcId);
  const routedSubnetIds = [...inVpc, ...(hostSubnet === null ? [] : [hostSubnet])].map((subnet) => subnet.subnetId);
  return {
    ...base,
    vpc: settings.vpc,
    subnets: inVpc,
    routeTables: selectApplicableRouteTables(reads.routeTables, [...new Set(routedSubnetIds)]),
    natGateways: reads.natGateways,
    internetGateways: settings.internetGateways,
    endpoints: reads.endpoints,
    securityGroups,
    networkAcls: reads.networkAcls,
    efsFileSystems: reads.efsFileSystems,
    ...(host === null ? {} : { containerInstance: { ...host, subnet: hostSubnet } }),
  };
}

/**
 * Round 4: the role's permissions, with the context the endpoints give (aws:SourceVpce), and, only
 * when a needed service has no endpoint of its own, the VPC's private hosted zones (round 5: the
 * records of the zones that answer a needed name). Also in round 4, only when a needed endpoint
 * misses a task AZ: the AZs AWS offers it in.
 */
async function readPermissionsZonesAndServiceAzs(
  run: GatherRun,
  checker: PermissionChecker,
  taskDefinition: TaskDefinitionFacts | null,
  snapshot: Snapshot,
  vpcId: string
): Promise<Pick<Snapshot, 'permissions' | 'privateZones' | 'endpointServiceZones'>> {
  const { clients, task, signal } = run;
  const [permissions, privateZones, serviceZones] = await Promise.all([
    checkPermissions(checker, task, taskDefinition, permissionContextOf(snapshot, vpcId), signal),
    readPrivateZones(clients, vpcId, task.region, hostsWithoutOwnEndpoint(task, taskDefinition, snapshot), signal),
    describeServiceAvailabilityZones(clients.ec2, serviceNamesMissingTaskAz(task, taskDefinition, snapshot), signal),
  ]);
  const endpointServiceZones = [...serviceZones].map(([serviceName, zones]) => ({ serviceName, availabilityZones: [...zones] }));
  return { permissions, privateZones, endpointServiceZones };
}

async function gatherSnapshot(clients: AwsClients, task: StoppedTask, options: GatherOptions): Promise<Snapshot> {
  const { signal } = options;
  const ledger = currentLedger();

  // Round 1: ECS.
  const ecs = await readEcsFacts(clients, task, signal);
  const unknowns = [...ecs.unknowns];
  ledger?.nextRound();

  // Round 2: where the task ran. Without a VPC, IAM is asked alone in round 3.
  const run: GatherRun = { clients, task, nowMs: clockOf(options)().getTime(), signal };
  const placement = await readPlacement(run, ecs, unknowns);
  const base = snapshotBeforeVpc(task, ecs, placement, unknowns);
  const vpcId = vpcIdOf(placement);
  if (vpcId === undefined) {
    // Without an ENI only a readable container instance tells the network (its notes say why not).
    if (placement.host === null) {
      unknowns.push(
        "The task's subnet is unknown (the event carries no ENI attachment and names no container instance): the VPC, its routes, endpoints and security groups could not be inspected."
      );
    }
    ledger?.nextRound();
    const noVpc: PermissionContext = { vpcId: null, endpointIdByService: {} };
    const permissions = await checkPermissions(options.permissions, task, ecs.taskDefinition, noVpc, signal);
    return { ...base, permissions };
  }
  const otherVpcSubnets = placement.subnets.filter((subnet) => subnet.vpcId !== vpcId).map((subnet) => subnet.subnetId);
  if (otherVpcSubnets.length > 0) {
    unknowns.push(`Subnets ${otherVpcSubnets.join(', ')} are in another VPC than ${vpcId} and were not inspected.`);
  }
  ledger?.nextRound();

  // Round 3: the VPC.
  const reads = await readVpcWide(run, ecs.taskDefinition, placement, vpcId);
  const snapshot = snapshotWithVpc(base, placement, reads, vpcId, unknowns);
  // Any of the VPC's route tables may name the prefix list, not only the ones the task's subnets use.
  const s3PrefixListId = reads.prefixList ?? s3PrefixListFromRoutes(reads);
  if (s3PrefixListId !== null) s3PrefixListIds.set(task.region, s3PrefixListId);
  ledger?.nextRound();

  // Rounds 4-5: IAM, Route 53 and the endpoint services' AZs, as far as the endpoints leave them open.
  const answers = await readPermissionsZonesAndServiceAzs(run, options.permissions, ecs.taskDefinition, snapshot, vpcId);
  return { ...snapshot, s3PrefixListId, ...answers };
}

/** Round 3 (only with EFS volumes): the security groups of the mount targets in the task's AZs. */
async function readMountTargetGroups(
  clients: AwsClients,
  fileSystemIds: string[],
  targetsByFileSystem: (EfsMountTargetFacts & { vpcId: string | null })[][],
  taskAzs: Set<string>,
  signal?: AbortSignal
): Promise<EfsFileSystemFacts[]> {
  return Promise.all(
    fileSystemIds.map(async (fileSystemId, index) => {
      const targets = targetsByFileSystem[index] ?? [];
      const mountTargets = await Promise.all(
        targets.map(async ({ vpcId: _vpcId, ...target }) =>
          taskAzs.has(target.availabilityZone)
            ? {
                ...target,
                securityGroupIds: await describeMountTargetSecurityGroups(clients.efs, target.mountTargetId, { signal }),
              }
            : target
        )
      );
      return { fileSystemId, mountTargets };
    })
  );
}

/** Forgets what this container cached (task definitions, S3 prefix lists, VPC facts): for cold-start tests. */
function clearGatherCaches(): void {
  clearTaskDefinitionCache();
  clearVpcFactsCache();
  s3PrefixListIds.clear();
}

export { clearGatherCaches, gatherSnapshot };
