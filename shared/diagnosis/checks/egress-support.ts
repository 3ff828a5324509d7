/** Shared by the NAT/IGW checks: broken egress paths grouped by route table. */
import type { DiagnosisContext } from '../context.js';
import type { EgressPath, EgressProblem } from '../net/egress-path.js';

/** One path per route table (subnets sharing a table share the problem). */
function brokenPathsByTable(
  context: DiagnosisContext,
  problems: readonly EgressProblem[]
): { path: EgressPath; subnetIds: string[] }[] {
  const byTable = new Map<string, { path: EgressPath; subnetIds: string[] }>();
  for (const path of context.egressPaths) {
    if (path.problem === null || !problems.includes(path.problem)) continue;
    const key = path.routeTableId ?? path.subnetId;
    const entry = byTable.get(key) ?? { path, subnetIds: [] };
    entry.subnetIds.push(path.subnetId);
    byTable.set(key, entry);
  }
  return [...byTable.values()];
}

/** An available public NAT gateway of the VPC to point routes at, when there is one. */
function availableNatGatewayId(context: DiagnosisContext): string | null {
  const subnetVpc = new Map(context.snapshot.subnets.map((subnet) => [subnet.subnetId, subnet.vpcId]));
  const nat = context.snapshot.natGateways.find(
    (gateway) =>
      gateway.state === 'available' &&
      gateway.connectivityType === 'public' &&
      (subnetVpc.get(gateway.subnetId) ?? context.vpcId) === context.vpcId
  );
  return nat?.natGatewayId ?? null;
}

export { availableNatGatewayId, brokenPathsByTable };
