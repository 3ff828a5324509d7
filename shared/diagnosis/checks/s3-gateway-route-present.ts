/**
 * `s3-gateway-route-present`: the S3 gateway endpoint is on the route table of every task
 * subnet. A gateway endpoint only works for subnets whose route table carries its prefix-list
 * route. https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html
 */
import type { Check } from '../check.js';
import { explainsStopReason } from '../context.js';
import { notApplicable, pass } from '../check.js';
import { addRouteTablesCli } from '../fix-commands.js';
import { endpointsForService, primaryEndpoint } from '../net/endpoint-for-service.js';
import { makeFinding, makeFix, routeFor, taskRouteTableIds } from './support.js';

const s3GatewayRoutePresent: Check = {
  id: 's3-gateway-route-present',
  codes: ['S3_GATEWAY_ROUTE_MISSING'],
  scope: 'network',
  evaluate: (context) => {
    const route = routeFor(context, 's3');
    if (route === null) return notApplicable('the task does not need S3');
    if (route.via === 'endpoint' && route.endpoint?.type === 'Interface') {
      return notApplicable(`S3 goes through the interface endpoint ${route.endpoint.vpcEndpointId}, not a gateway route`);
    }
    const gateways = endpointsForService(context.snapshot, 's3', 'Gateway');
    const endpoint = primaryEndpoint(gateways);
    if (endpoint === null) return notApplicable('there is no S3 gateway endpoint to route to');
    // A table can carry the route of one S3 gateway endpoint only: any of them counts.
    const served = new Set(gateways.flatMap((gateway) => gateway.routeTableIds));
    const missing = taskRouteTableIds(context).filter((tableId) => !served.has(tableId));
    if (missing.length === 0) return pass(`${endpoint.vpcEndpointId} is on every task route table`);
    const viaEgress = context.egressWorks;
    return {
      status: 'fail',
      explanation: `${endpoint.vpcEndpointId} is not on ${missing.join(', ')}`,
      findings: [
        makeFinding({
          code: 'S3_GATEWAY_ROUTE_MISSING',
          severity: viaEgress ? 'info' : 'error',
          message: `S3 gateway endpoint ${endpoint.vpcEndpointId} exists but is not associated with route table ${missing.join(', ')} of the task subnets, so ${viaEgress ? 'S3 traffic takes the NAT path (and pays for it)' : 'image layer downloads from S3 time out'}. Adding the table can briefly interrupt existing S3 connections of those subnets.`,
          resources: [endpoint.vpcEndpointId, ...missing],
          fix: makeFix(
            `Add route table ${missing.join(', ')} to ${endpoint.vpcEndpointId}.`,
            [
              `VPC console > Endpoints > ${endpoint.vpcEndpointId} > Route tables > Manage route tables > tick ${missing.join(', ')}`,
            ],
            [addRouteTablesCli(context.region, endpoint.vpcEndpointId, missing)],
            // Only when it is the cause: a working NAT path is not worth an S3 interruption.
            !viaEgress
          ),
          service: 's3',
          cause: !viaEgress && explainsStopReason(context, { services: ['s3'] }),
        }),
      ],
    };
  },
};

export { s3GatewayRoutePresent };
