/**
 * The end of a leader's run (issue 13), with mocked clients and AWS's real error shapes:
 * - the incident's new state is stored before the alert goes out, so DynamoDB throttling after a
 *   sent alert neither fails the run (a retry would alert again) nor leaves the fix unrecorded;
 * - a fix verified inline (its schedule failed) is redeployed inline when RedeployAfterFix is on,
 *   or the alert says why it was not.
 */
import { DynamoDBClient, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeVpcEndpointsCommand, EC2Client, type State } from '@aws-sdk/client-ec2';
import { ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { createAwsClients } from '../../../shared/aws/clients.js';
import { loadConfig } from '../../../shared/config.js';
import type { Claim } from '../../../shared/incidents/claim.js';
import type { Incident } from '../../../shared/incidents/incident.js';
import { finishIncident } from '../../../shared/pipeline/finish-incident.js';
import type { RemediationDeps } from '../../../shared/pipeline/handle-request.js';
import { buildAppliedReport } from '../alerts/report-fixtures.js';

const ec2 = mockClient(EC2Client);
const ecs = mockClient(ECSClient);
const sns = mockClient(SNSClient);
const events = mockClient(EventBridgeClient);
const dynamodb = mockClient(DynamoDBClient);
const scheduler = mockClient(SchedulerClient);

const PK = 'INCIDENT#eu-west-1#123456789012#prod#service:web-api';

const incident: Incident = {
  key: { pk: PK, sk: 'network' },
  incidentId: 'ecs-netfix/prod/service:web-api/network/20261103T101219',
  region: 'eu-west-1',
  accountId: '123456789012',
  cluster: 'prod',
  service: 'web-api',
  vpcId: null,
  state: 'open',
  version: 2,
  leader: 'event-1',
  leaseUntil: Date.now() + 60_000,
  taskIds: ['task-1'],
  timeline: { firstFailureAt: '2026-11-03T10:12:19.000Z', lastFailureAt: '2026-11-03T10:12:19.000Z' },
  createdResourceIds: [],
  category: 'ecr_api_unreachable',
  mode: 'live',
  pendingAlert: null,
  expiresAt: Math.floor(Date.now() / 1000) + 3600,
};
const claim: Claim = { role: { role: 'leader', reopened: false, startsNewIncident: false }, incident };

function deps(overrides: Partial<RemediationDeps['config']> = {}): RemediationDeps {
  const clients = createAwsClients({ region: 'eu-west-1', maxAttempts: 1 });
  return {
    config: {
      ...loadConfig({}),
      stateTableName: 'netfix-state',
      alertTopicArn: 'arn:aws:sns:eu-west-1:123456789012:alerts',
      alertCoalesceSeconds: 0,
      selfFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:ecs-netfix',
      schedulerRoleArn: 'arn:aws:iam::123456789012:role/ecs-netfix-scheduler',
      ...overrides,
    },
    clientsFor: () => clients,
    permissionsFor: () => ({ check: async (roleArn: string) => ({ evaluated: false, roleArn, results: [], note: null }) }),
    defaultRegion: 'eu-west-1',
    sleep: async () => {},
  };
}

function finish(config: Partial<RemediationDeps['config']> = {}) {
  const remediation = deps(config);
  return finishIncident(
    buildAppliedReport(),
    claim,
    remediation,
    { requestId: 'r-1', remainingTimeMs: () => 50_000 },
    remediation.clientsFor('eu-west-1')
  );
}

function awsError(name: string, status: number): Error {
  return Object.assign(new Error(`${name} from AWS`), {
    name,
    $metadata: { httpStatusCode: status },
    $fault: status >= 500 ? 'server' : 'client',
  });
}

/** Every call of the run, in order, as `Service.Operation` (the store's writes with their state). */
function callOrder(): string[] {
  // The mocks' calls are sinon spy calls: `calledBefore` orders calls across clients.
  type OrderedCall = { calledBefore(other: OrderedCall): boolean };
  const calls: { call: OrderedCall; name: string }[] = [
    ...dynamodb.commandCalls(UpdateItemCommand).map((call) => ({
      call: call as OrderedCall,
      name: `UpdateItem(${call.args[0].input.ExpressionAttributeValues?.[':state']?.S ?? '-'})`,
    })),
    ...sns.commandCalls(PublishCommand).map((call) => ({ call: call as OrderedCall, name: 'Publish' })),
  ];
  return calls.sort((a, b) => (a.call.calledBefore(b.call) ? -1 : 1)).map((entry) => entry.name);
}

/** What the store was asked to write, per UpdateItem. */
function statesWritten(): string[] {
  return dynamodb
    .commandCalls(UpdateItemCommand)
    .map((call) => call.args[0].input.ExpressionAttributeValues?.[':state']?.S ?? '-');
}

function item(state: string) {
  return {
    pk: { S: PK },
    sk: { S: 'network' },
    incidentId: { S: incident.incidentId },
    state: { S: state },
    version: { N: '3' },
  };
}

beforeEach(() => {
  dynamodb.on(GetItemCommand).resolves({ Item: item('open') });
  dynamodb
    .on(UpdateItemCommand)
    .callsFake((input) => ({ Attributes: item(input.ExpressionAttributeValues?.[':state']?.S ?? 'fixed') }));
  ec2.on(DescribeVpcEndpointsCommand).resolves({
    VpcEndpoints: [
      { VpcEndpointId: 'vpce-0aaaabbbbccccdddd', ServiceName: 'com.amazonaws.eu-west-1.ecr.api', State: 'available' as State },
      { VpcEndpointId: 'vpce-0eeeeffff00001111', ServiceName: 'com.amazonaws.eu-west-1.ecr.dkr', State: 'available' as State },
    ],
  });
  scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn:aws:scheduler:eu-west-1:123456789012:schedule/default/x' });
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
});

afterEach(() => {
  for (const mock of [ec2, ecs, sns, events, dynamodb, scheduler]) mock.reset();
});

describe('the incident is stored before the alert goes out', () => {
  it('stores the fix (state, resources, schedule) before publishing, then the alert time', async () => {
    const report = await finish();

    expect(callOrder()).toEqual(['UpdateItem(fixed)', 'Publish', 'UpdateItem(-)']);
    const stored = dynamodb.commandCalls(UpdateItemCommand)[0]?.args[0].input;
    expect(stored?.ExpressionAttributeValues?.[':created']?.SS).toEqual(['vpce-0aaaabbbbccccdddd', 'vpce-0eeeeffff00001111']);
    expect(stored?.UpdateExpression).toMatch(/verifyScheduledAt = :verifyScheduledAt/);
    expect(stored?.UpdateExpression).toMatch(/REMOVE writeAhead/);
    expect(dynamodb.commandCalls(UpdateItemCommand)[1]?.args[0].input.UpdateExpression).toMatch(/alertedAt = :alertedAt/);
    expect(report.alert.published).toBe(true);
  });

  it('DynamoDB throttling after the alert went out: the run succeeds with one alert, the fix already stored', async () => {
    dynamodb
      .on(UpdateItemCommand)
      .resolvesOnce({ Attributes: item('fixed') })
      .rejects(awsError('ProvisionedThroughputExceededException', 400));

    const report = await finish();

    expect(report.alert.published).toBe(true);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
    expect(report.incident?.state).toBe('fixed');
    expect(callOrder()).toEqual(['UpdateItem(fixed)', 'Publish', 'UpdateItem(-)']);
  });

  it('DynamoDB throttling before the alert: nothing is published, and the run fails for the retry', async () => {
    dynamodb.on(UpdateItemCommand).rejects(awsError('ProvisionedThroughputExceededException', 400));

    const error = await finish().catch((caught: unknown) => caught);

    expect(error).toMatchObject({ operation: 'DynamoDB.UpdateItem', transient: true });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it('SNS refusing: the alert is kept with the stored incident, and the run fails for the retry', async () => {
    sns.on(PublishCommand).rejects(awsError('InternalError', 500));

    const error = await finish().catch((caught: unknown) => caught);

    expect(error).toMatchObject({ operation: 'SNS.Publish', code: 'InternalError' });
    const kept = dynamodb.commandCalls(UpdateItemCommand)[1]?.args[0].input;
    expect(JSON.parse(kept?.ExpressionAttributeValues?.[':pendingAlert']?.S ?? '{}')).toMatchObject({
      subject: expect.any(String),
    });
    expect(statesWritten()).toEqual(['fixed', '-']);
  });
});

describe('the alert travels with the outcome (SNS and DynamoDB failing together lose nothing)', () => {
  it('stores the alert in flight, with this request id, in the same write as the outcome', async () => {
    await finish();

    const stored = dynamodb.commandCalls(UpdateItemCommand)[0]?.args[0].input;
    expect(JSON.parse(stored?.ExpressionAttributeValues?.[':pendingAlert']?.S ?? '{}')).toMatchObject({
      subject: expect.any(String),
    });
    expect(stored?.ExpressionAttributeValues?.[':alertInFlightBy']?.S).toBe('r-1');
    // Once published, the record forgets it, but only while it is still this run's alert.
    const recorded = dynamodb.commandCalls(UpdateItemCommand)[1]?.args[0].input;
    expect(recorded?.UpdateExpression).toMatch(/REMOVE .*pendingAlert.*alertInFlightBy/);
    expect(recorded?.ConditionExpression).toMatch(/alertInFlightBy = :inFlightBy/);
    expect(recorded?.ExpressionAttributeValues?.[':inFlightBy']?.S).toBe('r-1');
  });

  it('SNS refusing: the kept alert is marked unsent (anyone sends it next)', async () => {
    sns.on(PublishCommand).rejects(awsError('InternalError', 500));

    await finish().catch(() => undefined);

    const kept = dynamodb.commandCalls(UpdateItemCommand)[1]?.args[0].input;
    expect(kept?.UpdateExpression).toMatch(/REMOVE .*alertInFlightBy/);
    expect(kept?.ExpressionAttributeValues?.[':alertInFlightBy']).toBeUndefined();
  });

  it('SNS and then DynamoDB refusing: the run fails for the retry, the alert still stored in flight by this request', async () => {
    sns.on(PublishCommand).rejects(awsError('InternalError', 500));
    dynamodb
      .on(UpdateItemCommand)
      .resolvesOnce({ Attributes: item('fixed') })
      .rejects(awsError('ProvisionedThroughputExceededException', 400));

    const error = await finish().catch((caught: unknown) => caught);

    expect(error).toMatchObject({ operation: 'SNS.Publish' });
    // What the retry finds: the outcome with its alert, in flight by r-1 (the retry's request id too).
    const stored = dynamodb.commandCalls(UpdateItemCommand)[0]?.args[0].input;
    expect(stored?.ExpressionAttributeValues?.[':alertInFlightBy']?.S).toBe('r-1');
    expect(stored?.ExpressionAttributeValues?.[':pendingAlert']?.S).toBeDefined();
  });
});

describe('a fix verified inline is redeployed inline (RedeployAfterFix)', () => {
  beforeEach(() => {
    scheduler.on(CreateScheduleCommand).rejects(awsError('InternalServerException', 500));
  });

  it('starts the new deployment, stores the incident redeployed, and says so in the alert', async () => {
    ecs.on(UpdateServiceCommand).resolves({ service: { deployments: [{ id: 'ecs-svc/2' }] } });

    const report = await finish({ redeployAfterFix: true });

    expect(ecs.commandCalls(UpdateServiceCommand)[0]?.args[0].input).toEqual({
      cluster: 'prod',
      service: 'web-api',
      forceNewDeployment: true,
    });
    expect(statesWritten()[0]).toBe('redeployed');
    expect(dynamodb.commandCalls(UpdateItemCommand)[0]?.args[0].input.UpdateExpression).toMatch(/verifiedAt = .*redeployedAt = /);
    expect(report.note).toMatch(
      /checked now instead: 2 endpoint\(s\) available\. New deployment ecs-svc\/2 of web-api started\./
    );
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input.Message).toContain('New deployment ecs-svc/2 of web-api started');
  });

  it('ECS refusing the deployment: the incident stays verified and the alert says why and how to redeploy by hand', async () => {
    ecs.on(UpdateServiceCommand).rejects(awsError('AccessDeniedException', 400));

    const report = await finish({ redeployAfterFix: true });

    expect(statesWritten()[0]).toBe('verified');
    expect(report.note).toMatch(
      /No new deployment was started \(ECS\.UpdateService: AccessDeniedException\); start one by hand: aws ecs update-service --cluster prod --service web-api --force-new-deployment/
    );
  });

  it('an endpoint still pending: no redeploy, and the alert says none was started', async () => {
    ec2.on(DescribeVpcEndpointsCommand).resolves({
      VpcEndpoints: [
        { VpcEndpointId: 'vpce-0aaaabbbbccccdddd', ServiceName: 'com.amazonaws.eu-west-1.ecr.api', State: 'pending' as State },
      ],
    });

    const report = await finish({ redeployAfterFix: true });

    expect(ecs.commandCalls(UpdateServiceCommand)).toHaveLength(0);
    expect(statesWritten()[0]).toBe('fixed');
    expect(report.note).toMatch(/vpce-0aaaabbbbccccdddd is pending, .* No new deployment was started\./);
  });

  it('RedeployAfterFix off: verified inline, no deployment, nothing said about one', async () => {
    const report = await finish({ redeployAfterFix: false });

    expect(ecs.commandCalls(UpdateServiceCommand)).toHaveLength(0);
    expect(statesWritten()[0]).toBe('verified');
    expect(report.note).not.toMatch(/deployment/i);
  });
});
