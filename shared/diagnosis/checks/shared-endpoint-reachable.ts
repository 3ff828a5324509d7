/**
 * `shared-endpoint-reachable`: a needed service answered by a Route 53 private hosted zone (the
 * interface endpoints live once, in a shared-services VPC) has a route from every task subnet
 * toward the zone's target: a transit gateway, peering or VPN route, never the NAT gateway or
 * nothing. The path past the VPC's edge cannot be seen from here, so a route that leaves the
 * VPC is a warning to verify, not a pass. Security groups and NACLs toward the target addresses
 * are judged by the task-sg and nacl checks (the addresses are an HTTPS destination).
 * https://docs.aws.amazon.com/whitepapers/latest/building-scalable-secure-multi-vpc-network-infrastructure/centralized-access-to-vpc-private-endpoints.html
 */
import type { RouteFacts, RouteTableFacts } from '../../model/snapshot.js';
import type { Check } from '../check.js';
import type { DiagnosisContext, ServiceRoute, SharedEndpointPath } from '../context.js';
import type { Finding } from '../finding.js';
import { explainsStopReason } from '../context.js';
import { failWith, notApplicable } from '../check.js';
import { cidrContains } from '../net/cidr.js';
import { isPrivateTransit, routeForAddress } from '../net/route-for-address.js';
import { routeTableForSubnet } from '../net/route-table-for-subnet.js';
import { makeFinding, makeFix } from './support.js';

interface TableVerdict {
  table: RouteTableFacts;
  /** `leaves`: a transit route exists; `missing`: none, or only NAT/IGW, or a blackhole. */
  verdict: 'local' | 'leaves' | 'missing';
  detail: string;
}

function describeRoute(route: RouteFacts | null): string {
  if (route === null) return 'no route';
  return `${route.destinationCidr ?? route.destinationPrefixListId ?? '?'} -> ${route.targetId ?? route.targetKind}${route.state === 'blackhole' ? ' (blackhole)' : ''}`;
}

/** Where the table sends traffic for the shared endpoint's addresses (or, unknown addresses, anywhere private). */
function judgeTable(table: RouteTableFacts, shared: SharedEndpointPath, vpcCidrs: string[]): TableVerdict {
  if (shared.addresses.length > 0) {
    for (const address of shared.addresses) {
      if (vpcCidrs.some((cidr) => cidrContains(cidr, address))) continue;
      const route = routeForAddress(table, address);
      if (route === null || route.state === 'blackhole' || !isPrivateTransit(route)) {
        return { table, verdict: 'missing', detail: `${table.routeTableId} sends ${address} to ${describeRoute(route)}` };
      }
    }
    const local = shared.addresses.every((address) => vpcCidrs.some((cidr) => cidrContains(cidr, address)));
    return {
      table,
      verdict: local ? 'local' : 'leaves',
      detail: `${table.routeTableId} routes ${shared.addresses.join(', ')} ${local ? 'inside the VPC' : 'out of the VPC'}`,
    };
  }
  const transit = table.routes.filter((route) => route.state === 'active' && isPrivateTransit(route));
  if (transit.length === 0) {
    return { table, verdict: 'missing', detail: `${table.routeTableId} has no transit gateway, peering or VPN route at all` };
  }
  return { table, verdict: 'leaves', detail: `${table.routeTableId} has ${transit.map(describeRoute).join(', ')}` };
}

/** A transit target the VPC already uses, for the fix command; else a placeholder. */
function knownTransitTarget(context: DiagnosisContext): string {
  const route = context.snapshot.routeTables
    .flatMap((table) => table.routes)
    .find((candidate) => candidate.state === 'active' && isPrivateTransit(candidate));
  if (route?.targetKind === 'transit-gateway') return `--transit-gateway-id ${route.targetId ?? '<tgw-id>'}`;
  if (route?.targetKind === 'peering') return `--vpc-peering-connection-id ${route.targetId ?? '<pcx-id>'}`;
  return '--transit-gateway-id <tgw-id>';
}

function evidence(shared: SharedEndpointPath): string {
  return `${shared.host} resolves through private hosted zone ${shared.hostedZoneId} (${shared.zoneName}) to ${shared.target}`;
}

function findingsFor(context: DiagnosisContext, route: ServiceRoute, shared: SharedEndpointPath): Finding[] {
  const service = route.need.service;
  const vpcCidrs = context.snapshot.vpc?.cidrBlocks ?? [];
  if (shared.recordName === null) {
    return [
      makeFinding({
        code: 'SHARED_ENDPOINT_ROUTE_MISSING',
        severity: 'error',
        message: `Private hosted zone ${shared.hostedZoneId} (${shared.zoneName}) is associated with ${context.vpcId ?? 'the VPC'} but has no record for ${shared.host}: inside the VPC the zone answers for the whole name, so ${service} does not resolve at all.`,
        resources: [shared.hostedZoneId, context.vpcId ?? '<vpc-id>'],
        fix: makeFix(
          `Add the ${shared.host} record (an alias to the hub's ${service} endpoint) to zone ${shared.hostedZoneId}, or disassociate the zone from the VPC.`,
          [
            `Route 53 console > Hosted zones > ${shared.zoneName} (${shared.hostedZoneId}) > Create record > ${shared.host}, alias to the ${service} endpoint in the shared-services VPC`,
          ],
          [`aws route53 list-resource-record-sets --hosted-zone-id ${shared.hostedZoneId}`],
          false
        ),
        service,
        cause: explainsStopReason(context, { services: [service], dns: true }),
      }),
    ];
  }
  const tables = [
    ...new Map(
      context.taskSubnets
        .map((subnet) => routeTableForSubnet(context.snapshot, subnet.subnetId, context.vpcId))
        .filter((table): table is RouteTableFacts => table !== null)
        .map((table) => [table.routeTableId, table])
    ).values(),
  ];
  if (tables.length === 0) return [];
  const verdicts = tables.map((table) => judgeTable(table, shared, vpcCidrs));
  const missing = verdicts.filter((verdict) => verdict.verdict === 'missing');
  if (missing.length > 0) {
    const destination = shared.addresses.length > 0 ? shared.addresses.map((address) => `${address}/32`) : ['<hub-vpc-cidr>'];
    const target = knownTransitTarget(context);
    return [
      makeFinding({
        code: 'SHARED_ENDPOINT_ROUTE_MISSING',
        severity: 'error',
        message: `${evidence(shared)}, an endpoint outside the VPC, but ${missing.map((verdict) => verdict.detail).join('; ')}: the task's ${service} calls never reach it and time out. Creating a ${service} endpoint here would not help (its private DNS conflicts with the zone).`,
        resources: [shared.hostedZoneId, ...missing.map((verdict) => verdict.table.routeTableId)],
        fix: makeFix(
          `Route ${destination.join(', ')} from ${missing.map((verdict) => verdict.table.routeTableId).join(', ')} to the transit gateway or peering connection toward the shared-services VPC.`,
          [
            `VPC console > Route tables > ${missing.map((verdict) => verdict.table.routeTableId).join(', ')} > Routes > Edit > add the shared-services VPC's CIDR via the transit gateway or peering connection`,
            'Check the transit gateway route table and the hub endpoint security group allow TCP 443 from the task subnets',
          ],
          missing.flatMap((verdict) =>
            destination.map(
              (cidr) =>
                `aws ec2 create-route --route-table-id ${verdict.table.routeTableId} --destination-cidr-block ${cidr} ${target} --region ${context.region}`
            )
          ),
          false
        ),
        service,
        cause: explainsStopReason(context, { services: [service] }),
      }),
    ];
  }
  if (verdicts.every((verdict) => verdict.verdict === 'local')) return [];
  return [
    makeFinding({
      code: 'SHARED_ENDPOINT_UNVERIFIED',
      severity: 'warning',
      message: `${evidence(shared)}; ${verdicts.map((verdict) => verdict.detail).join('; ')}. Past the VPC's edge (transit gateway route tables, the hub endpoint's security group and policy) the path cannot be followed from this account: verify it there.`,
      resources: [shared.hostedZoneId, ...verdicts.map((verdict) => verdict.table.routeTableId)],
      fix: makeFix(
        `Verify the path from the task subnets to ${shared.target}: the transit gateway (or peering) routes both ways, and the hub endpoint's security group allows TCP 443 from ${context.taskSubnets.map((subnet) => subnet.cidrBlock).join(', ')}.`,
        [
          'VPC console > Transit gateway route tables > the attachment of this VPC and of the shared-services VPC > Routes',
          'In the shared-services account: VPC console > Endpoints > the endpoint > Security groups > Inbound rules',
        ],
        [
          `aws route53 list-resource-record-sets --hosted-zone-id ${shared.hostedZoneId}`,
          `aws ec2 describe-transit-gateway-route-tables --region ${context.region}`,
        ],
        false
      ),
      service,
      cause: false,
    }),
  ];
}

const sharedEndpointReachable: Check = {
  id: 'shared-endpoint-reachable',
  codes: ['SHARED_ENDPOINT_ROUTE_MISSING', 'SHARED_ENDPOINT_UNVERIFIED'],
  scope: 'network',
  evaluate: (context) => {
    const shared = context.routes.filter(
      (route): route is ServiceRoute & { shared: SharedEndpointPath } =>
        route.via === 'shared-endpoint' && route.shared !== null && !route.need.reportOnly
    );
    if (shared.length === 0) return notApplicable('no needed service is answered by a private hosted zone');
    const findings = shared.flatMap((route) => findingsFor(context, route, route.shared));
    return failWith(
      findings,
      'the path to a shared endpoint is broken or leaves the VPC',
      'every shared endpoint is reached inside the VPC'
    );
  },
};

export { sharedEndpointReachable };
