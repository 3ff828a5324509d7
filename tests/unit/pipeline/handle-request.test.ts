import { DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createAwsClients } from '../../../shared/aws/clients.js';
import { type Config, loadConfig } from '../../../shared/config.js';
import { type RemediationDeps, handleRequest } from '../../../shared/pipeline/handle-request.js';
import { loadEvent } from '../../helpers/load-event.js';

const mocks = {
  ec2: mockClient(EC2Client),
  ecs: mockClient(ECSClient),
  iam: mockClient(IAMClient),
  sns: mockClient(SNSClient),
  events: mockClient(EventBridgeClient),
  dynamodb: mockClient(DynamoDBClient),
  scheduler: mockClient(SchedulerClient),
};
const NOW = new Date('2026-11-20T09:15:45.000Z');
const CONTEXT = { requestId: 'request-1' };

function deps(config: Partial<Config> = {}): RemediationDeps {
  const clients = createAwsClients({ region: 'eu-west-1', maxAttempts: 1 });
  return {
    config: { ...loadConfig({}), ...config },
    clientsFor: () => clients,
    permissionsFor: () => ({
      check: async (roleArn: string) => ({ evaluated: false, roleArn, results: [], note: 'not evaluated in unit tests' }),
    }),
    defaultRegion: 'eu-west-1',
    now: () => NOW,
    sleep: async () => undefined,
  };
}

/** AWS calls the run made, per client: what "no calls" must mean. */
function callsPerClient(): Record<string, number> {
  return Object.fromEntries(Object.entries(mocks).map(([name, mock]) => [name, mock.calls().length]));
}

const NO_CALLS = { ec2: 0, ecs: 0, iam: 0, sns: 0, events: 0, dynamodb: 0, scheduler: 0 };

afterEach(() => {
  for (const mock of Object.values(mocks)) mock.reset();
});

describe('handleRequest', () => {
  it.each([
    ['an empty object', {}],
    ['null', null],
    ['a string', 'ecs task failed'],
    ['an ECS event without detail', { source: 'aws.ecs', 'detail-type': 'ECS Task State Change' }],
  ])('rejects %s as invalid, says why, and makes no AWS call', async (_case, input) => {
    // Act
    const report = await handleRequest(input, deps(), CONTEXT);

    // Assess
    expect(report.outcome).toBe('invalid');
    expect(report.note).toEqual(expect.any(String));
    expect(report.note?.length).toBeGreaterThan(0);
    expect(report.summary.startsWith('Input rejected')).toBe(true);
    expect(report.calls.total).toBe(0);
    expect(callsPerClient()).toEqual(NO_CALLS);
  });

  it('ignores a task that is running, without any AWS call', async () => {
    const report = await handleRequest(loadEvent('running-task'), deps(), CONTEXT);

    expect(report.outcome).toBe('ignored');
    expect(report.note).toEqual(expect.any(String));
    expect(callsPerClient()).toEqual(NO_CALLS);
  });

  it('ignores a user-initiated stop, without any AWS call', async () => {
    const report = await handleRequest(loadEvent('user-initiated-stop'), deps(), CONTEXT);

    expect(report.outcome).toBe('ignored');
    expect(callsPerClient()).toEqual(NO_CALLS);
  });

  it('calls an image that is gone not a network problem and never reads or changes the VPC', async () => {
    const report = await handleRequest(loadEvent('image-not-found'), deps({ dryRun: false }), CONTEXT);

    expect(report.outcome).toBe('not-network');
    expect(report.classification?.category).not.toMatch(/unreachable|network/);
    expect(report.findings.map((finding) => finding.code)).toContain('NOT_A_NETWORK_PROBLEM');
    expect(report.actions).toEqual([]);
    expect(mocks.ec2.calls()).toHaveLength(0);
  });

  it('leaves a cluster outside ALLOWED_CLUSTERS alone, naming it, without touching EC2', async () => {
    const report = await handleRequest(
      loadEvent('ecr-api-timeout'),
      deps({ dryRun: false, allowedClusters: ['payments-prod'] }),
      CONTEXT
    );

    expect(report.outcome).toBe('out-of-scope');
    expect(report.note).toBe('cluster orders-prod is not in ALLOWED_CLUSTERS');
    expect(report.summary).toBe('Out of scope (orders-prod/orders-api): cluster orders-prod is not in ALLOWED_CLUSTERS');
    expect(callsPerClient()).toEqual(NO_CALLS);
  });

  it('counts a follower into the incident another invocation leads and does nothing else', async () => {
    // Prepare: an open incident led by another event, with a live lease and two failures so far
    const stored = {
      pk: { S: 'INCIDENT#eu-west-1#123456789012#orders-prod#service:orders-api' },
      sk: { S: 'network' },
      incidentId: { S: 'ecs-netfix/orders-prod/service:orders-api/network/20260820T091540' },
      region: { S: 'eu-west-1' },
      cluster: { S: 'orders-prod' },
      service: { S: 'orders-api' },
      state: { S: 'open' },
      mode: { S: 'live' },
      version: { N: '2' },
      leader: { S: 'another-event' },
      leaseUntil: { N: String(NOW.getTime() + 120_000) },
      expiresAt: { N: String(Math.floor(NOW.getTime() / 1000) + 86_400) },
      taskIds: { SS: ['task-a', 'task-b'] },
      firstFailureAt: { S: '2026-11-20T09:15:40.000Z' },
      lastFailureAt: { S: '2026-11-20T09:15:44.000Z' },
    };
    mocks.dynamodb.on(GetItemCommand).resolves({ Item: stored });
    mocks.dynamodb.on(UpdateItemCommand).resolves({
      Attributes: { ...stored, taskIds: { SS: ['task-a', 'task-b', '1f0a8b7c6b3c4f0e9d1a6d5e4f3a2b1c'] } },
    });

    // Act
    const report = await handleRequest(
      loadEvent('ecr-api-timeout'),
      deps({ dryRun: false, stateTableName: 'ecs-netfix-state', alertTopicArn: 'arn:aws:sns:eu-west-1:123456789012:alerts' }),
      CONTEXT
    );

    // Assess
    expect(report.outcome).toBe('deduplicated');
    expect(report.note).toBe('another invocation is handling this incident');
    expect(report.incident).toEqual({
      incidentId: 'ecs-netfix/orders-prod/service:orders-api/network/20260820T091540',
      failureCount: 3,
      firstFailureAt: '2026-11-20T09:15:40.000Z',
      state: 'open',
      leader: false,
    });
    expect(report.summary).toBe('Already being handled (orders-prod/orders-api): another invocation is handling this incident');
    expect(mocks.dynamodb.commandCalls(PutItemCommand)).toHaveLength(0);
    expect(callsPerClient()).toMatchObject({ ec2: 0, ecs: 0, iam: 0, sns: 0, events: 0, scheduler: 0 });
  });
});

describe('handleRequest in hub mode: accounts', () => {
  const HUB_ACCOUNT = '123456789012';
  /** The fixture event, moved to another account (every ARN and the `account` field). */
  function eventFrom(account: string, fields: { account?: string } = {}): unknown {
    const event = JSON.parse(JSON.stringify(loadEvent('ecr-api-timeout')).replaceAll(HUB_ACCOUNT, account)) as Record<
      string,
      unknown
    >;
    return { ...event, ...fields };
  }
  function hubDeps(allowedAccountIds: string[], config: Partial<Config> = {}): RemediationDeps {
    return {
      ...deps({
        dryRun: false,
        stateTableName: 'ecs-netfix-state',
        spokeRoleName: 'ecs-netfix-spoke',
        allowedAccountIds,
        ...config,
      }),
      home: { region: 'eu-west-1', accountId: HUB_ACCOUNT, hub: { allowedAccountIds } },
    };
  }

  it.each([
    [
      'an account outside ALLOWED_ACCOUNT_IDS',
      eventFrom('555555555555'),
      ['210987654321'],
      /account 555555555555 is not in this hub's ALLOWED_ACCOUNT_IDS/,
    ],
    [
      "an allowed account field over another account's ARNs",
      eventFrom('555555555555', { account: '210987654321' }),
      ['210987654321'],
      /accounts 210987654321 and 555555555555/,
    ],
    [
      "an allowed account field over the hub's own ARNs",
      eventFrom(HUB_ACCOUNT, { account: '210987654321' }),
      [],
      /accounts 210987654321 and 123456789012/,
    ],
  ])('rejects %s as invalid, naming why, with no AWS call and no retry', async (_case, event, allowed, reason) => {
    const report = await handleRequest(event, hubDeps(allowed), CONTEXT);

    expect(report.outcome).toBe('invalid');
    expect(report.note).toMatch(reason);
    expect(report.calls.total).toBe(0);
    expect(callsPerClient()).toEqual(NO_CALLS);
  });

  it('rejects a member account outright when hub mode is off', async () => {
    const report = await handleRequest(
      eventFrom('210987654321'),
      { ...deps({ dryRun: false }), home: { region: 'eu-west-1', accountId: HUB_ACCOUNT } },
      CONTEXT
    );

    expect(report.outcome).toBe('invalid');
    expect(report.note).toMatch(/names account 210987654321, but this deployment serves account 123456789012 only/);
    expect(callsPerClient()).toEqual(NO_CALLS);
  });
});
