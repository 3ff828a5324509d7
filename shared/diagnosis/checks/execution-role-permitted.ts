/**
 * `execution-role-permitted`: the execution role may do what the task start needs (ECR pulls,
 * logs, secrets, parameters, KMS), as iam:SimulatePrincipalPolicy answered during inspection.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html
 */
import type { Check } from '../check.js';
import { explainsStopReason } from '../context.js';
import { notApplicable, pass } from '../check.js';
import { attachExecutionPolicyCli, putRolePolicyCli, roleNameFromArn } from '../fix-commands.js';
import { makeFinding, makeFix } from './support.js';

/** Actions the AWS managed execution policy grants. */
const MANAGED_POLICY_PREFIXES = ['ecr:', 'logs:'];

const executionRolePermitted: Check = {
  id: 'execution-role-permitted',
  codes: ['EXECUTION_ROLE_PERMISSION_MISSING'],
  scope: 'always',
  evaluate: (context) => {
    const permissions = context.snapshot.permissions;
    if (!permissions.evaluated) return notApplicable(`permissions not evaluated: ${permissions.note ?? 'no reason given'}`);
    // A decision that needed context IAM could not be given is unknown, never a denial.
    const unevaluable = permissions.results.filter((result) => result.decision === 'missingContext');
    const denied = permissions.results.filter(
      (result) => result.decision === 'implicitDeny' || result.decision === 'explicitDeny'
    );
    const unknownNote =
      unevaluable.length > 0
        ? `; could not be evaluated without ${[...new Set(unevaluable.flatMap((result) => result.missingContextKeys ?? []))].join(', ') || 'more context'}: ${unevaluable.map((result) => result.action).join(', ')}`
        : '';
    if (denied.length === 0) return pass(`the execution role may do everything the task start needs${unknownNote}`);
    const roleArn = permissions.roleArn ?? '<execution-role-arn>';
    const roleName = roleNameFromArn(roleArn);
    const actions = [...new Set(denied.map((result) => result.action))];
    const managed = denied.filter((result) => MANAGED_POLICY_PREFIXES.some((prefix) => result.action.startsWith(prefix)));
    const custom = denied.filter((result) => !managed.includes(result));
    const cli = [
      ...(managed.length > 0 ? [attachExecutionPolicyCli(roleName)] : []),
      ...(custom.length > 0
        ? [
            putRolePolicyCli(
              roleName,
              'ecs-netfix-task-secrets',
              [...new Set(custom.map((result) => result.action))],
              [...new Set(custom.map((result) => result.resource))]
            ),
          ]
        : []),
    ];
    const explicit = denied.some((result) => result.decision === 'explicitDeny');
    return {
      status: 'fail',
      explanation: `the execution role lacks ${actions.join(', ')}${unknownNote}`,
      findings: [
        makeFinding({
          code: 'EXECUTION_ROLE_PERMISSION_MISSING',
          severity: 'error',
          message: `Execution role ${roleArn} is not allowed ${denied.map((result) => `${result.action} on ${result.resource}`).join(', ')}${explicit ? ' (an explicit Deny applies: a policy, boundary or SCP)' : ''}; the task cannot start without them.`,
          resources: [roleArn, ...actions],
          fix: makeFix(
            `Grant ${roleName} ${actions.join(', ')}${explicit ? ' and remove the explicit Deny' : ''}.`,
            [
              `IAM console > Roles > ${roleName} > Add permissions: AmazonECSTaskExecutionRolePolicy for ECR/logs, an inline policy for secrets, parameters and keys`,
            ],
            cli,
            false
          ),
          cause: explainsStopReason(context, { iam: true }),
        }),
      ],
    };
  },
};

export { executionRolePermitted };
