import { describe, expect, it } from '@jest/globals';
import type { ManagedEndpoint, ManagedSecurityGroup } from '../../../shared/aws/managed-resources.js';
import { isManagedByNetfix } from '../../../shared/aws/managed-resources.js';
import { planRollback } from '../../../shared/cli/rollback-plan.js';

const OURS = {
  ManagedBy: 'ecs-netfix',
  'ecs-netfix:incident': 'ecs-netfix/prod/service:web/network/20261201T100000',
  'ecs-netfix:created-at': '2026-12-01T10:00:00.000Z',
};

function gateway(id: string, routeTableIds: string[], tags: Record<string, string>): ManagedEndpoint {
  return {
    vpcEndpointId: id,
    vpcId: 'vpc-1',
    serviceName: 'com.amazonaws.eu-west-1.s3',
    type: 'Gateway',
    state: 'available',
    subnetIds: [],
    routeTableIds,
    securityGroupIds: [],
    tags,
    createdAt: null,
  };
}

describe('what ecs-netfix owns', () => {
  it.each([
    ['every tag it writes', OURS, true],
    ['a hand-set ManagedBy only', { ManagedBy: 'ecs-netfix' }, false],
    ['no incident', { ManagedBy: 'ecs-netfix', 'ecs-netfix:created-at': OURS['ecs-netfix:created-at'] }, false],
    ['a creation time that is not a time', { ...OURS, 'ecs-netfix:created-at': 'yesterday' }, false],
    ['another ManagedBy', { ...OURS, ManagedBy: 'terraform' }, false],
  ])('%s: %s', (_case: string, tags: Record<string, string>, expected: boolean) => {
    expect(isManagedByNetfix(tags)).toBe(expected);
  });
});

describe('planRollback', () => {
  const group: ManagedSecurityGroup = { groupId: 'sg-1', groupName: 'ecs-netfix-endpoints', vpcId: 'vpc-1', tags: OURS };

  it('deletes its own endpoint, detaches exactly what it added to yours, and leaves a hand-tagged one alone', () => {
    const plan = planRollback(
      [
        gateway('vpce-ours', ['rtb-a'], { ...OURS, 'ecs-netfix:added:rtb-a': 'x' }),
        gateway('vpce-yours', ['rtb-user', 'rtb-b'], { 'ecs-netfix:added:rtb-b': 'x' }),
        gateway('vpce-hand', ['rtb-c'], { ManagedBy: 'ecs-netfix' }),
      ],
      [group]
    );

    expect(
      plan.steps.map((step) =>
        step.kind === 'detach' ? [step.kind, step.endpoint.vpcEndpointId, step.detach, step.keep] : [step.kind]
      )
    ).toEqual([['delete-endpoint'], ['detach', 'vpce-yours', ['rtb-b'], ['rtb-user']], ['delete-group']]);
    expect(plan.leftAlone.map((item) => item.resourceId)).toEqual(['vpce-hand']);
  });

  it('keeps its own gateway that also serves a route table someone added, detaching only its own', () => {
    const plan = planRollback([gateway('vpce-ours', ['rtb-a', 'rtb-theirs'], { ...OURS, 'ecs-netfix:added:rtb-a': 'x' })], []);

    expect(plan.steps).toEqual([
      expect.objectContaining({ kind: 'detach', detach: ['rtb-a'], keep: ['rtb-theirs'], ours: true }),
    ]);
  });

  it('deletes its own endpoint made before attachments were recorded (no added tags)', () => {
    const plan = planRollback([gateway('vpce-old', ['rtb-a', 'rtb-b'], OURS)], []);

    expect(plan.steps.map((step) => step.kind)).toEqual(['delete-endpoint']);
  });
});
