/**
 * `endpoint-path-open`: when the stop reason shows a private IP timing out, the name already
 * resolved to an interface endpoint; creating one changes nothing. Something on the way blocks
 * it: a security group, a NACL or the endpoint policy.
 */
import type { Check } from '../check.js';
import { notApplicable, pass } from '../check.js';
import { describeEndpointCli } from '../fix-commands.js';
import { endpointsForService, primaryEndpoint } from '../net/endpoint-for-service.js';
import { makeFinding, makeFix } from './support.js';

const endpointPathOpen: Check = {
  id: 'endpoint-path-open',
  codes: ['PATH_BLOCKED_AT_ENDPOINT'],
  scope: 'network',
  evaluate: (context) => {
    const { evidence } = context.classification;
    if (evidence.ipScope !== 'private') return notApplicable('the stop reason shows no private IP timing out');
    const service = context.classifiedService;
    if (service === null) return notApplicable('the stop reason names no service');
    const endpoint = primaryEndpoint(endpointsForService(context.snapshot, service, 'Interface'));
    if (endpoint === null) {
      return pass(`a private IP timed out but the VPC has no ${service} interface endpoint (a proxy or custom DNS may answer)`);
    }
    const policyNote =
      endpoint.policyDocument === null ? '' : " The endpoint has a custom policy: check that it allows the task's calls.";
    const ip = evidence.ip ?? 'a private address';
    return {
      status: 'fail',
      explanation: `${ip} timed out at the ${service} endpoint`,
      findings: [
        makeFinding({
          code: 'PATH_BLOCKED_AT_ENDPOINT',
          severity: 'error',
          message: `The task reached ${ip}:443, a private address of the ${service} endpoint ${endpoint.vpcEndpointId}, and timed out: DNS works, so a security group, network ACL or the endpoint policy blocks the connection. A new endpoint would not help.${policyNote}`,
          resources: [endpoint.vpcEndpointId, ...endpoint.securityGroupIds, ...(evidence.ip === null ? [] : [evidence.ip])],
          fix: makeFix(
            `Open TCP 443 from the tasks to ${endpoint.vpcEndpointId}: endpoint security group inbound, task security group outbound, NACLs both ways.`,
            [
              `VPC console > Endpoints > ${endpoint.vpcEndpointId} > Security groups: inbound HTTPS from the task security group`,
              'Check the task security group outbound rules and the subnet network ACLs (see the other findings)',
            ],
            [
              describeEndpointCli(context.region, endpoint.vpcEndpointId),
              ...(endpoint.securityGroupIds.length > 0
                ? [
                    `aws ec2 describe-security-groups --group-ids ${endpoint.securityGroupIds.join(' ')} --region ${context.region}`,
                  ]
                : []),
            ],
            false
          ),
          service,
          cause: true,
        }),
      ],
    };
  },
};

export { endpointPathOpen };
