import { DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from '@jest/globals';
import { readIncident, updateIncident, writeIncidentIfVersion } from '../../../shared/aws/incident-store.js';
import type { Incident } from '../../../shared/incidents/incident.js';

const ddbMock = mockClient(DynamoDBClient);
const STORE = { table: 'ecs-netfix-state' };
const KEY = { pk: 'INCIDENT#eu-west-1#123456789012#prod#service:web', sk: 'network' };

function aDynamoDbClient(): DynamoDBClient {
  return new DynamoDBClient({ region: 'eu-west-1', maxAttempts: 1 });
}

function anIncident(overrides: Partial<Incident> = {}): Incident {
  return {
    key: KEY,
    incidentId: 'ecs-netfix/prod/service:web/network/20260301T115950',
    region: 'eu-west-1',
    accountId: '123456789012',
    cluster: 'prod',
    service: 'web',
    vpcId: 'vpc-0abc',
    state: 'fixed',
    version: 7,
    leader: 'event-1',
    leaseUntil: 1_772_366_700_000,
    taskIds: ['task-1', 'task-2', 'task-3'],
    timeline: {
      firstFailureAt: '2026-03-01T11:59:50.000Z',
      lastFailureAt: '2026-03-01T12:00:04.000Z',
      alertedAt: '2026-03-01T12:00:05.000Z',
      fixedAt: '2026-03-01T12:00:05.000Z',
    },
    createdResourceIds: ['sg-new', 'vpce-new-ecr-api'],
    category: 'ecr_api_unreachable',
    mode: 'live',
    pendingAlert: null,
    expiresAt: 1_772_452_790,
    ...overrides,
  };
}

/** Stores whatever PutItem writes and serves it back to GetItem, as the table would. */
function storeInMemory(): void {
  let stored: Record<string, unknown> | undefined;
  ddbMock.on(PutItemCommand).callsFake((input: { Item: Record<string, unknown> }) => {
    stored = input.Item;
    return {};
  });
  ddbMock.on(GetItemCommand).callsFake(() => (stored ? { Item: stored } : {}));
}

afterEach(() => {
  ddbMock.reset();
});

describe('incident store', () => {
  it('reads back exactly the incident it wrote', async () => {
    // Prepare
    storeInMemory();
    const incident = anIncident();

    // Act
    await writeIncidentIfVersion(aDynamoDbClient(), incident, 6, STORE);
    const read = await readIncident(aDynamoDbClient(), KEY, STORE);

    // Assess
    expect(read).toEqual(incident);
  });

  it('round-trips a standalone task incident with no tasks, no resources, no leader, no VPC yet and a dry-run mode', async () => {
    storeInMemory();
    const incident = anIncident({
      taskIds: [],
      createdResourceIds: [],
      leader: null,
      service: null,
      vpcId: null,
      category: null,
      mode: 'dry-run',
      timeline: { firstFailureAt: '2026-03-01T11:59:50.000Z', lastFailureAt: '2026-03-01T11:59:50.000Z' },
    });

    await writeIncidentIfVersion(aDynamoDbClient(), incident, null, STORE);

    // DynamoDB refuses empty sets: they must be left out, not written empty.
    const item = ddbMock.commandCalls(PutItemCommand)[0]?.args[0].input.Item ?? {};
    expect(Object.keys(item)).not.toContain('taskIds');
    expect(Object.keys(item)).not.toContain('createdResourceIds');
    expect(Object.keys(item)).not.toContain('leader');
    expect(Object.keys(item)).not.toContain('vpcId');
    expect(await readIncident(aDynamoDbClient(), KEY, STORE)).toEqual(incident);
  });

  it('reads task ids in sorted order whatever order the set comes back in', async () => {
    storeInMemory();
    await writeIncidentIfVersion(aDynamoDbClient(), anIncident({ taskIds: ['task-c', 'task-a', 'task-b'] }), null, STORE);

    expect((await readIncident(aDynamoDbClient(), KEY, STORE))?.taskIds).toEqual(['task-a', 'task-b', 'task-c']);
  });

  it('answers null when no incident is stored', async () => {
    ddbMock.on(GetItemCommand).resolves({});

    expect(await readIncident(aDynamoDbClient(), KEY, STORE)).toBeNull();
  });

  it('answers false, not an error, when a conditional write loses', async () => {
    ddbMock
      .on(PutItemCommand)
      .rejects(Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' }));

    expect(await writeIncidentIfVersion(aDynamoDbClient(), anIncident(), 6, STORE)).toBe(false);
  });

  it('names the table and incident when a write fails for another reason', async () => {
    ddbMock
      .on(PutItemCommand)
      .rejects(Object.assign(new Error('Requested resource not found'), { name: 'ResourceNotFoundException' }));

    await expect(writeIncidentIfVersion(aDynamoDbClient(), anIncident(), 6, STORE)).rejects.toMatchObject({
      name: 'AwsCallError',
      operation: 'DynamoDB.PutItem',
      resource: `ecs-netfix-state/${KEY.pk}`,
      transient: false,
    });
  });
});

describe('updateIncident', () => {
  it('sets the state and timeline, releases the lease, adds created ids and bumps the version in one update', async () => {
    ddbMock
      .on(UpdateItemCommand)
      .resolves({ Attributes: { pk: { S: KEY.pk }, sk: { S: KEY.sk }, state: { S: 'fixed' }, version: { N: '8' } } });

    const updated = await updateIncident(
      aDynamoDbClient(),
      KEY,
      { state: 'fixed', releaseLease: true, createdResourceIds: ['vpce-1'], timeline: { fixedAt: '2026-03-01T12:00:05.000Z' } },
      STORE
    );

    expect(updated).toMatchObject({ state: 'fixed', version: 8 });
    const input = ddbMock.commandCalls(UpdateItemCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      UpdateExpression:
        'SET #state = :state, fixedAt = :fixedAt, leaseUntil = :zero ADD version :one, createdResourceIds :created',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: {
        ':one': { N: '1' },
        ':state': { S: 'fixed' },
        ':fixedAt': { S: '2026-03-01T12:00:05.000Z' },
        ':zero': { N: '0' },
        ':created': { SS: ['vpce-1'] },
      },
      ConditionExpression: 'attribute_exists(pk)',
      ReturnValues: 'ALL_NEW',
    });
  });

  it('only bumps the version when nothing else changes, and sends no empty set', async () => {
    ddbMock.on(UpdateItemCommand).resolves({});

    await updateIncident(aDynamoDbClient(), KEY, { createdResourceIds: [] }, STORE);

    const input = ddbMock.commandCalls(UpdateItemCommand)[0]?.args[0].input;
    expect(input?.UpdateExpression).toBe('ADD version :one');
    expect(input?.ExpressionAttributeValues).toEqual({ ':one': { N: '1' } });
    expect(input?.ExpressionAttributeNames).toBeUndefined();
  });

  it('answers null when the incident is gone', async () => {
    ddbMock
      .on(UpdateItemCommand)
      .rejects(Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' }));

    expect(await updateIncident(aDynamoDbClient(), KEY, { state: 'alerted' }, STORE)).toBeNull();
  });
});
