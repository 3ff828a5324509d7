/** The route a packet to one address takes: the longest matching IPv4 destination (prefix lists aside). */
import type { RouteFacts, RouteTableFacts } from '../../model/snapshot.js';
import { cidrContains, parseCidr } from './cidr.js';

function prefixLength(cidr: string): number {
  return Number(cidr.split('/')[1] ?? 32);
}

function routeForAddress(table: RouteTableFacts, address: string): RouteFacts | null {
  const matching = table.routes.filter(
    (route) =>
      route.destinationCidr !== null && parseCidr(route.destinationCidr) !== null && cidrContains(route.destinationCidr, address)
  );
  matching.sort((a, b) => prefixLength(b.destinationCidr ?? '') - prefixLength(a.destinationCidr ?? ''));
  return matching[0] ?? null;
}

/** Targets that carry traffic out of the VPC to private networks (a hub VPC, on premises). */
const PRIVATE_TRANSIT_TARGETS: ReadonlySet<RouteFacts['targetKind']> = new Set([
  'transit-gateway',
  'peering',
  'virtual-private-gateway',
  'network-interface',
  'instance',
]);

function isPrivateTransit(route: RouteFacts): boolean {
  return PRIVATE_TRANSIT_TARGETS.has(route.targetKind);
}

export { isPrivateTransit, routeForAddress };
