/**
 * Builds the events of a burst: copies of a world's failure event, each for another task of the
 * same service (its own task id and event id), as ECS sends them when a service keeps failing.
 */
import { randomUUID } from 'node:crypto';
import type { EcsTaskStateChangeEvent } from '../../../shared/intake/ecs-task-event.js';

/** Another task of the same service failing the same way. */
function failureEvent(template: EcsTaskStateChangeEvent, index: number): EcsTaskStateChangeEvent {
  const event = structuredClone(template);
  const taskArn = template.detail.taskArn ?? '';
  const taskId = `${index.toString(16).padStart(4, '0')}${randomUUID().replace(/-/g, '')}`.slice(0, 32);
  const arn = `${taskArn.split('/').slice(0, -1).join('/')}/${taskId}`;
  event.id = randomUUID();
  event.resources = [arn];
  event.detail.taskArn = arn;
  return event;
}

function failureEvents(template: EcsTaskStateChangeEvent, count: number): EcsTaskStateChangeEvent[] {
  return Array.from({ length: count }, (_, index) => failureEvent(template, index));
}

/** Splits `items` into `parts` groups of (nearly) equal size, keeping order. */
function splitInto<T>(items: T[], parts: number): T[][] {
  const size = Math.ceil(items.length / parts);
  return Array.from({ length: parts }, (_, part) => items.slice(part * size, (part + 1) * size)).filter(
    (group) => group.length > 0
  );
}

export { failureEvent, failureEvents, splitInto };
