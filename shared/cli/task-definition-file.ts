/**
 * `check --task-definition-file FILE`: checks a task definition that is not registered yet (the
 * file a deployment pipeline is about to register), instead of the service's current one.
 * The parsed facts are put in the inspection's task definition cache under a key of their own,
 * so the inspection uses them exactly as if ECS had returned them.
 */
import { readFile } from 'node:fs/promises';
import { rememberTaskDefinition } from '../inspect/task-definition-cache.js';
import { parseTaskDefinition } from '../model/task-definition.js';
import type { TaskDefinitionInput } from '../model/task-definition.js';
import { UsageError } from '../errors.js';

/** Accepts the registration JSON, or `aws ecs describe-task-definition` output around it. */
function unwrapTaskDefinition(value: unknown): TaskDefinitionInput | null {
  if (value === null || typeof value !== 'object') return null;
  const record = value as Record<string, unknown>;
  const inner = record.taskDefinition !== undefined ? record.taskDefinition : record;
  if (inner === null || typeof inner !== 'object') return null;
  return Array.isArray((inner as Record<string, unknown>).containerDefinitions) ? (inner as TaskDefinitionInput) : null;
}

/** Reads and registers the file's facts; returns the key the service should point at. */
async function loadTaskDefinitionFile(file: string, region: string, command: string): Promise<string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch (error) {
    const reason = (error as { code?: string }).code ?? (error instanceof Error ? error.message.split('\n')[0] : 'unreadable');
    throw new UsageError(`cannot read --task-definition-file ${file} (${reason})`, command);
  }
  const definition = unwrapTaskDefinition(parsed);
  if (definition === null) {
    throw new UsageError(`--task-definition-file ${file} has no containerDefinitions: is it a task definition?`, command);
  }
  // The cache keeps only revision-like keys (`...:<number>`).
  const key = `file:${file}:0`;
  rememberTaskDefinition(key, parseTaskDefinition({ ...definition, taskDefinitionArn: `file ${file}` }, region));
  return key;
}

export { loadTaskDefinitionFile };
