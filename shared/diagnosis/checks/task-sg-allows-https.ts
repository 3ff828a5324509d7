/**
 * `task-sg-allows-https`: the task's security groups let TCP 443 out to where its traffic goes:
 * the endpoint security groups or subnets, the S3 prefix list, or 0.0.0.0/0 for NAT/IGW.
 * https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
 */
import type { Check } from '../check.js';
import type { RulePeer } from '../fix-commands.js';
import { explainsStopReason } from '../context.js';
import { notApplicable, pass } from '../check.js';
import { authorizeHttpsEgressCli } from '../fix-commands.js';
import { sgAllowsHttpsTo } from '../net/sg-allows-https.js';
import { httpsDestinations } from './destinations.js';
import type { HttpsDestination } from './destinations.js';
import { makeFinding, makeFix } from './support.js';

function ruleTarget(destination: HttpsDestination): RulePeer {
  const groupId = destination.peer.groupIds[0];
  if (destination.kind === 'interface-endpoint' && groupId !== undefined) return { groupId };
  const prefixListId = destination.peer.prefixListIds[0];
  if (destination.kind === 's3-gateway' && prefixListId !== undefined) return { prefixListId };
  return { cidr: destination.peer.cidrs[0] ?? '0.0.0.0/0' };
}

const taskSgAllowsHttps: Check = {
  id: 'task-sg-allows-https',
  codes: ['TASK_SG_BLOCKS_HTTPS'],
  scope: 'network',
  evaluate: (context) => {
    const taskGroupIds = context.snapshot.network.securityGroupIds;
    if (taskGroupIds === null) return notApplicable('the task security groups are unknown');
    const groups = context.snapshot.securityGroups.filter((group) => taskGroupIds.includes(group.groupId));
    if (groups.length === 0) return notApplicable('the task security groups were not described');
    const blocked = httpsDestinations(context).filter((destination) => !sgAllowsHttpsTo(groups, destination.peer));
    if (blocked.length === 0) return pass('the task security groups allow HTTPS out to every destination');
    const targetGroup = groups[0]?.groupId ?? '<task-sg-id>';
    const services = blocked.flatMap((destination) => destination.services);
    const egress = blocked.some((destination) => destination.egress || destination.kind === 'internet');
    return {
      status: 'fail',
      explanation: 'the task security groups block HTTPS out',
      findings: [
        makeFinding({
          code: 'TASK_SG_BLOCKS_HTTPS',
          severity: 'error',
          message: `The task security group${groups.length > 1 ? 's' : ''} ${taskGroupIds.join(', ')} do${groups.length > 1 ? '' : 'es'} not allow TCP 443 out to ${blocked.map((destination) => destination.label).join('; ')}, so the task cannot reach ${services.length > 0 ? services.join(', ') : 'the internet'}.`,
          resources: [
            ...taskGroupIds,
            ...blocked.flatMap((destination) => (destination.endpoint === null ? [] : [destination.endpoint.vpcEndpointId])),
          ],
          fix: makeFix(
            `Allow TCP 443 out of ${targetGroup} to ${blocked.map((destination) => destination.label).join('; ')}.`,
            [`VPC console > Security groups > ${targetGroup} > Outbound rules > Edit > add HTTPS (443) to each destination`],
            blocked.map((destination) => authorizeHttpsEgressCli(context.region, targetGroup, ruleTarget(destination))),
            false
          ),
          ...(services.length === 1 ? { service: services[0] } : {}),
          cause: explainsStopReason(context, { services, egress }),
        }),
      ],
    };
  },
};

export { taskSgAllowsHttps };
