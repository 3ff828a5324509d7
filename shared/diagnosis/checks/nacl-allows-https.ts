/**
 * `nacl-allows-https`: the network ACLs on the path allow HTTPS both ways. NACLs are stateless:
 * the task subnet needs 443 out and ephemeral ports back in; an endpoint's subnet needs 443 in
 * and ephemeral ports back out. https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html
 */
import type { NetworkAclFacts } from '../../model/snapshot.js';
import type { Check } from '../check.js';
import type { Finding } from '../finding.js';
import { explainsStopReason } from '../context.js';
import { failWith, notApplicable } from '../check.js';
import { createNaclAllowEntryCli } from '../fix-commands.js';
import { EPHEMERAL_PORTS, httpsClientBlocks, httpsServerBlocks, naclForSubnet } from '../net/nacl-allows.js';
import { httpsDestinations } from './destinations.js';
import type { HttpsDestination } from './destinations.js';
import { makeFinding, makeFix } from './support.js';

interface AclProblem {
  acl: NetworkAclFacts;
  subnetIds: Set<string>;
  blocks: Set<string>;
  destinations: HttpsDestination[];
  /** Rules to add: direction, peer and ports. */
  entries: { egress: boolean; cidr: string; portFrom: number; portTo: number }[];
}

/** A rule number below every existing entry of that direction, so the new allow wins. */
function freeRuleNumber(acl: NetworkAclFacts, egress: boolean, offset: number): number {
  const numbers = acl.entries
    .filter((entry) => entry.egress === egress && entry.ruleNumber < 32767)
    .map((entry) => entry.ruleNumber);
  const lowest = numbers.length > 0 ? Math.min(...numbers) : 100;
  return Math.max(1, lowest - 1 - offset);
}

function record(
  problems: Map<string, AclProblem>,
  acl: NetworkAclFacts,
  subnetId: string,
  destination: HttpsDestination,
  blocks: string[],
  peerCidr: string
): void {
  if (blocks.length === 0) return;
  const problem = problems.get(acl.networkAclId) ?? {
    acl,
    subnetIds: new Set(),
    blocks: new Set(),
    destinations: [],
    entries: [],
  };
  problem.subnetIds.add(subnetId);
  for (const block of blocks) problem.blocks.add(block);
  if (!problem.destinations.includes(destination)) problem.destinations.push(destination);
  for (const block of blocks) {
    const isHttps = block.includes('TCP 443');
    const egress = block.startsWith('outbound');
    const ports = isHttps ? { portFrom: 443, portTo: 443 } : { portFrom: EPHEMERAL_PORTS.from, portTo: EPHEMERAL_PORTS.to };
    const entry = { egress, cidr: peerCidr, ...ports };
    const exists = problem.entries.some(
      (known) => known.egress === entry.egress && known.cidr === entry.cidr && known.portFrom === entry.portFrom
    );
    if (!exists) problem.entries.push(entry);
  }
  problems.set(acl.networkAclId, problem);
}

const naclAllowsHttps: Check = {
  id: 'nacl-allows-https',
  codes: ['NACL_BLOCKS_HTTPS'],
  scope: 'network',
  evaluate: (context) => {
    const destinations = httpsDestinations(context);
    if (destinations.length === 0 || context.taskSubnets.length === 0) return notApplicable('no HTTPS path in use to evaluate');
    const problems = new Map<string, AclProblem>();
    for (const subnet of context.taskSubnets) {
      const acl = naclForSubnet(context.snapshot, subnet.subnetId, context.vpcId);
      for (const destination of destinations) {
        for (const peerCidr of destination.peer.cidrs) {
          if (acl !== null) record(problems, acl, subnet.subnetId, destination, httpsClientBlocks(acl, peerCidr), peerCidr);
        }
        if (destination.kind !== 'interface-endpoint' || destination.endpoint === null) continue;
        // The endpoint side: only ACLs that list the endpoint subnet explicitly are known.
        for (const endpointSubnetId of destination.endpoint.subnetIds) {
          const endpointAcl = context.snapshot.networkAcls.find((candidate) => candidate.subnetIds.includes(endpointSubnetId));
          if (endpointAcl === undefined) continue;
          record(
            problems,
            endpointAcl,
            endpointSubnetId,
            destination,
            httpsServerBlocks(endpointAcl, subnet.cidrBlock),
            subnet.cidrBlock
          );
        }
      }
    }
    const findings: Finding[] = [...problems.values()].map((problem) => {
      const services = [...new Set(problem.destinations.flatMap((destination) => destination.services))];
      const egress = problem.destinations.some((destination) => destination.kind === 'internet');
      const aclId = problem.acl.networkAclId;
      const offsets = { true: 0, false: 0 };
      const cli = problem.entries.map((entry) => {
        const key = entry.egress ? 'true' : 'false';
        const ruleNumber = freeRuleNumber(problem.acl, entry.egress, offsets[key]);
        offsets[key] += 1;
        return createNaclAllowEntryCli({ region: context.region, networkAclId: aclId, ruleNumber, ...entry });
      });
      return makeFinding({
        code: 'NACL_BLOCKS_HTTPS',
        severity: 'error',
        message: `Network ACL ${aclId} (subnet ${[...problem.subnetIds].join(', ')}) blocks ${[...problem.blocks].join('; ')}, on the way to ${problem.destinations.map((destination) => destination.label).join('; ')}. NACLs are stateless: both directions need a rule.`,
        resources: [aclId, ...problem.subnetIds],
        fix: makeFix(
          `Add allow entries to ${aclId} ahead of the deny: ${[...problem.blocks].join('; ')}.`,
          [
            `VPC console > Network ACLs > ${aclId} > Edit inbound/outbound rules > add the allow rules with a lower rule number than the deny`,
          ],
          cli,
          false
        ),
        ...(services.length === 1 ? { service: services[0] } : {}),
        cause: explainsStopReason(context, { services, egress }),
      });
    });
    return failWith(findings, 'a network ACL blocks HTTPS on the path', 'the network ACLs allow HTTPS both ways');
  },
};

export { naclAllowsHttps };
