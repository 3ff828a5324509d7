/**
 * The benchmark's AWS part, against the moto server scripts/bench.mjs started: AWS calls per event
 * (with sequential rounds, measured in-process), handler latency through the built bundle, and a
 * burst's events per second. Writes one JSON document to the path given as the first argument.
 *
 *   node --import tsx scripts/bench/scenarios.ts OUT.json
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { type AwsClients, createAwsClients } from '../../shared/aws/clients.js';
import { createPermissionChecker } from '../../shared/aws/iam-permissions.js';
import { loadConfig } from '../../shared/config.js';
import { clearGatherCaches } from '../../shared/inspect/gather.js';
import { handleRequest } from '../../shared/pipeline/handle-request.js';
import type { Report } from '../../shared/report/report.js';
import { failureEvent, failureEvents, splitInto } from '../../tests/helpers/ecs-events.js';
import { invokeBundle, reportOf } from '../../tests/helpers/invoke-bundle.js';
import { createLocalStack, type LocalStack } from '../../tests/helpers/local-stack.js';
import { buildWorld, type World, type WorldSpec } from '../../tests/helpers/moto-world.js';

const REGION = 'eu-west-1';
const LATENCY_SAMPLES = 15;
const APPLY_SAMPLES = 8;
const BURST_EVENTS = 100;
const BURST_PROCESSES = 4;

const HEALTHY: WorldSpec = {
  azs: 2,
  interfaceEndpoints: { services: ['ecr.api', 'ecr.dkr', 'logs'] },
  s3Gateway: { on: 'private' },
  taskDefinition: { image: 'ecr', awslogs: true },
};
const BROKEN: WorldSpec = { azs: 2, taskDefinition: { image: 'ecr', awslogs: true } };

interface TimedCall {
  operation: string;
  start: number;
  end: number;
}

/** Records when each call starts and ends, to count sequential rounds (calls that had to wait). */
function timeCalls(clients: AwsClients, sink: TimedCall[]): void {
  const services: [keyof AwsClients, string][] = [
    ['ec2', 'EC2'],
    ['ecs', 'ECS'],
    ['iam', 'IAM'],
    ['sns', 'SNS'],
    ['events', 'EventBridge'],
    ['dynamodb', 'DynamoDB'],
  ];
  for (const [key, service] of services) {
    const client = clients[key] as { middlewareStack: { add: (...args: unknown[]) => void } };
    client.middlewareStack.add(
      (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
        const call = {
          operation: `${service}.${(context.commandName ?? '').replace(/Command$/, '')}`,
          start: performance.now(),
          end: 0,
        };
        try {
          return await next(args);
        } finally {
          call.end = performance.now();
          sink.push(call);
        }
      },
      { step: 'initialize', name: 'benchTimer', override: true }
    );
  }
}

/** Groups calls into rounds: a call that starts after an earlier call ended had to wait for it. */
function sequentialRounds(calls: TimedCall[]): string[][] {
  const sorted = [...calls].sort((a, b) => a.start - b.start);
  const rounds: { end: number; operations: string[] }[] = [];
  for (const call of sorted) {
    const current = rounds.at(-1);
    // Started before any call of the current round had ended: launched together (Promise.all).
    if (current && call.start < current.end) {
      current.operations.push(call.operation);
      current.end = Math.min(current.end, call.end);
    } else {
      rounds.push({ end: call.end, operations: [call.operation] });
    }
  }
  return rounds.map((round) => round.operations);
}

const isRead = (operation: string) => /\.(Describe|Get|List|Simulate)/.test(operation);
const isState = (operation: string) => operation.startsWith('DynamoDB.');

interface CallProfile {
  scenario: string;
  outcome: string;
  /** Every call the run made, counted by a middleware of our own. */
  total: number;
  byOperation: Record<string, number>;
  /** What the report's `calls` says (counted until the report is built: before the alert and audit). */
  reportTotal: number;
  /** AWS reads of the VPC/ECS/IAM (DynamoDB state reads counted apart). */
  reads: number;
  stateCalls: number;
  writes: number;
  /** Sequential rounds of the diagnosis reads (DynamoDB and outward messages apart). */
  readRounds: string[][];
  allRounds: number;
}

async function profileCalls(
  scenario: string,
  world: World,
  stack: LocalStack,
  env: Record<string, string>,
  warm: boolean
): Promise<CallProfile> {
  const config = loadConfig({ ...stack.env, ALERT_COALESCE_SECONDS: '0', ...env });
  const clients = createAwsClients({ region: REGION, maxAttempts: 1 });
  const timed: TimedCall[] = [];
  timeCalls(clients, timed);
  const deps = {
    config,
    clientsFor: () => clients,
    permissionsFor: (aws: AwsClients) => createPermissionChecker(aws.iam, config.permissionCheck),
    defaultRegion: REGION,
  };
  clearGatherCaches();
  if (warm) {
    // A warm container has met this task definition and region before.
    await handleRequest({ event: failureEvent(world.event, { index: 9000 }), dryRun: true }, deps, {
      requestId: 'warm-up',
      allowAlerts: false,
    });
    timed.length = 0;
  }
  const report = await handleRequest(failureEvent(world.event, { index: 1 }), deps, { requestId: `bench-${scenario}` });
  const byOperation: Record<string, number> = {};
  for (const call of timed) byOperation[call.operation] = (byOperation[call.operation] ?? 0) + 1;
  const operations = Object.entries(byOperation);
  const count = (keep: (operation: string) => boolean) =>
    operations.filter(([operation]) => keep(operation)).reduce((sum, [, n]) => sum + n, 0);
  const diagnosisReads = timed.filter((call) => isRead(call.operation) && !isState(call.operation));
  return {
    scenario,
    outcome: report.outcome,
    total: timed.length,
    byOperation,
    reportTotal: report.calls.total,
    reads: count((operation) => isRead(operation) && !isState(operation)),
    stateCalls: count(isState),
    writes: count((operation) => !isRead(operation) && !isState(operation)),
    readRounds: sequentialRounds(diagnosisReads),
    allRounds: sequentialRounds(timed).length,
  };
}

interface LatencyFigures {
  scenario: string;
  samples: number;
  firstMs: number;
  medianMs: number;
  p95Ms: number;
  outcomes: Record<string, number>;
  how: string;
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(0, Math.ceil(fraction * sorted.length) - 1);
  return sorted[rank] ?? Number.NaN;
}

function tally(reports: Report[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const report of reports) counts[report.outcome] = (counts[report.outcome] ?? 0) + 1;
  return counts;
}

async function latency(scenario: string, events: unknown[], env: Record<string, string>, how: string): Promise<LatencyFigures> {
  const results = await invokeBundle(events, { env });
  const reports = results.map((result) => reportOf(result));
  const ms = results.map((result) => result.ms ?? Number.NaN);
  const warm = ms.slice(1);
  return {
    scenario,
    samples: warm.length,
    firstMs: ms[0] ?? Number.NaN,
    medianMs: percentile(warm, 0.5),
    p95Ms: percentile(warm, 0.95),
    outcomes: tally(reports),
    how,
  };
}

async function main(): Promise<void> {
  const output = process.argv[2];
  if (!output) throw new Error('usage: scenarios.ts OUT.json');
  const clients = createAwsClients({ region: REGION, maxAttempts: 1 });
  const started = performance.now();

  const [healthy, brokenDry, brokenForCalls, burstWorld, ...applyWorlds] = await Promise.all([
    buildWorld(clients, HEALTHY),
    buildWorld(clients, BROKEN),
    buildWorld(clients, BROKEN),
    buildWorld(clients, BROKEN),
    ...Array.from({ length: APPLY_SAMPLES + 1 }, () => buildWorld(clients, BROKEN)),
  ]);
  const [stack, burstStack] = await Promise.all([createLocalStack(clients), createLocalStack(clients)]);
  const worldsMs = performance.now() - started;

  // AWS calls per event, in-process (the same pipeline the bundle runs), with rounds.
  const calls = [
    await profileCalls('healthy, cold container', healthy, stack, { DRY_RUN: 'true' }, false),
    await profileCalls('healthy, warm container', healthy, stack, { DRY_RUN: 'true' }, true),
    await profileCalls('broken, dry run, warm', brokenDry, stack, { DRY_RUN: 'true' }, true),
    await profileCalls('broken, apply, warm', brokenForCalls, stack, { DRY_RUN: 'false' }, true),
  ];

  // Handler latency through the built bundle: one cold start, then sequential invocations.
  const noTable = { ...stack.env, STATE_TABLE_NAME: '', ALERT_COALESCE_SECONDS: '0' };
  const latencies = [
    await latency(
      'healthy',
      failureEvents(healthy.event, LATENCY_SAMPLES + 1),
      { ...stack.env, DRY_RUN: 'true', ALERT_COALESCE_SECONDS: '0' },
      `${LATENCY_SAMPLES + 1} tasks of one healthy service, sequential in one container, state table on`
    ),
    await latency(
      'broken, dry run',
      failureEvents(brokenDry.event, LATENCY_SAMPLES + 1),
      { ...noTable, DRY_RUN: 'true' },
      `${LATENCY_SAMPLES + 1} tasks of one broken service, sequential, state table off (so none is deduplicated); includes the SNS alert and audit event`
    ),
    await latency(
      'broken, apply',
      applyWorlds.map((world) => world.event),
      { ...stack.env, DRY_RUN: 'false', ALERT_COALESCE_SECONDS: '0' },
      `${APPLY_SAMPLES + 1} broken services (one VPC each), one failure each, sequential in one container; creates 3 interface + 1 gateway endpoint + 1 SG each`
    ),
  ];

  // The burst: 100 failures of one service, 4 containers x 25 concurrent invocations.
  const burstEvents = failureEvents(burstWorld.event, BURST_EVENTS);
  const burstEnv = { ...burstStack.env, DRY_RUN: 'false', ALERT_COALESCE_SECONDS: '2' };
  const burstStarted = performance.now();
  const burstResults = (
    await Promise.all(
      splitInto(burstEvents, BURST_PROCESSES).map((group) => invokeBundle(group, { env: burstEnv, concurrent: true }))
    )
  ).flat();
  const burstMs = performance.now() - burstStarted;
  const burstReports = burstResults.filter((result) => result.ok).map((result) => reportOf(result));
  const burstCalls = burstReports.reduce((sum, report) => sum + report.calls.total, 0);
  const leader = burstReports.find((report) => report.incident?.leader);
  const followerCalls = burstReports.filter((report) => report.outcome === 'deduplicated').map((report) => report.calls.total);
  const alerts = await burstStack.readAlerts();

  const result = {
    worldsMs,
    calls,
    latencies,
    burst: {
      events: BURST_EVENTS,
      processes: BURST_PROCESSES,
      failedInvocations: burstResults.length - burstReports.length,
      wallMs: burstMs,
      eventsPerSecond: BURST_EVENTS / (burstMs / 1000),
      coalesceSeconds: 2,
      outcomes: tally(burstReports),
      totalCalls: burstCalls,
      callsPerEvent: burstCalls / BURST_EVENTS,
      leaderCalls: leader?.calls ?? null,
      followerCallsMedian: percentile(followerCalls, 0.5),
      alerts: alerts.length,
      alertFailureCount:
        (alerts[0]?.message.metadata as { additionalContext?: Record<string, string> } | undefined)?.additionalContext
          ?.failureCount ?? null,
    },
  };
  writeFileSync(output, JSON.stringify(result, null, 2));
}

await main();
