import { describe, expect, it } from '@jest/globals';
import { type AwsTaskFacts, reconcileTaskFacts } from '../../../shared/pipeline/confirm-facts.js';
import { aStoppedTask } from '../../helpers/snapshot-builder.js';

const VPCS = { 'subnet-0a': 'vpc-0abc', 'subnet-0b': 'vpc-0abc', 'subnet-0other': 'vpc-0other' };
const SERVICE: AwsTaskFacts['service'] = { found: true, subnetIds: ['subnet-0a', 'subnet-0b'] };

function facts(overrides: Partial<AwsTaskFacts> = {}): AwsTaskFacts {
  return { task: aStoppedTask({ eventId: null }), service: SERVICE, subnetVpcs: VPCS, ...overrides };
}

function disagreementOf(result: ReturnType<typeof reconcileTaskFacts>): string {
  return result.confirmed ? '(confirmed)' : result.disagreement;
}

describe('reconcileTaskFacts', () => {
  it('confirms an event that matches the task ECS shows, with its VPC', () => {
    const event = aStoppedTask();

    const result = reconcileTaskFacts(event, facts());

    expect(result).toEqual({ confirmed: true, task: event, vpcId: 'vpc-0abc' });
  });

  it("takes AWS's service, task definition and subnet where the event left them out", () => {
    const event = aStoppedTask({ group: null, serviceName: null, subnetId: null, taskDefinitionArn: null });

    const result = reconcileTaskFacts(event, facts());

    expect(result.confirmed && result.task).toMatchObject({ serviceName: 'web', group: 'service:web', subnetId: 'subnet-0a' });
    expect(result.confirmed && result.task.taskDefinitionArn).toBe(aStoppedTask().taskDefinitionArn);
  });

  it('confirms a task ECS no longer shows through its service, when the subnet is one of the service', () => {
    const result = reconcileTaskFacts(aStoppedTask({ subnetId: 'subnet-0b' }), facts({ task: null }));

    expect(result).toMatchObject({ confirmed: true, vpcId: 'vpc-0abc' });
  });

  it.each([
    [
      'a subnet other than the one the task ran in',
      aStoppedTask({ subnetId: 'subnet-0other' }),
      facts(),
      /ran in subnet subnet-0a, not subnet-0other/,
    ],
    [
      'another service than the one that started the task',
      aStoppedTask({ group: 'service:admin', serviceName: 'admin' }),
      facts(),
      /started by service:web, not service:admin/,
    ],
    [
      'another task definition',
      aStoppedTask({ taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/evil:1' }),
      facts(),
      /runs .* not .*evil/,
    ],
    [
      'a cluster the task is not in',
      aStoppedTask(),
      facts({ task: aStoppedTask({ clusterName: 'other', clusterArn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/other' }) }),
      /belongs to cluster other, not prod/,
    ],
    [
      'a subnet of another VPC (task gone)',
      aStoppedTask({ subnetId: 'subnet-0other' }),
      facts({ task: null }),
      /subnet-0other is not one of service web/,
    ],
    [
      'a service not in the cluster (task gone)',
      aStoppedTask(),
      facts({ task: null, service: { found: false, reason: 'MISSING' } }),
      /service web is not in cluster prod \(MISSING\)/,
    ],
    [
      'a standalone task ECS no longer shows',
      aStoppedTask({ group: 'family:x', serviceName: null }),
      facts({ task: null, service: null }),
      /names no service/,
    ],
    [
      'a subnet EC2 does not know',
      aStoppedTask(),
      facts({ subnetVpcs: { 'subnet-0b': 'vpc-0abc' } }),
      /subnet-0a does not exist/,
    ],
    [
      'service subnets in two VPCs',
      aStoppedTask(),
      facts({ service: { found: true, subnetIds: ['subnet-0a', 'subnet-0other'] } }),
      /several VPCs/,
    ],
  ] as const)('refuses %s', (_name, event, aws, why) => {
    const result = reconcileTaskFacts(event, aws);

    expect(result.confirmed).toBe(false);
    expect(disagreementOf(result)).toMatch(why);
    expect(disagreementOf(result)).toMatch(/Nothing was changed\.$/);
  });
});
