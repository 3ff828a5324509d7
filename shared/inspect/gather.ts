/**
 * Gathers the Snapshot for one stopped task: every fact the pure diagnosis needs, read once, in at
 * most three sequential rounds of parallel calls (see gather-budget.ts). Read-only. This is the
 * only part of a diagnosis that calls AWS.
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
  describeSubnetFacts,
  describeVpcDnsAttributes,
  describeVpcEndpointFacts,
  describeVpcFacts,
} from '../aws/ec2-read.js';
import { domainNameServersOf, selectApplicableRouteTables } from '../aws/ec2-facts.js';
import { serviceNetwork, toServiceFacts } from '../aws/ecs-facts.js';
import { describeService, describeTaskDefinition } from '../aws/ecs-read.js';
import type { StoppedTask } from '../intake/request.js';
import { notEvaluated, permissionRequestsFor } from './permissions.js';
import type { PermissionChecker } from './permissions.js';
import type {
  PermissionFacts,
  ServiceFacts,
  Snapshot,
  SubnetFacts,
  TaskDefinitionFacts,
  TaskNetworkFacts,
  VpcEndpointFacts,
} from './snapshot.js';
import {
  type VpcSettings,
  cachedSubnets,
  cachedVpcSettings,
  clearVpcFactsCache,
  rememberSubnets,
  rememberVpcSettings,
} from './vpc-facts-cache.js';
import { cachedTaskDefinition, clearTaskDefinitionCache, rememberTaskDefinition } from './task-definition-cache.js';
import { parseTaskDefinition } from './task-definition.js';

interface GatherOptions {
  permissions: PermissionChecker;
  signal?: AbortSignal;
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
  unknowns: string[];
}

/** Round 1: the task definition (unless cached) and the service, in parallel. */
async function readEcsFacts(clients: AwsClients, task: StoppedTask, signal?: AbortSignal): Promise<EcsFacts> {
  const unknowns: string[] = [];
  const definitionArn = task.taskDefinitionArn;
  const cached = definitionArn ? cachedTaskDefinition(definitionArn) : undefined;
  const [definition, serviceLookup] = await Promise.all([
    cached !== undefined || definitionArn === null
      ? Promise.resolve(undefined)
      : describeTaskDefinition(clients.ecs, definitionArn, { signal }),
    task.serviceName === null
      ? Promise.resolve(undefined)
      : describeService(clients.ecs, task.clusterArn, task.serviceName, { signal }),
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
    unknowns.push(
      `Task ${task.taskId} was started without a service (standalone RunTask): its security groups and public IP setting exist only in that RunTask call, so they are unknown and the security group checks were skipped.`
    );
    return { taskDefinition, service: null, network: eventNetwork, unknowns };
  }
  if (!serviceLookup.found) {
    unknowns.push(
      `Service ${task.serviceName} was not found in cluster ${task.clusterName} (${serviceLookup.reason}): its security groups and public IP setting are unknown; only the failed task's subnet was inspected.`
    );
    return { taskDefinition, service: null, network: eventNetwork, unknowns };
  }
  const network = serviceNetwork(serviceLookup.service, task.subnetId);
  if (network.securityGroupIds === null) {
    unknowns.push(
      `Service ${task.serviceName} has no awsvpc network configuration: its security groups and public IP setting are unknown.`
    );
  }
  return { taskDefinition, service: toServiceFacts(serviceLookup.service), network, unknowns };
}

/** Round 2 (in parallel with the subnets): may the execution role do what the task needs? */
async function checkPermissions(
  checker: PermissionChecker,
  task: StoppedTask,
  taskDefinition: TaskDefinitionFacts | null,
  signal?: AbortSignal
): Promise<PermissionFacts> {
  if (taskDefinition === null) return notEvaluated(null, 'permission check skipped: the task definition is unknown');
  const roleArn = taskDefinition.executionRoleArn;
  if (roleArn === null) return notEvaluated(null, 'permission check skipped: the task definition has no execution role');
  const requests = permissionRequestsFor(taskDefinition, task.region, accountIdOf(task));
  return checker.check(roleArn, requests, signal);
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
  region: string,
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
  rememberVpcSettings(region, settings, nowMs);
  return settings;
}

async function gatherSnapshot(clients: AwsClients, task: StoppedTask, options: GatherOptions): Promise<Snapshot> {
  const { signal } = options;
  const ledger = currentLedger();

  // Round 1: ECS.
  const ecs = await readEcsFacts(clients, task, signal);
  const unknowns = [...ecs.unknowns];
  ledger?.nextRound();

  // Round 2: the subnets (-> the VPC) and the role's permissions. Subnets seen before in this
  // container are not read again (their VPC and AZ never change); then IAM joins round 3.
  const nowMs = Date.now();
  const cached = cachedSubnets(task.region, ecs.network.subnetIds, nowMs);
  const permissionCheck = checkPermissions(options.permissions, task, ecs.taskDefinition, signal);
  const freshSubnets =
    cached.missing.length > 0 ? await describeSubnetFacts(clients.ec2, cached.missing, { signal }) : [];
  rememberSubnets(task.region, freshSubnets, nowMs);
  const subnets = ecs.network.subnetIds
    .map((id) => [...cached.known, ...freshSubnets].find((subnet) => subnet.subnetId === id))
    .filter((subnet): subnet is SubnetFacts => subnet !== undefined);
  const permissions = await permissionCheck;
  const base: Snapshot = {
    region: task.region,
    accountId: accountIdOf(task),
    network: ecs.network,
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
    permissions,
    unknowns,
  };
  const vpcId = subnets[0]?.vpcId;
  if (vpcId === undefined) {
    unknowns.push(
      "The task's subnet is unknown (the event carries no ENI attachment): the VPC, its routes, endpoints and security groups could not be inspected."
    );
    return base;
  }
  const otherVpcSubnets = subnets.filter((subnet) => subnet.vpcId !== vpcId).map((subnet) => subnet.subnetId);
  if (otherVpcSubnets.length > 0) {
    unknowns.push(`Subnets ${otherVpcSubnets.join(', ')} are in another VPC than ${vpcId} and were not inspected.`);
  }
  ledger?.nextRound();

  // Round 3: everything VPC-wide, in parallel (the rarely changing settings from the cache when
  // this container read them in the last minute).
  const cachedPrefixList = s3PrefixListIds.get(task.region);
  const [settings, routeTables, natGateways, endpoints, groups, networkAcls, prefixList] = await Promise.all([
    cachedVpcSettings(task.region, vpcId, nowMs) ?? readVpcSettings(clients, task.region, vpcId, nowMs, signal),
    describeRouteTableFacts(clients.ec2, vpcId, { signal }),
    describeNatGatewayFacts(clients.ec2, vpcId, { signal }),
    describeVpcEndpointFacts(clients.ec2, vpcId, task.region, { signal }),
    describeSecurityGroupFacts(clients.ec2, vpcId, { signal }),
    describeNetworkAclFacts(clients.ec2, vpcId, { signal }),
    cachedPrefixList !== undefined
      ? Promise.resolve(cachedPrefixList)
      : describeS3PrefixListId(clients.ec2, task.region, { signal }),
  ]);
  unknowns.push(...settings.unknowns);
  const { vpc, internetGateways } = settings;

  const wantedGroups = relevantGroupIds(ecs.network, endpoints);
  const securityGroups = groups.filter((group) => wantedGroups.has(group.groupId));
  const missingTaskGroups = (ecs.network.securityGroupIds ?? []).filter(
    (groupId) => !securityGroups.some((group) => group.groupId === groupId)
  );
  if (missingTaskGroups.length > 0) {
    unknowns.push(`Security groups ${missingTaskGroups.join(', ')} of the task were not found in ${vpcId}.`);
  }

  // Only the VPC's own subnets go on: a subnet of another VPC must never pick this VPC's main table.
  const inVpc = subnets.filter((subnet) => subnet.vpcId === vpcId);
  const snapshot: Snapshot = {
    ...base,
    vpc,
    subnets: inVpc,
    routeTables: selectApplicableRouteTables(routeTables, inVpc.map((subnet) => subnet.subnetId)),
    natGateways,
    internetGateways,
    endpoints,
    securityGroups,
    networkAcls,
  };
  const s3PrefixListId = prefixList ?? s3PrefixListFromRoutes({ endpoints, routeTables });
  if (s3PrefixListId !== null) s3PrefixListIds.set(task.region, s3PrefixListId);
  return { ...snapshot, s3PrefixListId };
}

/** Forgets what this container cached (task definitions, S3 prefix lists, VPC facts): for cold-start tests. */
function clearGatherCaches(): void {
  clearTaskDefinitionCache();
  clearVpcFactsCache();
  s3PrefixListIds.clear();
}

export { clearGatherCaches, gatherSnapshot };
export type { GatherOptions };
