/**
 * Facts derived once from the inputs and shared by every check: what the task needs, which
 * subnets it uses, how each subnet reaches the internet, and how each needed service is reached.
 */
import type { Classification } from '../classify/classification.js';
import type { StoppedTask } from '../intake/request.js';
import { type EndpointService, type Snapshot, type SubnetFacts, type VpcEndpointFacts, vpcIdOf } from '../model/snapshot.js';
import { isNetworkCategory } from '../classify/classification.js';
import { egressPathForSubnet } from './net/egress-path.js';
import { endpointsForService, isPrivateDnsInEffect, primaryEndpoint } from './net/endpoint-for-service.js';
import { routeTableForSubnet } from './net/route-table-for-subnet.js';
import { privateZoneAnswer, recordAddresses, serviceHostname } from './net/service-dns.js';
import { classifiedEndpointService, deriveTaskRequirements } from './requirements.js';
import type { EgressPath } from './net/egress-path.js';
import type { ServiceNeed, TaskRequirements } from './requirements.js';

interface DiagnosisInput {
  classification: Classification;
  snapshot: Snapshot;
  task: StoppedTask;
}

/** A needed name answered by a Route 53 private hosted zone (a centralised endpoint elsewhere). */
interface SharedEndpointPath {
  host: string;
  hostedZoneId: string;
  zoneName: string;
  /** The record that answers, or null when the zone covers the name but holds no record for it. */
  recordName: string | null;
  /** The alias target or the addresses, for people. */
  target: string;
  /** IPv4 addresses given directly by the record (none for an alias or CNAME). */
  addresses: string[];
}

/** How traffic to one needed service goes today (security groups and NACLs aside). */
interface ServiceRoute {
  need: ServiceNeed;
  /** The endpoint that serves it (interface: the primary one; s3: the gateway endpoint or an S3 interface endpoint). */
  endpoint: VpcEndpointFacts | null;
  /**
   * `endpoint`: private DNS or the gateway route sends it there; `shared-endpoint`: a private
   * hosted zone sends it to an endpoint outside the VPC; `egress`: NAT/IGW; `none`.
   */
  via: 'endpoint' | 'shared-endpoint' | 'egress' | 'none';
  /** Set when `via` is `shared-endpoint`. */
  shared: SharedEndpointPath | null;
}

interface DiagnosisContext extends DiagnosisInput {
  region: string;
  vpcId: string | null;
  requirements: TaskRequirements;
  /** Known facts of the task's subnets, the failed task's subnet first. */
  taskSubnets: SubnetFacts[];
  /** One per task subnet. */
  egressPaths: EgressPath[];
  /** True when every task subnet has a working NAT or public-IP path to the internet. */
  egressWorks: boolean;
  routes: ServiceRoute[];
  /** The service the stop reason names, when it names one. */
  classifiedService: EndpointService | null;
  isNetworkFailure: boolean;
}

function orderedTaskSubnets(snapshot: Snapshot, task: StoppedTask): SubnetFacts[] {
  const ids = [...snapshot.network.subnetIds];
  if (task.subnetId !== null && !ids.includes(task.subnetId)) ids.unshift(task.subnetId);
  if (task.subnetId !== null) ids.sort((a, b) => Number(b === task.subnetId) - Number(a === task.subnetId));
  return ids.flatMap((id) => snapshot.subnets.filter((subnet) => subnet.subnetId === id));
}

/** True when an available S3 gateway endpoint's route is on the table of every task subnet. */
function gatewaysServeSubnets(
  gateways: VpcEndpointFacts[],
  snapshot: Snapshot,
  subnets: SubnetFacts[],
  vpcId: string | null
): boolean {
  const served = new Set(gateways.filter((gateway) => gateway.state === 'available').flatMap((gateway) => gateway.routeTableIds));
  if (subnets.length === 0) return false;
  return subnets.every((subnet) => {
    const table = routeTableForSubnet(snapshot, subnet.subnetId, vpcId);
    return table !== null && served.has(table.routeTableId);
  });
}

/**
 * An S3 interface endpoint carries the VPC's S3 traffic when its private DNS is on for the VPC
 * itself: `PrivateDnsOnlyForInboundResolverEndpoint` false. When true (AWS's default when a
 * gateway endpoint exists), only queries from an inbound Resolver endpoint get its addresses.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/privatelink-interface-endpoints.html#private-dns
 */
function s3InterfaceEndpointInEffect(snapshot: Snapshot): VpcEndpointFacts | null {
  const endpoint = primaryEndpoint(endpointsForService(snapshot, 's3', 'Interface'));
  if (endpoint === null || !isPrivateDnsInEffect(endpoint, snapshot.vpc)) return null;
  return endpoint.privateDnsOnlyForInboundResolverEndpoint === false ? endpoint : null;
}

/** The host a task calls for a service: ECR's registry host carries the registry's account. */
function hostForNeed(need: ServiceNeed, snapshot: Snapshot): string | null {
  const registryAccount =
    snapshot.taskDefinition?.images.find((image) => image.registryKind === 'ecr' && image.ecrRegion === snapshot.region)
      ?.ecrAccountId ?? snapshot.accountId;
  return serviceHostname(snapshot.region, need.service, registryAccount);
}

function sharedPathFor(need: ServiceNeed, snapshot: Snapshot): SharedEndpointPath | null {
  const host = hostForNeed(need, snapshot);
  if (host === null) return null;
  const answer = privateZoneAnswer(snapshot.privateZones, host);
  if (answer === null) return null;
  const addresses = answer.record === null ? [] : recordAddresses(answer.record);
  const target =
    answer.record === null ? 'no record' : (answer.record.aliasTarget ?? (answer.record.values.join(', ') || 'no value'));
  return {
    host,
    hostedZoneId: answer.zone.hostedZoneId,
    zoneName: answer.zone.zoneName,
    recordName: answer.record?.name ?? null,
    target,
    addresses,
  };
}

function routeForNeed(
  need: ServiceNeed,
  snapshot: Snapshot,
  subnets: SubnetFacts[],
  vpcId: string | null,
  egressWorks: boolean
): ServiceRoute {
  const fallback = egressWorks ? 'egress' : 'none';
  if (need.endpointType === 'Gateway') {
    const gateways = endpointsForService(snapshot, need.service, 'Gateway');
    const served = gatewaysServeSubnets(gateways, snapshot, subnets, vpcId);
    const s3Interface = need.service === 's3' && !served ? s3InterfaceEndpointInEffect(snapshot) : null;
    if (s3Interface !== null) return { need, endpoint: s3Interface, via: 'endpoint', shared: null };
    return { need, endpoint: primaryEndpoint(gateways), via: served ? 'endpoint' : fallback, shared: null };
  }
  const endpoint = primaryEndpoint(endpointsForService(snapshot, need.service, 'Interface'));
  if (endpoint !== null && isPrivateDnsInEffect(endpoint, snapshot.vpc)) return { need, endpoint, via: 'endpoint', shared: null };
  // The VPC's private hosted zones answer before the public name: a hub's zone wins over NAT.
  const shared = sharedPathFor(need, snapshot);
  if (shared !== null) return { need, endpoint, via: 'shared-endpoint', shared };
  return { need, endpoint, via: fallback, shared: null };
}

/** Derives everything the checks share. Pure: the same input gives the same context. */
function buildDiagnosisContext(input: DiagnosisInput): DiagnosisContext {
  const { snapshot, task, classification } = input;
  const vpcId = vpcIdOf(snapshot);
  const requirements = deriveTaskRequirements({
    region: snapshot.region,
    taskDefinition: snapshot.taskDefinition,
    classification,
  });
  const taskSubnets = orderedTaskSubnets(snapshot, task);
  const egressPaths = taskSubnets.map((subnet) => egressPathForSubnet({ snapshot, subnetId: subnet.subnetId }));
  const egressWorks = egressPaths.length > 0 && egressPaths.every((path) => path.status === 'ok');
  return {
    ...input,
    region: snapshot.region,
    vpcId,
    requirements,
    taskSubnets,
    egressPaths,
    egressWorks,
    routes: requirements.services.map((need) => routeForNeed(need, snapshot, taskSubnets, vpcId, egressWorks)),
    classifiedService: classifiedEndpointService(classification),
    isNetworkFailure: isNetworkCategory(classification.category),
  };
}

/** What a finding is about, to decide whether it explains the stop reason. */
interface FindingTopic {
  services?: readonly EndpointService[];
  /** The finding breaks internet egress (NAT/IGW). */
  egress?: boolean;
  /** The finding breaks name resolution. */
  dns?: boolean;
  iam?: boolean;
}

/**
 * True when a finding explains the failure in the stop reason: it concerns the service that
 * timed out, the egress a public pull or a service without endpoint relied on, DNS when names
 * failed to resolve, or IAM when access was denied.
 */
function explainsStopReason(context: DiagnosisContext, topic: FindingTopic): boolean {
  const { category } = context.classification;
  if (topic.iam === true) return category === 'iam_permission_denied';
  if (!context.isNetworkFailure) return false;
  const named = context.classifiedService;
  if (named !== null && topic.services?.includes(named) === true) return true;
  if (topic.dns === true && category === 'dns_resolution_failed') return true;
  if (topic.egress === true) {
    if (category === 'public_registry_unreachable') return true;
    const namedRoute = context.routes.find((route) => route.need.service === named);
    if (namedRoute !== undefined && (namedRoute.via === 'egress' || namedRoute.via === 'none')) return true;
  }
  if (topic.dns === true && named !== null) {
    const namedRoute = context.routes.find((route) => route.need.service === named);
    if (namedRoute?.need.endpointType === 'Interface' && namedRoute.endpoint !== null) return true;
  }
  // A vague network failure is explained by whatever breaks the path.
  return category === 'ambiguous_network' && named === null;
}

/** One subnet per AZ among the task subnets, as an interface endpoint takes them. */
function oneSubnetPerAz(subnets: SubnetFacts[]): SubnetFacts[] {
  const seen = new Set<string>();
  return subnets.filter((subnet) => {
    if (seen.has(subnet.availabilityZone)) return false;
    seen.add(subnet.availabilityZone);
    return true;
  });
}

/** False only when EC2 said the subnet has no free address (unknown counts as free). */
function hasFreeAddress(subnet: SubnetFacts): boolean {
  return subnet.availableIpAddressCount !== 0;
}

/**
 * One subnet per AZ for a new endpoint network interface: in each AZ the first subnet with a free
 * address (an interface endpoint takes one address in each of its subnets). An AZ whose subnets
 * are all full is left out: EC2 would refuse with `InsufficientFreeAddressesInSubnet`.
 */
function endpointSubnetPerAz(subnets: SubnetFacts[]): SubnetFacts[] {
  return oneSubnetPerAz(subnets.filter(hasFreeAddress));
}

/** Per AZ, the given subnets when none of them has a free address (`SUBNET_NO_FREE_IPS`). */
function fullAzs(subnets: SubnetFacts[]): { availabilityZone: string; subnets: SubnetFacts[] }[] {
  const byAz = new Map<string, SubnetFacts[]>();
  for (const subnet of subnets) byAz.set(subnet.availabilityZone, [...(byAz.get(subnet.availabilityZone) ?? []), subnet]);
  return [...byAz]
    .filter(([, azSubnets]) => azSubnets.every((subnet) => !hasFreeAddress(subnet)))
    .map(([availabilityZone, azSubnets]) => ({ availabilityZone, subnets: azSubnets }));
}

/** False only when DescribeVpcEndpointServices said the service is not offered in the AZ. */
function serviceOfferedIn(
  snapshot: Pick<Snapshot, 'endpointServiceZones'>,
  serviceName: string,
  availabilityZone: string
): boolean {
  const offered = snapshot.endpointServiceZones?.find((entry) => entry.serviceName === serviceName);
  return offered === undefined || offered.availabilityZones.includes(availabilityZone);
}

export { buildDiagnosisContext, endpointSubnetPerAz, serviceOfferedIn, explainsStopReason, fullAzs, oneSubnetPerAz };
export type { DiagnosisContext, DiagnosisInput, ServiceRoute, SharedEndpointPath };
