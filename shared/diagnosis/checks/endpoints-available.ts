/**
 * `endpoints-available`: the endpoints of the services the task needs are `available`.
 * A pending endpoint does not answer yet; a failed or rejected one never will.
 */
import type { Check } from '../check.js';
import type { Finding } from '../finding.js';
import { explainsStopReason } from '../context.js';
import { failWith, notApplicable } from '../check.js';
import { deleteEndpointCli, describeEndpointCli } from '../fix-commands.js';
import { endpointsForService } from '../net/endpoint-for-service.js';
import { endpointNeeds } from '../requirements.js';
import { makeFinding, makeFix } from './support.js';

function fixForState(region: string, endpointId: string, state: string): { summary: string; console: string[]; cli: string[] } {
  const lower = state.toLowerCase();
  if (lower === 'pending') {
    return {
      summary: `Wait for ${endpointId} to become available (usually a few minutes), then start the task again.`,
      console: [`VPC console > Endpoints > ${endpointId}: watch Status`],
      cli: [describeEndpointCli(region, endpointId)],
    };
  }
  if (lower === 'pendingacceptance') {
    return {
      summary: `Have the endpoint service owner accept ${endpointId}.`,
      console: [`VPC console > Endpoint services > Endpoint connections > accept ${endpointId}`],
      cli: [describeEndpointCli(region, endpointId)],
    };
  }
  return {
    summary: `Delete ${endpointId} (${state}) and create it again.`,
    console: [`VPC console > Endpoints > ${endpointId} > Actions > Delete, then create it again`],
    cli: [describeEndpointCli(region, endpointId), deleteEndpointCli(region, endpointId)],
  };
}

const endpointsAvailable: Check = {
  id: 'endpoints-available',
  codes: ['ENDPOINT_NOT_AVAILABLE'],
  scope: 'network',
  evaluate: (context) => {
    const needs = endpointNeeds(context.requirements);
    if (needs.length === 0) return notApplicable('the task needs no AWS service endpoint');
    const findings: Finding[] = [];
    for (const need of needs) {
      const endpoints = endpointsForService(context.snapshot, need.service, need.endpointType);
      // Another available endpoint for the same service makes a broken one irrelevant.
      if (endpoints.length === 0 || endpoints.some((endpoint) => endpoint.state === 'available')) continue;
      for (const endpoint of endpoints) {
        const fix = fixForState(context.region, endpoint.vpcEndpointId, endpoint.state);
        findings.push(
          makeFinding({
            code: 'ENDPOINT_NOT_AVAILABLE',
            severity: context.egressWorks ? 'warning' : 'error',
            message: `The ${need.service} endpoint ${endpoint.vpcEndpointId} is ${endpoint.state}, not available, so ${context.egressWorks ? 'traffic falls back to the NAT/internet path' : `the task cannot reach ${need.service}`}.`,
            resources: [endpoint.vpcEndpointId],
            fix: makeFix(fix.summary, fix.console, fix.cli, false),
            service: need.service,
            cause: !context.egressWorks && explainsStopReason(context, { services: [need.service] }),
          })
        );
      }
    }
    return failWith(findings, 'some needed endpoints are not available', 'every needed endpoint that exists is available');
  },
};

export { endpointsAvailable };
