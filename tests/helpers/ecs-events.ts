/**
 * ECS events as EventBridge delivers them, built from a moto world: more failures of the same
 * service (each its own task id and event id, as ECS sends them when a service keeps failing),
 * and the service-level events of the incident life cycle. Shared by the tests, the demo and the
 * benchmark.
 */
import { randomUUID } from 'node:crypto';
import type { EcsTaskStateChangeEvent } from '../../shared/intake/ecs-task-event.js';
import type { World } from './moto-world.js';

interface FailureOptions {
  /** Makes task ids of one batch distinct and ordered. */
  index?: number;
  /** Replace the stop reason, at task level or in every container's reason. */
  reason?: string;
  where?: 'task' | 'container';
  /** A task that exists in moto (stopAnotherTask), instead of a made-up id. */
  taskArn?: string;
}

/** Another task of the same service failing (by default the same way as the template). */
function failureEvent(template: EcsTaskStateChangeEvent, options: FailureOptions = {}): EcsTaskStateChangeEvent {
  const event = structuredClone(template);
  const taskArn = template.detail.taskArn ?? '';
  const prefix = (options.index ?? 0).toString(16).padStart(4, '0');
  const taskId = `${prefix}${randomUUID().replace(/-/g, '')}`.slice(0, 32);
  const arn = options.taskArn ?? `${taskArn.split('/').slice(0, -1).join('/')}/${taskId}`;
  event.id = randomUUID();
  event.resources = [arn];
  event.detail.taskArn = arn;
  if (options.reason !== undefined) {
    const inTask = options.where !== 'container';
    event.detail.stoppedReason = inTask ? options.reason : 'Task failed to start';
    event.detail.containers = (event.detail.containers ?? []).map((container) => ({
      ...container,
      reason: inTask ? undefined : options.reason,
    }));
  }
  return event;
}

function failureEvents(template: EcsTaskStateChangeEvent, count: number): EcsTaskStateChangeEvent[] {
  return Array.from({ length: count }, (_, index) => failureEvent(template, { index }));
}

/** An "ECS Service Action" or "ECS Deployment State Change" event for the world's service. */
function serviceEvent(
  world: Pick<World, 'accountId' | 'region' | 'clusterName' | 'clusterArn' | 'serviceName'>,
  detailType: 'ECS Service Action' | 'ECS Deployment State Change',
  eventName: string
): unknown {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': detailType,
    source: 'aws.ecs',
    account: world.accountId,
    time: new Date().toISOString(),
    region: world.region,
    resources: [`arn:aws:ecs:${world.region}:${world.accountId}:service/${world.clusterName}/${world.serviceName}`],
    detail: { eventType: 'INFO', eventName, clusterArn: world.clusterArn, createdAt: new Date().toISOString() },
  };
}

/** Splits `items` into `parts` groups of (nearly) equal size, keeping order. */
function splitInto<T>(items: T[], parts: number): T[][] {
  const size = Math.ceil(items.length / parts);
  return Array.from({ length: parts }, (_, part) => items.slice(part * size, (part + 1) * size)).filter(
    (group) => group.length > 0
  );
}

export { failureEvent, failureEvents, serviceEvent, splitInto };
