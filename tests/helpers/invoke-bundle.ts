/**
 * Runs the built Lambda bundle in a child process (a real cold start with its own environment),
 * through scripts/lib/invoke-bundle.mjs. Shared by the Lambda integration tests and the demo.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../shared/report/report.js';

type InvokeResult =
  | { ok: true; report: Report; ms: number }
  | { ok: false; ms?: number; coldStart?: boolean; error: { name: string; message: string; transient: boolean | null } };

interface InvokeOptions {
  /** The function's environment (DRY_RUN, ALERT_TOPIC_ARN, ...), on top of the AWS settings. */
  env: Record<string, string>;
  /** Deliver the events to concurrent invocations in one container. */
  concurrent?: boolean;
  bundle?: string;
  /** The request id of every invocation (Lambda keeps one for an event's retries); new ones otherwise. */
  requestId?: string;
}

interface InvokeWithLogs {
  results: InvokeResult[];
  /** Everything the function wrote to stdout and stderr (its logs, as CloudWatch Logs would get them). */
  stdout: string;
  stderr: string;
}

async function invokeBundle(events: unknown[], options: InvokeOptions): Promise<InvokeResult[]> {
  return (await runBundle(events, options, false)).results;
}

/** Like invokeBundle, and also returns what the function logged. */
async function invokeBundleWithLogs(events: unknown[], options: InvokeOptions): Promise<InvokeWithLogs> {
  return runBundle(events, options, true);
}

async function runBundle(events: unknown[], options: InvokeOptions, captureStdout: boolean): Promise<InvokeWithLogs> {
  const dir = mkdtempSync(join(tmpdir(), 'netfix-invoke-'));
  const input = join(dir, 'in.json');
  const output = join(dir, 'out.json');
  writeFileSync(input, JSON.stringify({ events, concurrent: options.concurrent ?? false, requestId: options.requestId }));
  try {
    const stderr: string[] = [];
    const stdout: string[] = [];
    const code = await new Promise<number>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['scripts/lib/invoke-bundle.mjs', input, output, ...(options.bundle ? [options.bundle] : [])],
        {
          env: {
            ...process.env,
            POWERTOOLS_LOG_LEVEL: process.env.NETFIX_LOG_LEVEL ?? 'SILENT',
            POWERTOOLS_METRICS_DISABLED: 'true',
            ...options.env,
          },
          stdio: ['ignore', captureStdout ? 'pipe' : 'ignore', 'pipe'],
        }
      );
      child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
      child.on('error', reject);
      // 'close' comes after the output streams ended, so the captured logs are complete.
      child.on('close', (status) => resolve(status ?? 1));
    });
    if (code !== 0) throw new Error(`invoke-bundle exited with ${code}: ${stderr.join('')}`);
    return {
      results: JSON.parse(readFileSync(output, 'utf8')) as InvokeResult[],
      stdout: stdout.join(''),
      stderr: stderr.join(''),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Delivers one event as Lambda's asynchronous invocation does: an attempt, and after a failure up to
 * two retries with the same request id, until one succeeds. Each attempt is a fresh process: after
 * a timeout or a crash Lambda resets the execution environment, so the failed attempt's unfinished
 * work (a call still waiting for its reply) never runs on beside the retry. Lambda waits 1 and 2
 * minutes between attempts; here the next attempt starts at once, the harder case for leases.
 * All attempts failing means the event goes to the failure queue.
 */
async function deliverWithRetries(
  event: unknown,
  options: Omit<InvokeOptions, 'concurrent' | 'requestId'>,
  attempts = 3
): Promise<InvokeResult[]> {
  const requestId = randomUUID();
  const results: InvokeResult[] = [];
  while (results.length < attempts) {
    const [result] = await invokeBundle([event], { ...options, requestId });
    if (result === undefined) throw new Error('invoke-bundle returned no result');
    results.push(result);
    if (result.ok) break;
  }
  return results;
}

/** The report of a result that must have succeeded (a clear failure otherwise). */
function reportOf(result: InvokeResult | undefined): Report {
  if (result === undefined) throw new Error('no result');
  if (!result.ok) throw new Error(`invocation failed: ${result.error.name}: ${result.error.message}`);
  return result.report;
}

export { deliverWithRetries, invokeBundle, invokeBundleWithLogs, reportOf };
export type { InvokeResult };
