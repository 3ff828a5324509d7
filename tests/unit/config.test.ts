import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../shared/config.js';
import { ConfigError } from '../../shared/errors.js';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:ecs-netfix-alerts';
const FUNCTION = 'arn:aws:lambda:eu-west-1:123456789012:function:ecs-netfix';
const ROLE = 'arn:aws:iam::123456789012:role/ecs-netfix-scheduler';

function failureOf(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('defaults to a safe dry run on the default bus with six endpoints per run and English alerts', () => {
    expect(loadConfig({})).toEqual({
      dryRun: true,
      alertTopicArn: null,
      eventBusName: 'default',
      allowedVpcIds: [],
      allowedClusters: [],
      maxEndpointsPerRun: 6,
      allowUserEndpointChanges: false,
      alertLanguage: 'en',
      stateTableName: null,
      alertCoalesceSeconds: 3,
      incidentTtlHours: 24,
      permissionCheck: 'simulate',
      redeployAfterFix: false,
      selfFunctionArn: null,
      schedulerRoleArn: null,
      verifyDelaySeconds: 120,
      scheduleGroupName: 'default',
      region: 'us-east-1',
      spokeRoleName: null,
      allowedAccountIds: [],
    });
  });

  it('treats empty and blank variables as unset', () => {
    expect(loadConfig({ DRY_RUN: '', MAX_ENDPOINTS_PER_RUN: '  ', ALERT_TOPIC_ARN: '', EVENT_BUS_NAME: ' ' })).toMatchObject({
      dryRun: true,
      maxEndpointsPerRun: 6,
      alertTopicArn: null,
      eventBusName: 'default',
    });
  });

  it('reads every variable when all are set', () => {
    const config = loadConfig({
      DRY_RUN: 'false',
      ALERT_TOPIC_ARN: TOPIC,
      EVENT_BUS_NAME: 'ops',
      ALLOWED_VPC_IDS: 'vpc-0abc',
      ALLOWED_CLUSTERS: 'prod',
      MAX_ENDPOINTS_PER_RUN: '3',
      ALLOW_USER_ENDPOINT_CHANGES: 'true',
      ALERT_LANGUAGE: 'KO',
      STATE_TABLE_NAME: 'ecs-netfix-state',
      ALERT_COALESCE_SECONDS: '0',
      INCIDENT_TTL_HOURS: '48',
      PERMISSION_CHECK: 'off',
      REDEPLOY_AFTER_FIX: 'yes',
      SELF_FUNCTION_ARN: FUNCTION,
      SCHEDULER_ROLE_ARN: ROLE,
      VERIFY_DELAY_SECONDS: '300',
      SCHEDULE_GROUP_NAME: 'ecs-netfix',
      AWS_REGION: 'ap-northeast-2',
      SPOKE_ROLE_NAME: 'ecs-netfix-spoke',
      ALLOWED_ACCOUNT_IDS: '111111111111, 222222222222',
    });

    expect(config).toEqual({
      dryRun: false,
      alertTopicArn: TOPIC,
      eventBusName: 'ops',
      allowedVpcIds: ['vpc-0abc'],
      allowedClusters: ['prod'],
      maxEndpointsPerRun: 3,
      allowUserEndpointChanges: true,
      alertLanguage: 'ko',
      stateTableName: 'ecs-netfix-state',
      alertCoalesceSeconds: 0,
      incidentTtlHours: 48,
      permissionCheck: 'off',
      redeployAfterFix: true,
      selfFunctionArn: FUNCTION,
      schedulerRoleArn: ROLE,
      verifyDelaySeconds: 300,
      scheduleGroupName: 'ecs-netfix',
      region: 'ap-northeast-2',
      spokeRoleName: 'ecs-netfix-spoke',
      allowedAccountIds: ['111111111111', '222222222222'],
    });
  });

  describe('hub mode (SPOKE_ROLE_NAME, ALLOWED_ACCOUNT_IDS)', () => {
    it('is on with a role name alone (any account of the organisation), and drops repeated ids', () => {
      expect(loadConfig({ SPOKE_ROLE_NAME: 'team+netfix=spoke,v1.0@ops_x' })).toMatchObject({
        spokeRoleName: 'team+netfix=spoke,v1.0@ops_x',
        allowedAccountIds: [],
      });
      expect(
        loadConfig({ SPOKE_ROLE_NAME: 'spoke', ALLOWED_ACCOUNT_IDS: '111111111111,111111111111' }).allowedAccountIds
      ).toEqual(['111111111111']);
    });

    it.each([
      ['a path', 'service-role/ecs-netfix-spoke'],
      ['an ARN', 'arn:aws:iam::111111111111:role/ecs-netfix-spoke'],
      ['a space', 'ecs netfix'],
      ['65 characters', 'r'.repeat(65)],
      ['a non-ASCII letter', 'spöke'],
    ])('refuses a SPOKE_ROLE_NAME with %s', (_what, name) => {
      expect(failureOf({ SPOKE_ROLE_NAME: name }).message).toMatch(
        /^SPOKE_ROLE_NAME: ".*" is not valid \(expected an IAM role name/
      );
    });

    it.each([['11111111111'], ['1111111111111'], ['11111111111a'], ['111111111111;222222222222'], ['*']])(
      'refuses ALLOWED_ACCOUNT_IDS=%j',
      (ids) => {
        expect(failureOf({ SPOKE_ROLE_NAME: 'spoke', ALLOWED_ACCOUNT_IDS: ids }).message).toMatch(
          /^ALLOWED_ACCOUNT_IDS: ".*" is not valid \(expected a comma-separated list of 12-digit account ids\)$/
        );
      }
    );

    it('refuses an account list without hub mode instead of ignoring it', () => {
      expect(failureOf({ ALLOWED_ACCOUNT_IDS: '111111111111' }).message).toMatch(
        /^ALLOWED_ACCOUNT_IDS: applies to hub mode only/
      );
    });
  });

  it.each([
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['on', true],
    ['false', false],
    ['False', false],
    ['0', false],
    ['no', false],
    [' off ', false],
  ])('reads DRY_RUN=%j as %s', (raw, expected) => {
    expect(loadConfig({ DRY_RUN: raw }).dryRun).toBe(expected);
  });

  it.each([
    ['ALLOWED_VPC_IDS', 'vpc-0abc,vpc-0def', ['vpc-0abc', 'vpc-0def']],
    ['ALLOWED_VPC_IDS', ' vpc-0abc  vpc-0def ', ['vpc-0abc', 'vpc-0def']],
    ['ALLOWED_VPC_IDS', 'vpc-0abc, vpc-0def,,', ['vpc-0abc', 'vpc-0def']],
    [
      'ALLOWED_CLUSTERS',
      'prod,arn:aws:ecs:eu-west-1:123456789012:cluster/staging',
      ['prod', 'arn:aws:ecs:eu-west-1:123456789012:cluster/staging'],
    ],
    ['ALLOWED_CLUSTERS', 'prod\nstaging', ['prod', 'staging']],
  ])('splits %s=%j on commas and spaces', (name, raw, expected) => {
    const config = loadConfig({ [name]: raw });
    const list = name === 'ALLOWED_VPC_IDS' ? config.allowedVpcIds : config.allowedClusters;
    expect(list).toEqual(expected);
  });

  it.each([
    ['DRY_RUN', 'maybe'],
    ['DRY_RUN', 'ture'],
    ['REDEPLOY_AFTER_FIX', '2'],
    ['ALLOW_USER_ENDPOINT_CHANGES', 'sure'],
    ['MAX_ENDPOINTS_PER_RUN', 'six'],
    ['MAX_ENDPOINTS_PER_RUN', '-1'],
    ['MAX_ENDPOINTS_PER_RUN', '51'],
    ['MAX_ENDPOINTS_PER_RUN', '2.5'],
    ['ALERT_COALESCE_SECONDS', '61'],
    ['INCIDENT_TTL_HOURS', '0'],
    ['INCIDENT_TTL_HOURS', '721'],
    ['VERIFY_DELAY_SECONDS', '3601'],
    ['ALERT_LANGUAGE', 'fr'],
    ['PERMISSION_CHECK', 'sometimes'],
    ['ALLOWED_VPC_IDS', 'vpc-0abc,subnet-0a'],
    ['ALLOWED_VPC_IDS', 'VPC-0ABC'],
    ['ALLOWED_CLUSTERS', 'prod;rm -rf'],
    ['ALERT_TOPIC_ARN', 'ecs-netfix-alerts'],
    ['ALERT_TOPIC_ARN', 'arn:aws:sns:eu-west-1:1234:alerts'],
    ['SELF_FUNCTION_ARN', 'ecs-netfix'],
    ['SCHEDULER_ROLE_ARN', 'arn:aws:iam::role/missing-account'],
    ['STATE_TABLE_NAME', 'ab'],
    ['STATE_TABLE_NAME', 'table with spaces'],
  ])('fails on %s=%j, naming the variable', (name, raw) => {
    const error = failureOf({ [name]: raw });

    expect(error.name).toBe('ConfigError');
    expect(error.message.startsWith(`${name}: `)).toBe(true);
    expect(error.resource).toBe(name);
  });

  it('quotes the bad value and the accepted range in the message', () => {
    expect(failureOf({ MAX_ENDPOINTS_PER_RUN: '99' }).message).toBe(
      'MAX_ENDPOINTS_PER_RUN: expected a whole number from 0 to 50, got "99"'
    );
    expect(failureOf({ ALLOWED_VPC_IDS: 'vpc-0abc vpc-xyz' }).message).toBe('ALLOWED_VPC_IDS: "vpc-xyz" is not valid');
  });

  it('accepts ARNs of other partitions', () => {
    const config = loadConfig({ ALERT_TOPIC_ARN: 'arn:aws-cn:sns:cn-north-1:123456789012:alerts' });

    expect(config.alertTopicArn).toBe('arn:aws-cn:sns:cn-north-1:123456789012:alerts');
  });

  it('reads nothing from process.env when given an environment', () => {
    const saved = process.env.DRY_RUN;
    process.env.DRY_RUN = 'false';
    try {
      expect(loadConfig({}).dryRun).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.DRY_RUN;
      else process.env.DRY_RUN = saved;
    }
  });
});
