import { describe, expect, it } from '@jest/globals';
import type { ManagedEndpoint } from '../../../../shared/aws/managed-resources.js';
import { buildInventory, formatAge } from '../../../../shared/cli/managed-inventory.js';

const NOW = new Date('2026-11-26T12:00:00.000Z');

function endpoint(overrides: Partial<ManagedEndpoint>): ManagedEndpoint {
  return {
    vpcEndpointId: 'vpce-1',
    vpcId: 'vpc-1',
    serviceName: 'com.amazonaws.eu-west-1.ecr.api',
    type: 'Interface',
    state: 'available',
    subnetIds: ['subnet-a', 'subnet-b', 'subnet-c'],
    routeTableIds: [],
    securityGroupIds: ['sg-1'],
    tags: { ManagedBy: 'ecs-netfix', 'ecs-netfix:created-at': '2026-11-23T09:30:00.000Z' },
    createdAt: '2026-11-23T09:29:58.000Z',
    ...overrides,
  };
}

describe('buildInventory', () => {
  it('prices an interface endpoint per AZ, a gateway endpoint and the group as free', () => {
    // Act
    const inventory = buildInventory(
      [
        endpoint({}),
        endpoint({
          vpcEndpointId: 'vpce-2',
          serviceName: 'com.amazonaws.eu-west-1.s3',
          type: 'Gateway',
          subnetIds: [],
          routeTableIds: ['rtb-1'],
        }),
      ],
      [{ groupId: 'sg-1', groupName: 'ecs-netfix-endpoints', vpcId: 'vpc-1', tags: { ManagedBy: 'ecs-netfix' } }],
      { region: 'eu-west-1', now: NOW }
    );

    // Assess
    expect(inventory.resources.map((row) => [row.resourceId, row.kind, row.azCount, row.monthlyUsd])).toEqual([
      ['vpce-2', 'gateway-endpoint', 0, 0],
      ['vpce-1', 'interface-endpoint', 3, 24.09],
      ['sg-1', 'security-group', 0, 0],
    ]);
    expect(inventory.totalMonthlyUsd).toBe(24.09);
    expect(inventory.note).toContain('data processing is extra');
  });

  it("takes the age from ecs-netfix's created-at tag, else from EC2's timestamp", () => {
    const inventory = buildInventory(
      [
        endpoint({}),
        endpoint({ vpcEndpointId: 'vpce-3', tags: { ManagedBy: 'ecs-netfix' }, createdAt: '2026-11-26T11:00:00.000Z' }),
      ],
      [],
      { region: 'eu-west-1', now: NOW }
    );

    const ages = Object.fromEntries(inventory.resources.map((row) => [row.resourceId, formatAge(row.ageSeconds)]));
    expect(ages).toEqual({ 'vpce-1': '3d 2h', 'vpce-3': '1h 0m' });
  });
});

describe('formatAge', () => {
  it('shows the two largest units, or ? when unknown', () => {
    expect([formatAge(null), formatAge(42), formatAge(600), formatAge(7260), formatAge(90_000)]).toEqual([
      '?',
      '42s',
      '10m',
      '2h 1m',
      '1d 1h',
    ]);
  });
});
