/**
 * The VPC lease and the state table's conditional writes against the moto server the test runner
 * starts (scripts/lib/moto_atomic_server.py). DynamoDB applies a condition and its write
 * atomically; plain moto 5.2 does not (check, then write, in a threaded server), which once made
 * the burst test elect two leaders on a busy machine. These tests hold the emulator to the
 * promise the incident claims and the VPC lease rely on.
 */
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from '@jest/globals';
import { readEndpointCount, releaseVpcLease, tryAcquireVpcLease } from '../../../shared/aws/vpc-lease.js';
import { endpointWindowKey, vpcLeaseKey } from '../../../shared/incidents/vpc-lease.js';
import { acquireVpcWriter } from '../../../shared/pipeline/vpc-writer.js';
import { createStateTable } from '../../helpers/local-stack.js';
import { motoClients, uniqueName } from '../../helpers/moto.js';

const clients = motoClients('eu-west-1');

async function newTable(): Promise<string> {
  const table = uniqueName('lease');
  await createStateTable(clients, table);
  return table;
}

function lease(owner: string, nowMs: number) {
  return { owner, nowMs, leaseUntil: nowMs + 90_000, expiresAt: Math.floor(nowMs / 1000) + 3600 };
}

describe('conditional writes in the test moto server', () => {
  it('let exactly one of 25 concurrent attribute_not_exists puts win, round after round', async () => {
    const table = await newTable();
    const winners: number[] = [];
    for (let round = 0; round < 40; round += 1) {
      const results = await Promise.all(
        Array.from({ length: 25 }, (_, index) =>
          clients.dynamodb
            .send(
              new PutItemCommand({
                TableName: table,
                Item: { pk: { S: `race-${round}` }, sk: { S: 'x' }, who: { S: String(index) } },
                ConditionExpression: 'attribute_not_exists(pk)',
              })
            )
            .then(
              () => 1,
              (error: Error) => {
                if (error.name !== 'ConditionalCheckFailedException') throw error;
                return 0;
              }
            )
        )
      );
      winners.push(results.reduce((sum, won) => sum + won, 0));
    }
    expect(winners.filter((count) => count !== 1)).toEqual([]);
  });
});

describe('the VPC lease in the state table', () => {
  const key = vpcLeaseKey({ region: 'eu-west-1', accountId: '123456789012', vpcId: 'vpc-0lease' });
  const now = Date.parse('2026-12-02T03:00:00Z');

  it('gives one VPC to one owner among many at once', async () => {
    const table = await newTable();

    const taken = await Promise.all(
      Array.from({ length: 20 }, (_, index) => tryAcquireVpcLease(clients.dynamodb, key, lease(`run-${index}`, now), { table }))
    );

    expect(taken.filter(Boolean)).toHaveLength(1);
  });

  it('is refused while held, taken again by its owner, free after release, and free after it expires', async () => {
    const table = await newTable();
    expect(await tryAcquireVpcLease(clients.dynamodb, key, lease('a', now), { table })).toBe(true);

    expect(await tryAcquireVpcLease(clients.dynamodb, key, lease('b', now + 1000), { table })).toBe(false);
    expect(await tryAcquireVpcLease(clients.dynamodb, key, lease('a', now + 1000), { table })).toBe(true);
    expect(await releaseVpcLease(clients.dynamodb, key, 'b', { table })).toBe(false);
    expect(await releaseVpcLease(clients.dynamodb, key, 'a', { table })).toBe(true);
    expect(await tryAcquireVpcLease(clients.dynamodb, key, lease('b', now + 2000), { table })).toBe(true);

    // b crashes holding it: after the lease time, c gets the VPC.
    expect(await tryAcquireVpcLease(clients.dynamodb, key, lease('c', now + 60_000), { table })).toBe(false);
    expect(await tryAcquireVpcLease(clients.dynamodb, key, lease('c', now + 2000 + 90_000), { table })).toBe(true);
  });

  it('lets a waiting writer in once the holder releases, and counts what each created in the window', async () => {
    const table = await newTable();
    let clock = now;
    const options = {
      table,
      region: 'eu-west-1',
      accountId: '123456789012',
      vpcId: 'vpc-0lease',
      maxEndpointsPerWindow: 6,
      now: () => new Date(clock),
      signal: undefined,
    };
    const first = await acquireVpcWriter(clients.dynamodb, { ...options, owner: 'first', sleep: async () => undefined });
    await first.recordCreated(4);

    // The second waits (its sleep moves the clock) until the first releases after three polls.
    let polls = 0;
    const second = acquireVpcWriter(clients.dynamodb, {
      ...options,
      owner: 'second',
      sleep: async (ms) => {
        polls += 1;
        clock += ms;
        if (polls === 3) await first.release();
      },
    });

    const writer = await second;
    expect(polls).toBe(3);
    expect(writer.budget.remaining).toBe(2);
    await writer.recordCreated(2);
    expect(
      await readEndpointCount(
        clients.dynamodb,
        endpointWindowKey({ region: 'eu-west-1', accountId: '123456789012', vpcId: 'vpc-0lease' }, clock),
        { table }
      )
    ).toBe(6);
    await writer.release();
  });

  it('gives up after the wait with a retryable error when the holder never lets go', async () => {
    const table = await newTable();
    let clock = now;
    const base = {
      table,
      region: 'eu-west-1',
      accountId: '123456789012',
      vpcId: 'vpc-0lease',
      maxEndpointsPerWindow: 6,
      now: () => new Date(clock),
    };
    await acquireVpcWriter(clients.dynamodb, { ...base, owner: 'holder', sleep: async () => undefined });

    const waiting = acquireVpcWriter(clients.dynamodb, {
      ...base,
      owner: 'waiter',
      sleep: async (ms) => {
        clock += ms;
      },
    });

    await expect(waiting).rejects.toMatchObject({ name: 'VpcBusyError', transient: true });
  });
});
