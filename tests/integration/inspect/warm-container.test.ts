/**
 * A warm Lambda container reads only what can change between two failures: the second event of a
 * VPC makes the "healthy task" budget of six reads in at most three rounds, and what it sees is the
 * same as a cold read.
 */
import { ModifyVpcAttributeCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it, jest } from '@jest/globals';
import { VPC_SETTINGS_TTL_MS } from '../../../shared/inspect/vpc-facts-cache.js';
import { motoClients } from '../../helpers/moto.js';
import { buildWorld } from '../../helpers/moto-world.js';
import { gatherCold } from './gather-helpers.js';

const clients = motoClients();

/** Only the clock moves: the SDK's and moto's timers keep running for real. */
const ALL_BUT_DATE = [
  'hrtime',
  'nextTick',
  'performance',
  'queueMicrotask',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'requestIdleCallback',
  'cancelIdleCallback',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
  'Temporal',
] as const;

describe('gatherSnapshot in a warm container', () => {
  it('reads a healthy task in six reads and two rounds, and sees what a cold read sees', async () => {
    const world = await buildWorld(clients, {
      azs: 2,
      interfaceEndpoints: { services: ['ecr.api', 'ecr.dkr', 'logs'] },
      s3Gateway: { on: 'private' },
    });
    const cold = await gatherCold(clients, world.task);

    const warm = await gatherCold(clients, world.task, { keepCache: true });

    expect(warm.ledger.byOperation()).toEqual({
      'ECS.DescribeServices': 1,
      'EC2.DescribeRouteTables': 1,
      'EC2.DescribeNatGateways': 1,
      'EC2.DescribeVpcEndpoints': 1,
      'EC2.DescribeSecurityGroups': 1,
      'EC2.DescribeNetworkAcls': 1,
    });
    expect(warm.ledger.roundsUsed()).toBe(2);
    expect(warm.snapshot).toEqual(cold.snapshot);
    expect(cold.ledger.total).toBeGreaterThan(warm.ledger.total);
  });

  it('sees a DNS fix once the VPC settings are older than their time to live', async () => {
    const world = await buildWorld(clients, { azs: 1, dns: { hostnames: false } });
    const before = await gatherCold(clients, world.task);
    expect(before.snapshot.vpc?.enableDnsHostnames).toBe(false);
    await clients.ec2.send(new ModifyVpcAttributeCommand({ VpcId: world.vpcId, EnableDnsHostnames: { Value: true } }));

    const soon = await gatherCold(clients, world.task, { keepCache: true });
    jest.useFakeTimers({ doNotFake: [...ALL_BUT_DATE], now: Date.now() + VPC_SETTINGS_TTL_MS + 1 });
    try {
      const later = await gatherCold(clients, world.task, { keepCache: true });

      expect(soon.snapshot.vpc?.enableDnsHostnames).toBe(false);
      expect(later.snapshot.vpc?.enableDnsHostnames).toBe(true);
      expect(later.ledger.byOperation()['EC2.DescribeVpcAttribute']).toBe(2);
    } finally {
      jest.useRealTimers();
    }
  });
});
