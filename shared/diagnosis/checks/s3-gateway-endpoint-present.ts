/**
 * `s3-gateway-endpoint-present`: the VPC has an S3 gateway endpoint when the task needs S3
 * (ECR image layers live in S3; environment files too). Gateway endpoints are free.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html#ecr-setting-up-s3-gateway
 */
import type { Check } from '../check.js';
import { explainsStopReason } from '../context.js';
import { notApplicable, pass } from '../check.js';
import { createGatewayEndpointCli } from '../fix-commands.js';
import { endpointsForService } from '../net/endpoint-for-service.js';
import { makeFinding, makeFix, routeFor, taskRouteTableIds, vpcIdOrPlaceholder } from './support.js';

const s3GatewayEndpointPresent: Check = {
  id: 's3-gateway-endpoint-present',
  codes: ['S3_GATEWAY_ENDPOINT_MISSING'],
  scope: 'network',
  evaluate: (context) => {
    const route = routeFor(context, 's3');
    if (route === null) return notApplicable('the task does not need S3');
    if (route.via === 'endpoint' && route.endpoint?.type === 'Interface') {
      return pass(
        `the S3 interface endpoint ${route.endpoint.vpcEndpointId} carries the VPC's S3 traffic (private DNS for the VPC)`
      );
    }
    const gateways = endpointsForService(context.snapshot, 's3', 'Gateway');
    if (gateways.length > 0) return pass(`${gateways.map((e) => e.vpcEndpointId).join(', ')} serves S3`);
    const tables = taskRouteTableIds(context);
    const vpcId = vpcIdOrPlaceholder(context);
    const cli = createGatewayEndpointCli(context.region, vpcId, tables.length > 0 ? tables : ['<route-table-id>']);
    const consoleSteps = [
      `VPC console > Endpoints > Create endpoint > AWS services > com.amazonaws.${context.region}.s3, type Gateway`,
      `VPC ${vpcId}; route tables ${tables.join(', ') || '(those of the task subnets)'}`,
    ];
    const why = `The task needs S3 (${route.need.reasons.join('; ')})`;
    const viaEgress = context.egressWorks;
    return {
      status: 'fail',
      explanation: 'no S3 gateway endpoint in the VPC',
      findings: [
        makeFinding({
          code: 'S3_GATEWAY_ENDPOINT_MISSING',
          severity: viaEgress ? 'info' : 'error',
          message: viaEgress
            ? `${why}. It reaches S3 through the NAT/internet path today; a gateway endpoint is free and saves NAT data charges.`
            : `${why}, but the VPC has no S3 gateway endpoint and the task subnets have no NAT or internet path, so layer downloads time out.`,
          resources: [vpcId, ...tables],
          fix: makeFix(
            `Create an S3 gateway endpoint on route table${tables.length === 1 ? '' : 's'} ${tables.join(', ')}.`,
            consoleSteps,
            [cli],
            !viaEgress
          ),
          service: 's3',
          cause: !viaEgress && explainsStopReason(context, { services: ['s3'] }),
        }),
      ],
    };
  },
};

export { s3GatewayEndpointPresent };
