/** Which route table decides a subnet's traffic, and where its default route goes. */
import type { RouteFacts, RouteTableFacts, Snapshot } from '../../model/snapshot.js';

/**
 * The table explicitly associated with the subnet, else the VPC's main table.
 * https://docs.aws.amazon.com/vpc/latest/userguide/RouteTables.html#subnet-route-tables
 */
function routeTableForSubnet(
  snapshot: Pick<Snapshot, 'routeTables'> & Partial<Pick<Snapshot, 'subnets'>>,
  subnetId: string,
  vpcId?: string | null
): RouteTableFacts | null {
  // A subnet known to lie in another VPC has no table here: the VPC's main table is not its table.
  const subnet = snapshot.subnets?.find((candidate) => candidate.subnetId === subnetId);
  if (subnet !== undefined && vpcId && subnet.vpcId !== vpcId) return null;
  const inVpc = snapshot.routeTables.filter((table) => vpcId === undefined || vpcId === null || table.vpcId === vpcId);
  const explicit = inVpc.find((table) => table.subnetIds.includes(subnetId));
  if (explicit !== undefined) return explicit;
  return inVpc.find((table) => table.isMain) ?? null;
}

/** True when the route table explicitly lists the subnet (so the main table does not apply). */
function hasExplicitAssociation(table: RouteTableFacts, subnetId: string): boolean {
  return table.subnetIds.includes(subnetId);
}

/** The IPv4 default route (`0.0.0.0/0`) of a table, when it has one. */
function defaultRouteOf(table: RouteTableFacts): RouteFacts | null {
  return table.routes.find((route) => route.destinationCidr === '0.0.0.0/0') ?? null;
}

export { defaultRouteOf, hasExplicitAssociation, routeTableForSubnet };
