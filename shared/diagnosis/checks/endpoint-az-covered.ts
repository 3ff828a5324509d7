/**
 * `endpoint-az-covered`: each needed interface endpoint has a subnet in every AZ the tasks run
 * in. Tasks elsewhere still reach it over private DNS, but across AZs (data charges, and an AZ
 * outage takes their path down). https://docs.aws.amazon.com/vpc/latest/privatelink/interface-endpoints.html
 */
import type { Check } from '../check.js';
import type { Finding } from '../finding.js';
import { MANAGED_BY_TAG } from '../../aws-names.js';
import { failWith, notApplicable } from '../check.js';
import type { SubnetFacts } from '../../model/snapshot.js';
import { oneSubnetPerAz, serviceOfferedIn } from '../context.js';
import { addSubnetsCli } from '../fix-commands.js';
import { interfaceRoutesWithEndpoint, makeFinding, makeFix } from './support.js';

function notOfferedFinding(service: string, endpointId: string, serviceName: string, subnets: SubnetFacts[]): Finding {
  const azs = subnets.map((subnet) => subnet.availabilityZone).join(', ');
  return makeFinding({
    code: 'ENDPOINT_AZ_NOT_COVERED',
    severity: 'info',
    message: `AWS does not offer ${serviceName} in ${azs}, so the ${service} endpoint ${endpointId} cannot have a subnet there: tasks in ${azs} reach it in another AZ (cross-AZ data charges; an outage of that AZ takes their path down).`,
    resources: [endpointId],
    fix: makeFix(
      `Nothing to add: ${serviceName} is not offered in ${azs}. To avoid cross-AZ traffic, run the tasks in AZs where it is offered.`,
      [],
      [],
      false
    ),
    service,
    cause: false,
  });
}

const endpointAzCovered: Check = {
  id: 'endpoint-az-covered',
  codes: ['ENDPOINT_AZ_NOT_COVERED'],
  scope: 'network',
  evaluate: (context) => {
    const routes = interfaceRoutesWithEndpoint(context);
    if (routes.length === 0 || context.taskSubnets.length === 0) {
      return notApplicable('no interface endpoint or no known task subnet to compare');
    }
    const subnetAz = new Map(context.snapshot.subnets.map((subnet) => [subnet.subnetId, subnet.availabilityZone]));
    const findings: Finding[] = [];
    for (const route of routes) {
      const endpoint = route.endpoint;
      // An endpoint subnet we know nothing about may be the one covering the AZ: do not guess.
      if (endpoint.subnetIds.some((subnetId) => !subnetAz.has(subnetId))) continue;
      const covered = new Set(endpoint.subnetIds.map((subnetId) => subnetAz.get(subnetId)));
      const missing = oneSubnetPerAz(context.taskSubnets).filter((subnet) => !covered.has(subnet.availabilityZone));
      // An AZ AWS does not offer the service in can never be added: say so once, as information.
      const notOffered = missing.filter(
        (subnet) => !serviceOfferedIn(context.snapshot, endpoint.serviceName, subnet.availabilityZone)
      );
      const uncovered = missing.filter((subnet) => !notOffered.includes(subnet));
      if (notOffered.length > 0)
        findings.push(notOfferedFinding(route.need.service, endpoint.vpcEndpointId, endpoint.serviceName, notOffered));
      if (uncovered.length === 0) continue;
      const managed = endpoint.tags[MANAGED_BY_TAG.key] === MANAGED_BY_TAG.value;
      const azs = uncovered.map((subnet) => subnet.availabilityZone);
      const subnetIds = uncovered.map((subnet) => subnet.subnetId);
      findings.push(
        makeFinding({
          code: 'ENDPOINT_AZ_NOT_COVERED',
          severity: 'warning',
          message: `The ${route.need.service} endpoint ${endpoint.vpcEndpointId} has no subnet in ${azs.join(', ')}, where tasks run: their traffic crosses AZs and fails if the endpoint's AZ does.`,
          resources: [endpoint.vpcEndpointId, ...subnetIds],
          fix: makeFix(
            `Add subnet ${subnetIds.join(', ')} to ${endpoint.vpcEndpointId}.`,
            [`VPC console > Endpoints > ${endpoint.vpcEndpointId} > Actions > Manage subnets > tick ${subnetIds.join(', ')}`],
            [addSubnetsCli(context.region, endpoint.vpcEndpointId, subnetIds)],
            // Only endpoints ecs-netfix created are ours to change.
            managed
          ),
          service: route.need.service,
          cause: false,
        })
      );
    }
    return failWith(findings, 'some endpoints miss an AZ the tasks use', 'every needed endpoint covers the task AZs');
  },
};

export { endpointAzCovered };
