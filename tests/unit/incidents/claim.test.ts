import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from '@jest/globals';
import 'aws-sdk-client-mock-jest';
import { type ClaimInput, claimIncident } from '../../../shared/incidents/claim.js';
import { aStoppedTask } from '../../helpers/snapshot-builder.js';

const ddbMock = mockClient(DynamoDBClient);
const TABLE = 'ecs-netfix-state';
const NOW = Date.parse('2026-03-01T12:00:00.000Z');
const PK = 'INCIDENT#eu-west-1#123456789012#prod#service:web';

function aDynamoDbClient(): DynamoDBClient {
  return new DynamoDBClient({ region: 'eu-west-1', maxAttempts: 1 });
}

function input(overrides: Partial<ClaimInput> = {}): ClaimInput {
  return {
    task: aStoppedTask({ taskId: 'task-9' }),
    category: 'ecr_api_unreachable',
    leaderId: 'event-9',
    nowMs: NOW,
    leaseMs: 5 * 60_000,
    ttlHours: 24,
    mode: 'live',
    ...overrides,
  };
}

function conditionFailed(): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
}

/** A stored open incident led by another event whose lease is still running. */
function storedOpenItem(overrides: Record<string, unknown> = {}) {
  return {
    pk: { S: PK },
    sk: { S: 'network' },
    incidentId: { S: 'ecs-netfix/prod/service:web/network/20260301T115950' },
    state: { S: 'open' },
    mode: { S: 'live' },
    version: { N: '4' },
    leader: { S: 'event-1' },
    leaseUntil: { N: String(NOW + 60_000) },
    expiresAt: { N: String(Math.floor(NOW / 1000) + 3600) },
    taskIds: { SS: ['task-1'] },
    firstFailureAt: { S: '2026-03-01T11:59:50.000Z' },
    lastFailureAt: { S: '2026-03-01T11:59:50.000Z' },
    ...overrides,
  };
}

afterEach(() => {
  ddbMock.reset();
});

describe('claimIncident', () => {
  it('starts a new incident as leader when none is stored, writing only if none appeared meanwhile', async () => {
    // Prepare
    ddbMock.on(GetItemCommand).resolves({});
    ddbMock.on(PutItemCommand).resolves({});

    // Act
    const claim = await claimIncident(aDynamoDbClient(), { table: TABLE }, input());

    // Assess
    expect(claim.role).toEqual({ role: 'leader', reopened: false, startsNewIncident: true });
    expect(claim.incident).toMatchObject({
      key: { pk: PK, sk: 'network' },
      incidentId: 'ecs-netfix/123456789012/prod/service:web/network/20260301T120000',
      region: 'eu-west-1',
      cluster: 'prod',
      service: 'web',
      state: 'open',
      version: 1,
      leader: 'event-9',
      leaseUntil: NOW + 5 * 60_000,
      taskIds: ['task-9'],
      mode: 'live',
      expiresAt: Math.floor(NOW / 1000) + 24 * 3600,
    });
    const put = ddbMock.commandCalls(PutItemCommand)[0]?.args[0].input;
    expect(put?.TableName).toBe(TABLE);
    expect(put?.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(put?.Item).toMatchObject({
      pk: { S: PK },
      leader: { S: 'event-9' },
      version: { N: '1' },
      taskIds: { SS: ['task-9'] },
    });
    expect(ddbMock.commandCalls(GetItemCommand)[0]?.args[0].input.ConsistentRead).toBe(true);
  });

  it('follows when another invocation wins the race, adding its task to the count', async () => {
    // Prepare: nothing at first look; the conditional write loses; the re-read shows the winner
    ddbMock.on(GetItemCommand).resolvesOnce({}).resolves({ Item: storedOpenItem() });
    ddbMock.on(PutItemCommand).rejects(conditionFailed());
    ddbMock.on(UpdateItemCommand).resolves({ Attributes: storedOpenItem({ taskIds: { SS: ['task-1', 'task-9'] } }) });

    // Act
    const claim = await claimIncident(aDynamoDbClient(), { table: TABLE }, input());

    // Assess
    expect(claim.role).toEqual({ role: 'follower', reason: 'another invocation is handling this incident' });
    expect(claim.incident.taskIds).toEqual(['task-1', 'task-9']);
    expect(claim.incident.leader).toBe('event-1');
    expect(ddbMock).toHaveReceivedCommandTimes(PutItemCommand, 1);
    expect(ddbMock).toHaveReceivedCommandTimes(GetItemCommand, 2);
    const update = ddbMock.commandCalls(UpdateItemCommand)[0]?.args[0].input;
    expect(update).toMatchObject({
      TableName: TABLE,
      Key: { pk: { S: PK }, sk: { S: 'network' } },
      UpdateExpression: 'ADD taskIds :task SET lastFailureAt = :now',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':task': { SS: ['task-9'] }, ':now': { S: '2026-03-01T12:00:00.000Z' } },
    });
  });

  it('takes over an open incident whose lease lapsed with an update that keeps the tasks followers added', async () => {
    // Prepare: DynamoDB answers the update with the item after it (a follower's task-5 included).
    ddbMock.on(GetItemCommand).resolves({ Item: storedOpenItem({ leaseUntil: { N: String(NOW - 1) } }) });
    ddbMock.on(UpdateItemCommand).resolves({
      Attributes: storedOpenItem({
        version: { N: '5' },
        leader: { S: 'event-9' },
        leaseUntil: { N: String(NOW + 5 * 60_000) },
        taskIds: { SS: ['task-1', 'task-5', 'task-9'] },
        lastFailureAt: { S: '2026-03-01T12:00:00.000Z' },
      }),
    });

    // Act
    const claim = await claimIncident(aDynamoDbClient(), { table: TABLE }, input());

    // Assess
    expect(claim.role).toEqual({ role: 'leader', reopened: false, startsNewIncident: false });
    expect(claim.incident).toMatchObject({ version: 5, leader: 'event-9', taskIds: ['task-1', 'task-5', 'task-9'] });
    const update = ddbMock.commandCalls(UpdateItemCommand)[0]?.args[0].input;
    expect(update).toMatchObject({
      ConditionExpression: 'version = :expected',
      ExpressionAttributeValues: expect.objectContaining({ ':expected': { N: '4' }, ':task': { SS: ['task-9'] } }),
    });
    expect(update?.UpdateExpression).toContain('ADD version :one, taskIds :task');
    // The thread keeps the category it opened with: a later failure never renames it.
    expect(update?.UpdateExpression).toContain('category = if_not_exists(category, :category)');
    expect(ddbMock).not.toHaveReceivedCommand(PutItemCommand);
  });

  it('starts over when the incident disappears before a follower can count itself', async () => {
    ddbMock.on(GetItemCommand).resolvesOnce({ Item: storedOpenItem() }).resolves({});
    ddbMock.on(UpdateItemCommand).rejects(conditionFailed());
    ddbMock.on(PutItemCommand).resolves({});

    const claim = await claimIncident(aDynamoDbClient(), { table: TABLE }, input());

    expect(claim.role).toEqual({ role: 'leader', reopened: false, startsNewIncident: true });
    expect(claim.incident.taskIds).toEqual(['task-9']);
  });

  it('gives up after five lost races, naming the incident', async () => {
    ddbMock.on(GetItemCommand).resolves({});
    ddbMock.on(PutItemCommand).rejects(conditionFailed());

    await expect(claimIncident(aDynamoDbClient(), { table: TABLE }, input())).rejects.toMatchObject({
      name: 'NetfixError',
      message: `Could not join incident ${PK} after 5 attempts`,
      resource: PK,
    });
    expect(ddbMock).toHaveReceivedCommandTimes(PutItemCommand, 5);
  });

  it('fails with a transient AwsCallError when the table throttles the read', async () => {
    ddbMock.on(GetItemCommand).rejects(
      Object.assign(new Error('Rate exceeded'), {
        name: 'ProvisionedThroughputExceededException',
        $metadata: { httpStatusCode: 400 },
      })
    );

    await expect(claimIncident(aDynamoDbClient(), { table: TABLE }, input())).rejects.toMatchObject({
      name: 'AwsCallError',
      operation: 'DynamoDB.GetItem',
      transient: true,
      resource: `${TABLE}/${PK}`,
    });
  });
});
