/**
 * `nat-gateway-available`: the NAT gateway the task subnets route to is `available` (not
 * pending, failed, deleting or deleted).
 * https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html
 */
import type { Check } from '../check.js';
import { explainsStopReason } from '../context.js';
import { failWith } from '../check.js';
import { createNatGatewayCli, describeNatGatewayCli, replaceNatRouteCli } from '../fix-commands.js';
import { availableNatGatewayId, brokenPathsByTable } from './egress-support.js';
import { dependsOnEgress, makeFinding, makeFix } from './support.js';

const natGatewayAvailable: Check = {
  id: 'nat-gateway-available',
  codes: ['NAT_GATEWAY_UNAVAILABLE'],
  scope: 'network',
  evaluate: (context) => {
    const needed = dependsOnEgress(context);
    const replacement = availableNatGatewayId(context);
    const findings = brokenPathsByTable(context, ['nat-unavailable']).map(({ path, subnetIds }) => {
      const tableId = path.routeTableId ?? '<route-table-id>';
      const natId = path.targetId ?? '<nat-gateway-id>';
      const state = context.snapshot.natGateways.find((gateway) => gateway.natGatewayId === natId)?.state ?? 'unknown';
      const waiting = state === 'pending';
      return makeFinding({
        code: 'NAT_GATEWAY_UNAVAILABLE',
        severity: needed ? 'error' : 'warning',
        message: `Route table ${tableId} (subnet ${subnetIds.join(', ')}) sends 0.0.0.0/0 to ${natId}, which is ${state}, so internet traffic does not get through${needed ? ' and the task relies on it' : ''}.`,
        resources: [natId, tableId, ...subnetIds],
        fix: makeFix(
          waiting
            ? `Wait for ${natId} to become available.`
            : `Create a new NAT gateway (or use an available one) and point 0.0.0.0/0 of ${tableId} at it.`,
          waiting
            ? [`VPC console > NAT gateways > ${natId}: watch State`]
            : [
                'VPC console > NAT gateways > Create NAT gateway in a public subnet',
                `VPC console > Route tables > ${tableId} > edit 0.0.0.0/0`,
              ],
          waiting
            ? [describeNatGatewayCli(context.region, natId)]
            : [
                ...(replacement === null ? [createNatGatewayCli(context.region, null)] : []),
                replaceNatRouteCli(context.region, tableId, replacement),
              ],
          false
        ),
        cause: needed && explainsStopReason(context, { egress: true }),
      });
    });
    return failWith(findings, 'a NAT gateway on the path is not available', 'the NAT gateways on the path are available');
  },
};

export { natGatewayAvailable };
