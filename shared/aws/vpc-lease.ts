/**
 * DynamoDB persistence for the per-VPC writer lease and endpoint counter (model in
 * shared/incidents/vpc-lease.ts). The lease is a conditional PutItem: it succeeds only when no
 * lease exists, the stored one has expired, or this owner already holds it; DynamoDB applies the
 * condition and the write atomically, so two leaders never both hold one VPC.
 */
import { type DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { AwsCallError, assertIsError } from '../errors.js';
import type { VpcLeaseKey } from '../incidents/vpc-lease.js';

interface LeaseStoreOptions {
  table: string;
  signal?: AbortSignal;
}

function isConditionFailure(error: Error): boolean {
  return error.name === 'ConditionalCheckFailedException';
}

function keyOf(key: VpcLeaseKey) {
  return { pk: { S: key.pk }, sk: { S: key.sk } };
}

/** Takes the lease for `owner` until `leaseUntil` (epoch ms); false when another owner holds it. */
async function tryAcquireVpcLease(
  ddb: DynamoDBClient,
  key: VpcLeaseKey,
  lease: { owner: string; nowMs: number; leaseUntil: number; expiresAt: number },
  options: LeaseStoreOptions
): Promise<boolean> {
  try {
    await ddb.send(
      new PutItemCommand({
        TableName: options.table,
        Item: {
          ...keyOf(key),
          owner: { S: lease.owner },
          leaseUntil: { N: String(lease.leaseUntil) },
          expiresAt: { N: String(lease.expiresAt) },
        },
        ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil <= :now OR #owner = :owner',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: { ':now': { N: String(lease.nowMs) }, ':owner': { S: lease.owner } },
      }),
      { abortSignal: options.signal }
    );
    return true;
  } catch (error) {
    assertIsError(error);
    if (isConditionFailure(error)) return false;
    throw new AwsCallError('DynamoDB.PutItem', `${options.table}/${key.pk}`, error);
  }
}

/** Gives the lease back if `owner` still holds it (a lease that expired and moved on is left alone). */
async function releaseVpcLease(
  ddb: DynamoDBClient,
  key: VpcLeaseKey,
  owner: string,
  options: LeaseStoreOptions
): Promise<boolean> {
  try {
    await ddb.send(
      new UpdateItemCommand({
        TableName: options.table,
        Key: keyOf(key),
        UpdateExpression: 'SET leaseUntil = :zero',
        ConditionExpression: '#owner = :owner',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: { ':zero': { N: '0' }, ':owner': { S: owner } },
      }),
      { abortSignal: options.signal }
    );
    return true;
  } catch (error) {
    assertIsError(error);
    if (isConditionFailure(error)) return false;
    throw new AwsCallError('DynamoDB.UpdateItem', `${options.table}/${key.pk}`, error);
  }
}

/** Endpoints counted in a window (0 when none were). Strongly consistent: the holder just wrote it. */
async function readEndpointCount(ddb: DynamoDBClient, key: VpcLeaseKey, options: LeaseStoreOptions): Promise<number> {
  try {
    const response = await ddb.send(new GetItemCommand({ TableName: options.table, Key: keyOf(key), ConsistentRead: true }), {
      abortSignal: options.signal,
    });
    const created = response.Item?.created;
    return created && 'N' in created && created.N !== undefined ? Number(created.N) : 0;
  } catch (error) {
    assertIsError(error);
    throw new AwsCallError('DynamoDB.GetItem', `${options.table}/${key.pk}`, error);
  }
}

/** Adds `count` created endpoints to a window (ADD is atomic and commutative). */
async function addEndpointCount(
  ddb: DynamoDBClient,
  key: VpcLeaseKey,
  count: number,
  expiresAt: number,
  options: LeaseStoreOptions
): Promise<void> {
  try {
    await ddb.send(
      new UpdateItemCommand({
        TableName: options.table,
        Key: keyOf(key),
        UpdateExpression: 'ADD created :count SET expiresAt = :expires',
        ExpressionAttributeValues: { ':count': { N: String(count) }, ':expires': { N: String(expiresAt) } },
      }),
      { abortSignal: options.signal }
    );
  } catch (error) {
    assertIsError(error);
    throw new AwsCallError('DynamoDB.UpdateItem', `${options.table}/${key.pk}`, error);
  }
}

export { addEndpointCount, readEndpointCount, releaseVpcLease, tryAcquireVpcLease };
