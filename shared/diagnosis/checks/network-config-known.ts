/**
 * `network-config-known`: the task's security groups are known. A stopped standalone task's
 * groups were only in its RunTask call, so security group checks are partial without them.
 */
import type { Check } from '../check.js';
import { pass } from '../check.js';
import { lookupRunTaskEventsCli } from '../fix-commands.js';
import { makeFinding, makeFix } from './support.js';

const networkConfigKnown: Check = {
  id: 'network-config-known',
  codes: ['NETWORK_CONFIG_UNKNOWN'],
  scope: 'network',
  evaluate: (context) => {
    const network = context.snapshot.network;
    if (network.securityGroupIds !== null) return pass(`network settings from the ${network.source}`);
    const unchecked = [
      "the task security groups' outbound HTTPS rules",
      'endpoint security group rules that name the task security group (only CIDR rules were counted)',
      ...(network.assignPublicIp === null ? ['whether the task had a public IP'] : []),
    ];
    return {
      status: 'fail',
      explanation: 'the task security groups are unknown',
      findings: [
        makeFinding({
          code: 'NETWORK_CONFIG_UNKNOWN',
          severity: 'info',
          message: `The task's security groups could not be known (a standalone task: only its RunTask call had them), so these were not checked: ${unchecked.join('; ')}.`,
          resources: [context.task.taskArn],
          fix: makeFix(
            'Look up the RunTask call in CloudTrail for the security groups, or run the task from a service, then check again.',
            ['CloudTrail console > Event history > Event name = RunTask > networkConfiguration'],
            [lookupRunTaskEventsCli(context.region)],
            false
          ),
          cause: false,
        }),
      ],
    };
  },
};

export { networkConfigKnown };
