/**
 * The verify step after a fix, with mocked clients: the state is claimed before the redeploy, a
 * transient redeploy failure gives the step back for the schedule's retry, and a permanent refusal
 * is told in the thread instead of stalling the incident.
 */
import { DynamoDBClient, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeVpcEndpointsCommand, EC2Client, type State } from '@aws-sdk/client-ec2';
import { ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createAwsClients } from '../../../shared/aws/clients.js';
import { loadConfig } from '../../../shared/config.js';
import { type RemediationDeps, handleRequest } from '../../../shared/pipeline/handle-request.js';

const ec2 = mockClient(EC2Client);
const ecs = mockClient(ECSClient);
const sns = mockClient(SNSClient);
const events = mockClient(EventBridgeClient);
const dynamodb = mockClient(DynamoDBClient);

const PK = 'INCIDENT#eu-west-1#123456789012#prod#service:web';
const VERIFY = { verify: { pk: PK, sk: 'network', attempt: 1 } };

function item(state: string) {
  return {
    pk: { S: PK },
    sk: { S: 'network' },
    incidentId: { S: 'ecs-netfix/prod/service:web/network/20261120T091500' },
    region: { S: 'eu-west-1' },
    cluster: { S: 'prod' },
    service: { S: 'web' },
    state: { S: state },
    mode: { S: 'live' },
    version: { N: '3' },
    leaseUntil: { N: '0' },
    expiresAt: { N: String(Math.floor(Date.now() / 1000) + 3600) },
    taskIds: { SS: ['task-1'] },
    createdResourceIds: { SS: ['vpce-1'] },
    firstFailureAt: { S: '2026-11-20T09:15:00.000Z' },
    lastFailureAt: { S: '2026-11-20T09:15:00.000Z' },
    fixedAt: { S: '2026-11-20T09:15:05.000Z' },
  };
}

function deps(): RemediationDeps {
  const clients = createAwsClients({ region: 'eu-west-1', maxAttempts: 1 });
  return {
    config: {
      ...loadConfig({}),
      stateTableName: 'netfix-state',
      alertTopicArn: 'arn:aws:sns:eu-west-1:123456789012:alerts',
      redeployAfterFix: true,
    },
    clientsFor: () => clients,
    permissionsFor: () => ({ check: async (roleArn: string) => ({ evaluated: false, roleArn, results: [], note: null }) }),
    defaultRegion: 'eu-west-1',
  };
}

function awsError(name: string, status: number): Error {
  return Object.assign(new Error(`${name} from AWS`), { name, $metadata: { httpStatusCode: status } });
}

/** The kinds of thread messages posted, read from the published Chatbot payloads. */
function postedTitles(): string[] {
  return sns.commandCalls(PublishCommand).map((call) => {
    const message = JSON.parse(call.args[0].input.Message ?? '{}') as { content?: { title?: string } };
    return message.content?.title ?? '';
  });
}

/** The states the incident was moved to, in order. */
function statesWritten(): string[] {
  return dynamodb
    .commandCalls(UpdateItemCommand)
    .map((call) => call.args[0].input.ExpressionAttributeValues?.[':state']?.S ?? '(no state)');
}

beforeEach(() => {
  dynamodb.on(GetItemCommand).resolves({ Item: item('fixed') });
  dynamodb.on(UpdateItemCommand).callsFake((input) => ({
    Attributes: item(input.ExpressionAttributeValues?.[':state']?.S ?? 'verified'),
  }));
  ec2.on(DescribeVpcEndpointsCommand).resolves({
    VpcEndpoints: [{ VpcEndpointId: 'vpce-1', ServiceName: 'com.amazonaws.eu-west-1.ecr.api', State: 'available' as State }],
  });
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
});

afterEach(() => {
  for (const mock of [ec2, ecs, sns, events, dynamodb]) mock.reset();
});

describe('verify after a fix', () => {
  it('records verified before it redeploys, then redeployed, with a message for each', async () => {
    ecs.on(UpdateServiceCommand).resolves({ service: { deployments: [{ id: 'ecs-svc/2' }] } });

    const report = await handleRequest(VERIFY, deps(), { requestId: 'r-1' });

    expect(report.outcome).toBe('redeployed');
    expect(statesWritten()).toEqual(['verified', 'redeployed']);
    expect(postedTitles()).toEqual([expect.stringMatching(/Verified/), expect.stringMatching(/Redeployed/)]);
  });

  it('gives the step back and fails transiently when the redeploy is throttled, for the retry', async () => {
    ecs.on(UpdateServiceCommand).rejects(awsError('ThrottlingException', 400));

    const error = await handleRequest(VERIFY, deps(), { requestId: 'r-1' }).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ transient: true, operation: 'ECS.UpdateService' });
    expect(statesWritten()).toEqual(['verified', 'fixed']);
  });

  it('tells the thread when the redeploy is refused for good, and leaves the incident verified', async () => {
    ecs.on(UpdateServiceCommand).rejects(awsError('AccessDeniedException', 400));

    const report = await handleRequest(VERIFY, deps(), { requestId: 'r-1' });

    expect(report.outcome).toBe('verified');
    expect(report.note).toMatch(/the new deployment was refused: .*AccessDeniedException/);
    expect(statesWritten()).toEqual(['verified']);
    expect(postedTitles()).toHaveLength(2);
  });

  it('keeps going when the thread message cannot be posted', async () => {
    ecs.on(UpdateServiceCommand).resolves({ service: { deployments: [{ id: 'ecs-svc/2' }] } });
    sns.on(PublishCommand).rejects(awsError('InternalError', 500));

    const report = await handleRequest(VERIFY, deps(), { requestId: 'r-1' });

    expect(report.outcome).toBe('redeployed');
    expect(statesWritten()).toEqual(['verified', 'redeployed']);
    expect(report.alert.published).toBe(false);
    expect(report.alert.reason).toMatch(/could not be posted/);
  });
});

describe('verify in hub mode', () => {
  const MEMBER = '210987654321';

  it("reads the endpoints and redeploys with the member account's clients, and keeps the incident in the hub's table", async () => {
    const hub = createAwsClients({ region: 'eu-west-1', maxAttempts: 1 });
    const member = createAwsClients({ region: 'eu-west-1', maxAttempts: 1 });
    const asked: (string | null | undefined)[] = [];
    const hubDeps: RemediationDeps = {
      ...deps(),
      clientsFor: (_region, who) => {
        asked.push(who?.accountId);
        return who?.accountId === MEMBER ? member : hub;
      },
    };
    dynamodb.on(GetItemCommand).resolves({ Item: { ...item('fixed'), account: { S: MEMBER } } });
    ecs.on(UpdateServiceCommand).resolves({ service: { deployments: [{ id: 'ecs-svc/2' }] } });

    const report = await handleRequest(VERIFY, hubDeps, { requestId: 'r-1' });

    expect(report.outcome).toBe('redeployed');
    expect(asked).toContain(MEMBER);
    // sinon records the client each call was made on.
    expect(ec2.commandCalls(DescribeVpcEndpointsCommand).map((call) => call.thisValue)).toEqual([member.ec2]);
    expect(ecs.commandCalls(UpdateServiceCommand).map((call) => call.thisValue)).toEqual([member.ecs]);
    expect(new Set(dynamodb.commandCalls(UpdateItemCommand).map((call) => call.thisValue))).toEqual(new Set([hub.dynamodb]));
    expect(new Set(sns.commandCalls(PublishCommand).map((call) => call.thisValue))).toEqual(new Set([hub.sns]));
  });
});
