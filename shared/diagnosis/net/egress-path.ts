/**
 * Whether a subnet reaches the internet (public registries, AWS public endpoints) and, when
 * it does not, the precise reason. A task has internet egress through a NAT gateway, or
 * through an internet gateway only when it has a public IP.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-networking.html
 */
import type { Snapshot } from '../../model/snapshot.js';
import { defaultRouteOf, hasExplicitAssociation, routeTableForSubnet } from './route-table-for-subnet.js';

type EgressVia = 'nat-gateway' | 'internet-gateway' | 'other' | 'none';

type EgressProblem =
  | 'no-route-table'
  | 'no-default-route'
  | 'route-blackhole'
  | 'nat-not-found'
  | 'nat-unavailable'
  | 'nat-private'
  | 'nat-subnet-no-igw'
  | 'igw-not-attached'
  | 'no-public-ip';

interface EgressPath {
  subnetId: string;
  routeTableId: string | null;
  via: EgressVia;
  /** The NAT gateway, internet gateway or other target of the default route. */
  targetId: string | null;
  /** `unknown`: the default route goes somewhere we cannot follow (transit gateway, peering...). */
  status: 'ok' | 'broken' | 'unknown';
  problem: EgressProblem | null;
  /** One line for people. */
  detail: string;
}

interface EgressInput {
  snapshot: Pick<Snapshot, 'routeTables' | 'natGateways' | 'internetGateways' | 'network' | 'vpc'>;
  subnetId: string;
}

/** Follows the subnet's default route to a NAT or internet gateway and judges it. */
function egressPathForSubnet({ snapshot, subnetId }: EgressInput): EgressPath {
  const vpcId = snapshot.vpc?.vpcId ?? null;
  const table = routeTableForSubnet(snapshot, subnetId, vpcId);
  if (table === null) {
    return {
      subnetId,
      routeTableId: null,
      via: 'none',
      targetId: null,
      status: 'unknown',
      problem: 'no-route-table',
      detail: `no route table known for ${subnetId}`,
    };
  }
  const base = { subnetId, routeTableId: table.routeTableId };
  const route = defaultRouteOf(table);
  if (route === null) {
    return {
      ...base,
      via: 'none',
      targetId: null,
      status: 'broken',
      problem: 'no-default-route',
      detail: `${table.routeTableId} has no 0.0.0.0/0 route`,
    };
  }
  if (route.targetKind === 'nat-gateway') return natEgress(snapshot, base, route.targetId, route.state);
  if (route.targetKind === 'internet-gateway') return igwEgress(snapshot, base, route.targetId, route.state);
  const target = [route.targetKind, route.targetId].filter((part) => part !== null && part !== '').join(' ');
  return {
    ...base,
    via: 'other',
    targetId: route.targetId,
    status: 'unknown',
    problem: null,
    detail: `0.0.0.0/0 goes to ${target}: egress beyond it is not checked`,
  };
}

function natEgress(
  snapshot: EgressInput['snapshot'],
  base: { subnetId: string; routeTableId: string },
  natGatewayId: string | null,
  routeState: 'active' | 'blackhole'
): EgressPath {
  const common = { ...base, via: 'nat-gateway' as const, targetId: natGatewayId };
  const nat = snapshot.natGateways.find((gateway) => gateway.natGatewayId === natGatewayId);
  if (routeState === 'blackhole') {
    return {
      ...common,
      status: 'broken',
      problem: 'route-blackhole',
      detail: `0.0.0.0/0 -> ${natGatewayId ?? 'NAT gateway'} is a blackhole (the NAT gateway is gone)`,
    };
  }
  if (nat === undefined) {
    return {
      ...common,
      status: 'broken',
      problem: 'nat-not-found',
      detail: `0.0.0.0/0 -> ${natGatewayId ?? 'NAT gateway'}, which does not exist`,
    };
  }
  if (nat.state !== 'available') {
    return { ...common, status: 'broken', problem: 'nat-unavailable', detail: `${nat.natGatewayId} is ${nat.state}` };
  }
  if (nat.connectivityType === 'private') {
    return {
      ...common,
      status: 'broken',
      problem: 'nat-private',
      detail: `${nat.natGatewayId} is a private NAT gateway: no internet access`,
    };
  }
  // The NAT's own subnet must route to an IGW. Judge it only when its explicit table is known.
  const natTable = snapshot.routeTables.find((table) => hasExplicitAssociation(table, nat.subnetId));
  const natDefault = natTable === undefined ? null : defaultRouteOf(natTable);
  if (natTable !== undefined && (natDefault === null || natDefault.targetKind !== 'internet-gateway')) {
    return {
      ...common,
      status: 'broken',
      problem: 'nat-subnet-no-igw',
      detail: `${nat.natGatewayId} sits in ${nat.subnetId}, whose ${natTable.routeTableId} has no 0.0.0.0/0 -> igw route`,
    };
  }
  return { ...common, status: 'ok', problem: null, detail: `0.0.0.0/0 -> ${nat.natGatewayId} (available)` };
}

function igwEgress(
  snapshot: EgressInput['snapshot'],
  base: { subnetId: string; routeTableId: string },
  internetGatewayId: string | null,
  routeState: 'active' | 'blackhole'
): EgressPath {
  const common = { ...base, via: 'internet-gateway' as const, targetId: internetGatewayId };
  const vpcId = snapshot.vpc?.vpcId ?? null;
  const igw = snapshot.internetGateways.find((gateway) => gateway.internetGatewayId === internetGatewayId);
  const attached = igw !== undefined && (vpcId === null || igw.attachedVpcIds.includes(vpcId));
  if (routeState === 'blackhole' || (igw !== undefined && !attached)) {
    return {
      ...common,
      status: 'broken',
      problem: 'igw-not-attached',
      detail: `0.0.0.0/0 -> ${internetGatewayId ?? 'igw'}, which is not attached to the VPC`,
    };
  }
  const publicIp = snapshot.network.assignPublicIp;
  if (publicIp === false) {
    return {
      ...common,
      status: 'broken',
      problem: 'no-public-ip',
      detail: `0.0.0.0/0 -> ${internetGatewayId ?? 'igw'} but the task gets no public IP`,
    };
  }
  if (publicIp === null) {
    return {
      ...common,
      status: 'unknown',
      problem: null,
      detail: `0.0.0.0/0 -> ${internetGatewayId ?? 'igw'}; whether the task gets a public IP is unknown`,
    };
  }
  return { ...common, status: 'ok', problem: null, detail: `0.0.0.0/0 -> ${internetGatewayId ?? 'igw'} with a public IP` };
}

export { egressPathForSubnet };
export type { EgressPath, EgressProblem };
