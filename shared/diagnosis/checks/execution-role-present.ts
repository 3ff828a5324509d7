/**
 * `execution-role-present`: a task definition that pulls from ECR, reads secrets or uses awslogs
 * names an execution role; ECS uses it for all three.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html
 */
import type { Check } from '../check.js';
import { explainsStopReason } from '../context.js';
import { notApplicable, pass } from '../check.js';
import { attachExecutionPolicyCli, createRoleCli, registerTaskDefinitionCli } from '../fix-commands.js';
import { makeFinding, makeFix } from './support.js';

const ASSUME_ROLE_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

const executionRolePresent: Check = {
  id: 'execution-role-present',
  codes: ['EXECUTION_ROLE_MISSING'],
  scope: 'always',
  evaluate: (context) => {
    const taskDefinition = context.snapshot.taskDefinition;
    if (taskDefinition === null) return notApplicable('the task definition is unknown');
    if (taskDefinition.executionRoleArn !== null) return pass(`execution role ${taskDefinition.executionRoleArn}`);
    if (!context.requirements.executionRoleNeeded) return notApplicable('nothing in the task definition needs an execution role');
    const uses = [
      taskDefinition.images.some((image) => image.registryKind === 'ecr') ? 'ECR images' : null,
      taskDefinition.secrets.length > 0 ? 'secrets' : null,
      taskDefinition.awsLogs.length > 0 ? 'the awslogs driver' : null,
    ].filter((use): use is string => use !== null);
    return {
      status: 'fail',
      explanation: 'no execution role',
      findings: [
        makeFinding({
          code: 'EXECUTION_ROLE_MISSING',
          severity: 'error',
          message: `Task definition ${taskDefinition.arn} uses ${uses.join(', ')} but names no execution role, so ECS cannot fetch them for the task.`,
          resources: [taskDefinition.arn],
          fix: makeFix(
            'Create an execution role with AmazonECSTaskExecutionRolePolicy and register a task definition revision that uses it.',
            [
              'IAM console > Roles > Create role > AWS service: Elastic Container Service Task > AmazonECSTaskExecutionRolePolicy',
              `ECS console > Task definitions > ${taskDefinition.family} > Create new revision > Task execution role`,
            ],
            [
              createRoleCli('ecsTaskExecutionRole', ASSUME_ROLE_POLICY),
              attachExecutionPolicyCli('ecsTaskExecutionRole'),
              registerTaskDefinitionCli(taskDefinition.family),
            ],
            false
          ),
          cause: explainsStopReason(context, { iam: true }),
        }),
      ],
    };
  },
};

export { executionRolePresent };
