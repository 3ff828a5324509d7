/**
 * Loads a saved event from tests/events/ecs-task-state-change/<name>.json. Every call returns a
 * fresh structuredClone so a test can change fields without leaking into other tests.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const EVENTS_DIR = fileURLToPath(new URL('../events/ecs-task-state-change/', import.meta.url));

const cache = new Map<string, unknown>();

/** A saved event as a plain object, typed loosely so tests can break it on purpose. */
type LoadedEvent = Record<string, unknown> & { detail: Record<string, unknown> };

function loadEvent(name: string): LoadedEvent {
  let parsed = cache.get(name);
  if (parsed === undefined) {
    parsed = JSON.parse(readFileSync(`${EVENTS_DIR}${name}.json`, 'utf8')) as unknown;
    cache.set(name, parsed);
  }
  return structuredClone(parsed) as LoadedEvent;
}

export { loadEvent };
