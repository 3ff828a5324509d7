/**
 * The parameters that decide what ecs-netfix may do in an account: the same names, values and
 * defaults on the ready stack and on the spoke stack, so a spoke is given the hub's settings.
 */
import { CfnCondition, CfnParameter, Fn } from 'aws-cdk-lib';
import type { Stack } from 'aws-cdk-lib';
import type { AccountModes } from './account-permissions.js';
import { CLUSTER_NAME_PATTERN, VPC_ID_PATTERN } from './allow-lists.js';

interface AccountParameters {
  modes: AccountModes;
  allowedVpcIds: string[];
  allowedClusters: string[];
}

function switchParameter(stack: Stack, name: string, conditionId: string, defaultValue: 'true' | 'false', description: string): CfnCondition {
  const parameter = new CfnParameter(stack, name, { type: 'String', default: defaultValue, allowedValues: ['true', 'false'], description });
  return new CfnCondition(stack, conditionId, { expression: Fn.conditionEquals(parameter.valueAsString, 'true') });
}

/** DryRun, RedeployAfterFix, AllowUserEndpointChanges, AllowedVpcIds and AllowedClusters. */
function accountParameters(stack: Stack): AccountParameters {
  const dryRun = switchParameter(stack, 'DryRun', 'IsDryRun', 'true', 'true: diagnose and alert only. The function then holds no EC2 write permission.');
  const redeployAfterFix = switchParameter(stack, 'RedeployAfterFix', 'IsRedeployAfterFix', 'false', 'Force a new service deployment after a fix and verify it (EventBridge Scheduler).');
  const allowUserEndpointChanges = switchParameter(
    stack,
    'AllowUserEndpointChanges',
    'IsAllowUserEndpointChanges',
    'false',
    'true: in live mode, also add missing route tables to S3 gateway endpoints ecs-netfix did not create (grants ModifyVpcEndpoint on untagged endpoints). false: alert with the command.'
  );
  const allowedVpcIds = new CfnParameter(stack, 'AllowedVpcIds', {
    type: 'CommaDelimitedList',
    default: '',
    // For a CommaDelimitedList, CloudFormation matches the pattern against each value.
    allowedPattern: VPC_ID_PATTERN,
    constraintDescription: 'VPC IDs (vpc-0123abcd), comma separated',
    description: 'VPC IDs ecs-netfix may act on, comma separated; empty means every VPC. Also narrows the IAM policy.',
  });
  const allowedClusters = new CfnParameter(stack, 'AllowedClusters', {
    type: 'CommaDelimitedList',
    default: '',
    // Names only: the template cannot turn a deploy-time ARN into its name (the construct can).
    allowedPattern: CLUSTER_NAME_PATTERN,
    constraintDescription: 'ECS cluster names (not ARNs), comma separated',
    description: 'ECS cluster names (not ARNs) ecs-netfix may act on, comma separated; empty means every cluster. Also narrows ecs:UpdateService.',
  });
  return {
    modes: { dryRun, redeployAfterFix, allowUserEndpointChanges },
    allowedVpcIds: allowedVpcIds.valueAsList,
    allowedClusters: allowedClusters.valueAsList,
  };
}

export { accountParameters };
export type { AccountParameters };
