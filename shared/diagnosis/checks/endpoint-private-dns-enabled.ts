/**
 * `endpoint-private-dns-enabled`: interface endpoints the task needs have private DNS on, so
 * the service's usual name (e.g. `api.ecr.<region>.amazonaws.com`) resolves to them. Without it
 * the task still resolves public addresses and needs NAT.
 * https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html#private-dns
 */
import type { Check } from '../check.js';
import { explainsStopReason } from '../context.js';
import { failWith, notApplicable } from '../check.js';
import { enablePrivateDnsCli } from '../fix-commands.js';
import { interfaceRoutesWithEndpoint, makeFinding, makeFix } from './support.js';

const endpointPrivateDnsEnabled: Check = {
  id: 'endpoint-private-dns-enabled',
  codes: ['ENDPOINT_PRIVATE_DNS_DISABLED'],
  scope: 'network',
  evaluate: (context) => {
    const routes = interfaceRoutesWithEndpoint(context).filter((route) => route.endpoint.state === 'available');
    if (routes.length === 0) return notApplicable('no available interface endpoint for the services the task needs');
    const findings = routes
      .filter((route) => !route.endpoint.privateDnsEnabled)
      .map((route) => {
        const endpointId = route.endpoint.vpcEndpointId;
        return makeFinding({
          code: 'ENDPOINT_PRIVATE_DNS_DISABLED',
          severity: context.egressWorks ? 'warning' : 'error',
          message: `The ${route.need.service} endpoint ${endpointId} has private DNS turned off, so the task resolves the public ${route.need.service} address and ${context.egressWorks ? 'uses the NAT/internet path instead (the endpoint costs money and is unused)' : 'its connection times out'}.`,
          resources: [endpointId],
          fix: makeFix(
            `Turn on private DNS for ${endpointId}.`,
            [`VPC console > Endpoints > ${endpointId} > Actions > Modify private DNS name > Enable`],
            [enablePrivateDnsCli(context.region, endpointId)],
            false
          ),
          service: route.need.service,
          cause: !context.egressWorks && explainsStopReason(context, { services: [route.need.service], dns: true }),
        });
      });
    return failWith(findings, 'private DNS is off on some endpoints', 'private DNS is on for every needed endpoint');
  },
};

export { endpointPrivateDnsEnabled };
