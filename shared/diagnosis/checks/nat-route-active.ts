/**
 * `nat-route-active`: a default route to a NAT gateway points at one that exists. Deleting a
 * NAT gateway leaves its routes as `blackhole`.
 * https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html
 */
import type { Check } from '../check.js';
import { explainsStopReason } from '../context.js';
import { failWith } from '../check.js';
import { createNatGatewayCli, replaceNatRouteCli } from '../fix-commands.js';
import { availableNatGatewayId, brokenPathsByTable } from './egress-support.js';
import { dependsOnEgress, makeFinding, makeFix } from './support.js';

const natRouteActive: Check = {
  id: 'nat-route-active',
  codes: ['NAT_ROUTE_BLACKHOLE'],
  scope: 'network',
  evaluate: (context) => {
    const natId = availableNatGatewayId(context);
    const needed = dependsOnEgress(context);
    const findings = brokenPathsByTable(context, ['route-blackhole', 'nat-not-found']).map(({ path, subnetIds }) => {
      const tableId = path.routeTableId ?? '<route-table-id>';
      return makeFinding({
        code: 'NAT_ROUTE_BLACKHOLE',
        severity: needed ? 'error' : 'warning',
        message: `Route table ${tableId} (subnet ${subnetIds.join(', ')}): ${path.detail}. Traffic to the internet is dropped${needed ? ', and the task relies on it' : ''}.`,
        resources: [tableId, ...(path.targetId === null ? [] : [path.targetId]), ...subnetIds],
        fix: makeFix(
          `Point 0.0.0.0/0 of ${tableId} at a working NAT gateway${natId === null ? ' (create one first)' : ` (${natId})`}, or remove the route and rely on VPC endpoints.`,
          [`VPC console > Route tables > ${tableId} > Routes > Edit > change the 0.0.0.0/0 target to a NAT gateway that exists`],
          [
            ...(natId === null ? [createNatGatewayCli(context.region, null)] : []),
            replaceNatRouteCli(context.region, tableId, natId),
          ],
          false
        ),
        cause: needed && explainsStopReason(context, { egress: true }),
      });
    });
    return failWith(findings, 'a NAT route is a blackhole', 'no NAT route is a blackhole');
  },
};

export { natRouteActive };
