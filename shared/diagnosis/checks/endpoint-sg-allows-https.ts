/**
 * `endpoint-sg-allows-https`: an interface endpoint's security groups let TCP 443 in from the
 * tasks (their security groups, or CIDRs covering their subnets).
 * https://docs.aws.amazon.com/vpc/latest/privatelink/interface-endpoints.html#vpce-interface-security-group
 */
import type { Check } from '../check.js';
import type { Finding } from '../finding.js';
import type { RulePeer } from '../fix-commands.js';
import { explainsStopReason } from '../context.js';
import { failWith, notApplicable } from '../check.js';
import { authorizeHttpsIngressCli } from '../fix-commands.js';
import { sgAllowsHttpsFrom } from '../net/sg-allows-https.js';
import { interfaceRoutesWithEndpoint, listWords, makeFinding, makeFix } from './support.js';

const endpointSgAllowsHttps: Check = {
  id: 'endpoint-sg-allows-https',
  codes: ['ENDPOINT_SG_BLOCKS_HTTPS'],
  scope: 'network',
  evaluate: (context) => {
    const routes = interfaceRoutesWithEndpoint(context).filter((route) => route.endpoint.state === 'available');
    if (routes.length === 0) return notApplicable('no available interface endpoint to reach');
    const taskGroupIds = context.snapshot.network.securityGroupIds;
    const taskCidrs = context.taskSubnets.map((subnet) => subnet.cidrBlock);
    const peer = { cidrs: taskCidrs, groupIds: taskGroupIds ?? [], prefixListIds: [] };
    // Endpoints sharing the same groups get one finding: one rule fixes them all.
    const blockedByGroups = new Map<string, typeof routes>();
    for (const route of routes) {
      const groups = context.snapshot.securityGroups.filter((group) => route.endpoint.securityGroupIds.includes(group.groupId));
      if (groups.length === 0) continue; // groups not described: nothing to judge
      if (sgAllowsHttpsFrom(groups, peer)) continue;
      const key = [...route.endpoint.securityGroupIds].sort().join(',');
      blockedByGroups.set(key, [...(blockedByGroups.get(key) ?? []), route]);
    }
    const findings: Finding[] = [];
    for (const [key, blocked] of blockedByGroups) {
      const groupIds = key.split(',');
      const targetGroup = groupIds[0] ?? '<endpoint-sg-id>';
      const services = blocked.map((route) => route.need.service);
      const inUse = blocked.some((route) => route.via === 'endpoint');
      const sources: RulePeer[] =
        taskGroupIds !== null && taskGroupIds.length > 0
          ? taskGroupIds.map((groupId) => ({ groupId }))
          : (context.snapshot.vpc?.cidrBlocks ?? taskCidrs).map((cidr) => ({ cidr }));
      const unknownNote =
        taskGroupIds === null ? ' The task security groups are unknown, so only CIDR rules were considered.' : '';
      findings.push(
        makeFinding({
          code: 'ENDPOINT_SG_BLOCKS_HTTPS',
          severity: inUse ? 'error' : 'warning',
          message: `Security group ${groupIds.join(', ')} of the ${listWords(services)} endpoint${blocked.length > 1 ? 's' : ''} does not allow TCP 443 in from the tasks (${[...(taskGroupIds ?? []), ...taskCidrs].join(', ')}), so connections to ${listWords(services)} time out.${unknownNote}`,
          resources: [...groupIds, ...blocked.map((route) => route.endpoint.vpcEndpointId)],
          fix: makeFix(
            `Allow TCP 443 into ${targetGroup} from ${sources.map((source) => ('groupId' in source ? source.groupId : 'cidr' in source ? source.cidr : source.prefixListId)).join(', ')}.`,
            [
              `VPC console > Security groups > ${targetGroup} > Inbound rules > Edit > add HTTPS (443) from the task security group`,
            ],
            sources.map((source) => authorizeHttpsIngressCli(context.region, targetGroup, source)),
            false
          ),
          ...(services.length === 1 ? { service: services[0] } : {}),
          cause: inUse && explainsStopReason(context, { services }),
        })
      );
    }
    return failWith(
      findings,
      'an endpoint security group blocks HTTPS from the tasks',
      'endpoint security groups allow HTTPS from the tasks'
    );
  },
};

export { endpointSgAllowsHttps };
