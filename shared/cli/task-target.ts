/**
 * Which failed task a `diagnose` or `invoke` run is about, from `--event FILE`,
 * `--cluster C --task T` or `--cluster C --service S`, as the manual request the function takes.
 */
import { readFile } from 'node:fs/promises';
import type { CliOption, OptionValue } from './command.js';
import { stringOption } from './aws-options.js';
import { UsageError } from '../errors.js';

type ManualPayload =
  | { event: unknown; dryRun: boolean }
  | { cluster: string; taskArn: string; dryRun: boolean; region?: string }
  | { cluster: string; service: string; dryRun: boolean; region?: string };

const TASK_TARGET_OPTIONS: Readonly<Record<string, CliOption>> = {
  event: { type: 'string', valueName: 'FILE', description: 'a saved "ECS Task State Change" event (JSON file, - for stdin)' },
  cluster: { type: 'string', valueName: 'CLUSTER', description: 'cluster name or ARN (with --task or --service)' },
  task: { type: 'string', valueName: 'TASK', description: 'stopped task ARN or id' },
  service: { type: 'string', valueName: 'SERVICE', description: 'service name: diagnoses its most recently stopped task' },
};

type TaskTarget =
  | { kind: 'event'; file: string }
  | { kind: 'task'; cluster: string; task: string }
  | { kind: 'service'; cluster: string; service: string };

/** Exactly one way of naming the task; anything else is a usage error that says what to give. */
function readTaskTarget(values: Readonly<Record<string, OptionValue>>, command: string): TaskTarget {
  const file = stringOption(values, 'event');
  const cluster = stringOption(values, 'cluster');
  const task = stringOption(values, 'task');
  const service = stringOption(values, 'service');
  if (file !== null) {
    if (cluster !== null || task !== null || service !== null) {
      throw new UsageError('give either --event FILE, or --cluster with --task or --service, not both', command);
    }
    return { kind: 'event', file };
  }
  if (task !== null && service !== null) throw new UsageError('give either --task or --service, not both', command);
  if (task === null && service === null) {
    throw new UsageError('name the task: --event FILE, --cluster C --task T, or --cluster C --service S', command);
  }
  if (cluster === null) throw new UsageError(`--${task !== null ? 'task' : 'service'} needs --cluster`, command);
  return task !== null ? { kind: 'task', cluster, task } : { kind: 'service', cluster, service: service ?? '' };
}

async function readJsonInput(file: string, command: string, readStdin: () => Promise<string>): Promise<unknown> {
  let text: string;
  try {
    text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'unreadable';
    throw new UsageError(`cannot read --event ${file} (${code})`, command);
  }
  if (text.trim() === '') {
    const what = file === '-' ? 'stdin is empty' : `--event ${file} is empty`;
    throw new UsageError(`${what}: give a saved "ECS Task State Change" event (JSON)`, command);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : 'invalid JSON';
    throw new UsageError(`--event ${file} is not valid JSON (${reason})`, command);
  }
}

/** The request the pipeline (or the deployed function) reads; `region` only for lookups. */
async function buildManualPayload(
  target: TaskTarget,
  options: { dryRun: boolean; region: string; command: string; readStdin: () => Promise<string> }
): Promise<ManualPayload> {
  if (target.kind === 'event') {
    return { event: await readJsonInput(target.file, options.command, options.readStdin), dryRun: options.dryRun };
  }
  if (target.kind === 'task') {
    return { cluster: target.cluster, taskArn: target.task, dryRun: options.dryRun, region: options.region };
  }
  return { cluster: target.cluster, service: target.service, dryRun: options.dryRun, region: options.region };
}

export { TASK_TARGET_OPTIONS, buildManualPayload, readTaskTarget };
export type { TaskTarget };
