import { describe, expect, it } from '@jest/globals';
import { parseClusterArn, parseTaskArn } from '../../../shared/intake/ecs-arn.js';

describe('parseTaskArn', () => {
  it('reads region, account, cluster and id from a long-format task ARN', () => {
    // Act
    const arn = parseTaskArn('arn:aws:ecs:eu-west-1:123456789012:task/orders-prod/1f0a8b7c6d5e4f3a2b1c0d9e8f7a6b5c');

    // Assess
    expect(arn).toEqual({
      partition: 'aws',
      region: 'eu-west-1',
      accountId: '123456789012',
      clusterName: 'orders-prod',
      taskId: '1f0a8b7c6d5e4f3a2b1c0d9e8f7a6b5c',
    });
  });

  it('reads a short-format task ARN without a cluster segment', () => {
    const arn = parseTaskArn('arn:aws:ecs:us-east-1:123456789012:task/0b69d5c0-d655-4695-98cd-5d2d526d9d5a');

    expect(arn?.clusterName).toBeNull();
    expect(arn?.taskId).toBe('0b69d5c0-d655-4695-98cd-5d2d526d9d5a');
  });

  it('accepts other partitions such as aws-cn and aws-us-gov', () => {
    expect(parseTaskArn('arn:aws-cn:ecs:cn-north-1:123456789012:task/c/abc')?.partition).toBe('aws-cn');
    expect(parseTaskArn('arn:aws-us-gov:ecs:us-gov-west-1:123456789012:task/c/abc')?.region).toBe('us-gov-west-1');
  });

  it.each([
    ['a cluster ARN', 'arn:aws:ecs:eu-west-1:123456789012:cluster/orders-prod'],
    ['another service', 'arn:aws:ec2:eu-west-1:123456789012:task/orders-prod/abc'],
    ['a short account id', 'arn:aws:ecs:eu-west-1:1234:task/orders-prod/abc'],
    ['a made-up region', 'arn:aws:ecs:europe:123456789012:task/orders-prod/abc'],
    ['trailing junk', 'arn:aws:ecs:eu-west-1:123456789012:task/orders-prod/abc/extra'],
    ['an empty string', ''],
  ])('returns null for %s', (_label, text) => {
    expect(parseTaskArn(text)).toBeNull();
  });

  it('returns null for a string far longer than any ARN without scanning it all', () => {
    const huge = `arn:aws:ecs:eu-west-1:123456789012:task/orders-prod/${'a'.repeat(5_000_000)}`;

    expect(parseTaskArn(huge)).toBeNull();
  });
});

describe('parseClusterArn', () => {
  it('reads region, account and cluster name', () => {
    expect(parseClusterArn('arn:aws:ecs:ap-southeast-2:123456789012:cluster/orders_prod-2')).toEqual({
      partition: 'aws',
      region: 'ap-southeast-2',
      accountId: '123456789012',
      clusterName: 'orders_prod-2',
    });
  });

  it('returns null for a task ARN and for a bare cluster name', () => {
    expect(parseClusterArn('arn:aws:ecs:eu-west-1:123456789012:task/orders-prod/abc')).toBeNull();
    expect(parseClusterArn('orders-prod')).toBeNull();
  });
});
