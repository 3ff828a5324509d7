/**
 * DynamoDB persistence for incidents (see shared/incidents/incident.ts for the model).
 * Leadership is claimed with a conditional write on `version`; followers only ADD their task id,
 * which is commutative, so a burst of fifty invocations never contends on one condition.
 */
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { Category } from '../classify/classification.js';
import { AwsCallError, assertIsError } from '../errors.js';
import type { Incident, IncidentKey, IncidentState, IncidentTimeline } from '../incidents/incident.js';

type Item = Record<string, AttributeValue>;

const TIMELINE_FIELDS: (keyof IncidentTimeline)[] = [
  'firstFailureAt',
  'lastFailureAt',
  'alertedAt',
  'fixedAt',
  'verifiedAt',
  'redeployedAt',
  'recoveredAt',
  'verifyScheduledAt',
];

function str(item: Item, name: string): string | null {
  const value = item[name];
  return value && 'S' in value && value.S !== undefined ? value.S : null;
}

function num(item: Item, name: string): number {
  const value = item[name];
  return value && 'N' in value && value.N !== undefined ? Number(value.N) : 0;
}

function strings(item: Item, name: string): string[] {
  const value = item[name];
  return value && 'SS' in value && value.SS !== undefined ? [...value.SS].sort() : [];
}

function fromItem(item: Item): Incident {
  const timeline: IncidentTimeline = {
    firstFailureAt: str(item, 'firstFailureAt') ?? new Date(0).toISOString(),
    lastFailureAt: str(item, 'lastFailureAt') ?? new Date(0).toISOString(),
  };
  for (const field of TIMELINE_FIELDS) {
    const value = str(item, field);
    if (value !== null) timeline[field] = value;
  }
  return {
    key: { pk: str(item, 'pk') ?? '', sk: str(item, 'sk') ?? '' },
    incidentId: str(item, 'incidentId') ?? '',
    region: str(item, 'region') ?? '',
    accountId: str(item, 'account'),
    cluster: str(item, 'cluster') ?? '',
    service: str(item, 'service'),
    vpcId: str(item, 'vpcId'),
    state: (str(item, 'state') ?? 'open') as IncidentState,
    version: num(item, 'version'),
    leader: str(item, 'leader'),
    leaseUntil: num(item, 'leaseUntil'),
    taskIds: strings(item, 'taskIds'),
    timeline,
    createdResourceIds: strings(item, 'createdResourceIds'),
    category: str(item, 'category') as Category | null,
    mode: str(item, 'mode') === 'live' ? 'live' : 'dry-run',
    pendingAlert: str(item, 'pendingAlert'),
    ...(str(item, 'alertInFlightBy') === null ? {} : { alertInFlightBy: str(item, 'alertInFlightBy') ?? '' }),
    expiresAt: num(item, 'expiresAt'),
    // issue 13: the write-ahead record of changes not yet reported (shared/remediation/write-ahead.ts).
    ...(item.writeAhead && 'L' in item.writeAhead
      ? { writeAhead: (item.writeAhead.L ?? []).flatMap((entry) => ('S' in entry && entry.S !== undefined ? [entry.S] : [])) }
      : {}),
  };
}

function toItem(incident: Incident): Item {
  const item: Item = {
    pk: { S: incident.key.pk },
    sk: { S: incident.key.sk },
    incidentId: { S: incident.incidentId },
    region: { S: incident.region },
    cluster: { S: incident.cluster },
    state: { S: incident.state },
    mode: { S: incident.mode },
    version: { N: String(incident.version) },
    leaseUntil: { N: String(incident.leaseUntil) },
    expiresAt: { N: String(incident.expiresAt) },
  };
  if (incident.leader) item.leader = { S: incident.leader };
  if (incident.service) item.service = { S: incident.service };
  if (incident.pendingAlert) item.pendingAlert = { S: incident.pendingAlert };
  if (incident.alertInFlightBy) item.alertInFlightBy = { S: incident.alertInFlightBy };
  if (incident.vpcId) item.vpcId = { S: incident.vpcId };
  if (incident.accountId) item.account = { S: incident.accountId };
  if (incident.category) item.category = { S: incident.category };
  if (incident.taskIds.length > 0) item.taskIds = { SS: incident.taskIds };
  if (incident.createdResourceIds.length > 0) item.createdResourceIds = { SS: incident.createdResourceIds };
  for (const field of TIMELINE_FIELDS) {
    const value = incident.timeline[field];
    if (value !== undefined) item[field] = { S: value };
  }
  return item;
}

function keyOf(key: IncidentKey): Item {
  return { pk: { S: key.pk }, sk: { S: key.sk } };
}

interface StoreOptions {
  table: string;
  signal?: AbortSignal;
}

function isConditionFailure(error: Error): boolean {
  return error instanceof ConditionalCheckFailedException || error.name === 'ConditionalCheckFailedException';
}

/** One conditional UpdateItem returning the incident after it, or null when the condition failed. */
async function updateIfCondition(
  ddb: DynamoDBClient,
  input: Omit<UpdateItemCommandInput, 'TableName' | 'ReturnValues'>,
  pk: string,
  options: StoreOptions
): Promise<Incident | null> {
  try {
    const response = await ddb.send(new UpdateItemCommand({ ...input, TableName: options.table, ReturnValues: 'ALL_NEW' }), {
      abortSignal: options.signal,
    });
    return response.Attributes ? fromItem(response.Attributes) : null;
  } catch (error) {
    assertIsError(error);
    if (isConditionFailure(error)) return null;
    throw new AwsCallError('DynamoDB.UpdateItem', `${options.table}/${pk}`, error);
  }
}

async function readIncident(ddb: DynamoDBClient, key: IncidentKey, options: StoreOptions): Promise<Incident | null> {
  try {
    const response = await ddb.send(new GetItemCommand({ TableName: options.table, Key: keyOf(key), ConsistentRead: true }), {
      abortSignal: options.signal,
    });
    return response.Item ? fromItem(response.Item) : null;
  } catch (error) {
    assertIsError(error);
    throw new AwsCallError('DynamoDB.GetItem', `${options.table}/${key.pk}`, error);
  }
}

/**
 * Writes `next` as the whole incident if the stored one still has `expectedVersion`
 * (or does not exist when null). Returns false when another invocation won the race.
 */
async function writeIncidentIfVersion(
  ddb: DynamoDBClient,
  next: Incident,
  expectedVersion: number | null,
  options: StoreOptions
): Promise<boolean> {
  try {
    await ddb.send(
      new PutItemCommand({
        TableName: options.table,
        Item: toItem(next),
        ConditionExpression: expectedVersion === null ? 'attribute_not_exists(pk)' : 'version = :expected',
        ...(expectedVersion === null ? {} : { ExpressionAttributeValues: { ':expected': { N: String(expectedVersion) } } }),
      }),
      { abortSignal: options.signal }
    );
    return true;
  } catch (error) {
    assertIsError(error);
    if (isConditionFailure(error)) return false;
    throw new AwsCallError('DynamoDB.PutItem', `${options.table}/${next.key.pk}`, error);
  }
}

interface Takeover {
  leader: string;
  leaseUntil: number;
  /** A new failure's facts; absent when only the lease moves (resending a stored alert). */
  failure?: { taskId: string; at: string; state: IncidentState; category: Category; mode: 'dry-run' | 'live' };
}

/**
 * Makes `leader` the incident's leader if the stored version is still `expectedVersion`. An update,
 * not a put: task ids that followers ADDed meanwhile are kept. Null when another run won.
 */
async function takeOverIncident(
  ddb: DynamoDBClient,
  key: IncidentKey,
  takeover: Takeover,
  expectedVersion: number,
  options: StoreOptions
): Promise<Incident | null> {
  const values: Item = {
    ':expected': { N: String(expectedVersion) },
    ':one': { N: '1' },
    ':leader': { S: takeover.leader },
    ':lease': { N: String(takeover.leaseUntil) },
  };
  const sets = ['leader = :leader', 'leaseUntil = :lease'];
  const names: Record<string, string> = {};
  const adds = ['version :one'];
  const { failure } = takeover;
  if (failure) {
    names['#state'] = 'state';
    names['#mode'] = 'mode';
    sets.push('#state = :state', 'lastFailureAt = :at', 'category = if_not_exists(category, :category)', '#mode = :mode');
    values[':state'] = { S: failure.state };
    values[':at'] = { S: failure.at };
    values[':category'] = { S: failure.category };
    values[':mode'] = { S: failure.mode };
    values[':task'] = { SS: [failure.taskId] };
    adds.push('taskIds :task');
  }
  return updateIfCondition(
    ddb,
    {
      Key: keyOf(key),
      UpdateExpression: `SET ${sets.join(', ')} ADD ${adds.join(', ')}`,
      ConditionExpression: 'version = :expected',
      ExpressionAttributeValues: values,
      ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
    },
    key.pk,
    options
  );
}

/** Adds a follower's task to the incident (idempotent: a set) and returns the incident. */
async function addFailure(
  ddb: DynamoDBClient,
  key: IncidentKey,
  taskId: string,
  nowIso: string,
  options: StoreOptions
): Promise<Incident | null> {
  return updateIfCondition(
    ddb,
    {
      Key: keyOf(key),
      UpdateExpression: 'ADD taskIds :task SET lastFailureAt = :now',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':task': { SS: [taskId] }, ':now': { S: nowIso } },
    },
    key.pk,
    options
  );
}

interface IncidentChange {
  state?: IncidentState;
  vpcId?: string;
  timeline?: Partial<IncidentTimeline>;
  createdResourceIds?: string[];
  /** Gives up the leader's lease (done, or failed and leaving it to a retry). */
  releaseLease?: boolean;
  /** Store an alert to send later (a string), or forget the stored one (null). */
  pendingAlert?: string | null;
  /** The request publishing the stored alert (a string), or publishing is over (null). */
  alertInFlightBy?: string | null;
  /** Apply only while the incident is in one of these states (null result otherwise). */
  onlyIfStateIn?: IncidentState[];
  /** Apply only while this request's alert is in flight (null result otherwise). */
  onlyIfAlertInFlightBy?: string;
  /** The changes are reported (alert sent or stored): forget the write-ahead record (issue 13). */
  clearWriteAhead?: boolean;
}

/** Applies a change and bumps the version; returns the stored incident after the change. */
async function updateIncident(
  ddb: DynamoDBClient,
  key: IncidentKey,
  change: IncidentChange,
  options: StoreOptions
): Promise<Incident | null> {
  const sets: string[] = [];
  const values: Item = { ':one': { N: '1' } };
  const names: Record<string, string> = {};
  if (change.state) {
    sets.push('#state = :state');
    names['#state'] = 'state';
    values[':state'] = { S: change.state };
  }
  if (change.vpcId) {
    sets.push('vpcId = :vpcId');
    values[':vpcId'] = { S: change.vpcId };
  }
  for (const [field, value] of Object.entries(change.timeline ?? {})) {
    if (value === undefined) continue;
    sets.push(`${field} = :${field}`);
    values[`:${field}`] = { S: value };
  }
  if (change.releaseLease) {
    sets.push('leaseUntil = :zero');
    values[':zero'] = { N: '0' };
  }
  const removes: string[] = [];
  if (change.pendingAlert === null) removes.push('pendingAlert');
  if (change.clearWriteAhead) removes.push('writeAhead');
  if (typeof change.pendingAlert === 'string') {
    sets.push('pendingAlert = :pendingAlert');
    values[':pendingAlert'] = { S: change.pendingAlert };
  }
  if (change.alertInFlightBy === null) removes.push('alertInFlightBy');
  if (typeof change.alertInFlightBy === 'string') {
    sets.push('alertInFlightBy = :alertInFlightBy');
    values[':alertInFlightBy'] = { S: change.alertInFlightBy };
  }
  const adds = ['version :one'];
  if (change.createdResourceIds && change.createdResourceIds.length > 0) {
    adds.push('createdResourceIds :created');
    values[':created'] = { SS: change.createdResourceIds };
  }
  const expression =
    `${sets.length > 0 ? `SET ${sets.join(', ')} ` : ''}ADD ${adds.join(', ')}` +
    (removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : '');
  let condition = 'attribute_exists(pk)';
  if (change.onlyIfStateIn && change.onlyIfStateIn.length > 0) {
    names['#state'] = 'state';
    const placeholders = change.onlyIfStateIn.map((state, index) => {
      values[`:allowed${index}`] = { S: state };
      return `:allowed${index}`;
    });
    condition += ` AND #state IN (${placeholders.join(', ')})`;
  }
  if (change.onlyIfAlertInFlightBy !== undefined) {
    condition += ' AND alertInFlightBy = :inFlightBy';
    values[':inFlightBy'] = { S: change.onlyIfAlertInFlightBy };
  }
  return updateIfCondition(
    ddb,
    {
      Key: keyOf(key),
      UpdateExpression: expression,
      ConditionExpression: condition,
      ExpressionAttributeValues: values,
      ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
    },
    key.pk,
    options
  );
}

/** Every incident of one service (one item per root-cause family). */
async function readServiceIncidents(ddb: DynamoDBClient, pk: string, options: StoreOptions): Promise<Incident[]> {
  try {
    const response = await ddb.send(
      new QueryCommand({
        TableName: options.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: pk } },
        ConsistentRead: true,
      }),
      { abortSignal: options.signal }
    );
    return (response.Items ?? []).map(fromItem);
  } catch (error) {
    assertIsError(error);
    throw new AwsCallError('DynamoDB.Query', `${options.table}/${pk}`, error);
  }
}

export { addFailure, readIncident, readServiceIncidents, takeOverIncident, updateIncident, writeIncidentIfVersion };
export type { IncidentChange, StoreOptions };
