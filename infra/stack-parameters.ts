/**
 * The parameters that decide what ecs-netfix may do in an account: the same names, values and
 * defaults on the ready stack and on the spoke stack, so a spoke is given the hub's settings.
 */
import { CfnCondition, CfnParameter, Fn } from 'aws-cdk-lib';
import type { Stack } from 'aws-cdk-lib';
import type { AccountModes } from './account-permissions.js';
import { CLUSTER_NAME_PATTERN, VPC_ID_PATTERN } from './allow-lists.js';
import { SETTINGS } from '../shared/defaults.js';

interface AccountParameters {
  modes: AccountModes;
  allowedVpcIds: string[];
  allowedClusters: string[];
}

/** A 'true'/'false' parameter named and defaulted by `setting`, and the condition that it is true. */
function switchParameter(stack: Stack, setting: { parameter: string; default: boolean }, description: string): CfnCondition {
  const name = setting.parameter;
  const parameter = new CfnParameter(stack, name, {
    type: 'String',
    default: String(setting.default),
    allowedValues: ['true', 'false'],
    description,
  });
  const conditionId = `Is${name}`;
  return new CfnCondition(stack, conditionId, { expression: Fn.conditionEquals(parameter.valueAsString, 'true') });
}

/** DryRun, RedeployAfterFix, AllowUserEndpointChanges, AllowedVpcIds and AllowedClusters. */
function accountParameters(stack: Stack): AccountParameters {
  const dryRun = switchParameter(
    stack,
    SETTINGS.dryRun,
    'true: diagnose and alert only. The function then holds no EC2 write permission.'
  );
  const redeployAfterFix = switchParameter(
    stack,
    SETTINGS.redeployAfterFix,
    'Force a new service deployment after a fix and verify it (EventBridge Scheduler).'
  );
  const allowUserEndpointChanges = switchParameter(
    stack,
    SETTINGS.allowUserEndpointChanges,
    'true: in live mode, also add missing route tables to S3 gateway endpoints ecs-netfix did not create (grants ModifyVpcEndpoint on untagged endpoints). false: alert with the command.'
  );
  const allowedVpcIds = new CfnParameter(stack, SETTINGS.allowedVpcIds.parameter, {
    type: 'CommaDelimitedList',
    default: SETTINGS.allowedVpcIds.default.join(','),
    // For a CommaDelimitedList, CloudFormation matches the pattern against each value.
    allowedPattern: VPC_ID_PATTERN,
    constraintDescription: 'VPC IDs (vpc-0123abcd), comma separated',
    description: 'VPC IDs ecs-netfix may act on, comma separated; empty means every VPC. Also narrows the IAM policy.',
  });
  const allowedClusters = new CfnParameter(stack, SETTINGS.allowedClusters.parameter, {
    type: 'CommaDelimitedList',
    default: SETTINGS.allowedClusters.default.join(','),
    // Names only: the template cannot turn a deploy-time ARN into its name (the construct can).
    allowedPattern: CLUSTER_NAME_PATTERN,
    constraintDescription: 'ECS cluster names (not ARNs), comma separated',
    description:
      'ECS cluster names (not ARNs) ecs-netfix may act on, comma separated; empty means every cluster. Also narrows ecs:UpdateService.',
  });
  return {
    modes: { dryRun, redeployAfterFix, allowUserEndpointChanges },
    allowedVpcIds: allowedVpcIds.valueAsList,
    allowedClusters: allowedClusters.valueAsList,
  };
}

export { accountParameters };
export type { AccountParameters };
