/**
 * Every write a live fix makes x every fault kind, on the built bundle through the fault proxy.
 * The faulted call fails every SDK attempt once (4 requests), then AWS is well again; the event is
 * delivered as Lambda does: an attempt, then up to two retries with the same request id, each in a
 * fresh process. Afterwards:
 * - the event ended as a report (with an alert) or in the failure queue (all three attempts threw);
 * - `ecs-netfix resources` lists exactly what the alerts say was created;
 * - `rollback --yes` leaves the VPC as before the incident (the person's S3 gateway route tables
 *   too), and the person's hand-tagged endpoint survives.
 *
 * Each case has a world (VPC), a stack (table, topic, bus) and a fault proxy of its own, so the
 * cases run side by side: a held reply waits out the function's deadline, and while it waits the
 * other cases work. They run in beforeAll, a few at a time; each `it` then states one case's result.
 * The run time is logged; NETFIX_CHAOS_LOG=file writes one line per case as it ends.
 */
import { appendFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { failureEvent } from '../../helpers/ecs-events.js';
import { FAULT_KINDS, FaultProxy, type FaultKind, type FaultRule } from '../../helpers/fault-proxy.js';
import { deliverWithRetries } from '../../helpers/invoke-bundle.js';
import { createLocalStack } from '../../helpers/local-stack.js';
import { buildWorld } from '../../helpers/moto-world.js';
import { runInMemory } from '../../unit/cli/run-in-memory.js';
import {
  CHAOS_TIMEOUT_MS,
  CHAOS_WORLD,
  type Chaos,
  HELD_TIMEOUT_MS,
  createHandTaggedEndpoint,
  createdInAlerts,
  listedResources,
  liveEnv,
  startChaos,
  vpcState,
} from './chaos-kit.js';

/** The writes of a live fix of the matrix world, with where in the run they are faulted. */
const WRITES: { label: string; rule: Omit<FaultRule, 'fault'> }[] = [
  { label: 'DynamoDB.PutItem (claim)', rule: { operation: 'DynamoDB.PutItem' } },
  { label: 'DynamoDB.UpdateItem (write-ahead)', rule: { operation: 'DynamoDB.UpdateItem' } },
  { label: 'EC2.CreateSecurityGroup', rule: { operation: 'EC2.CreateSecurityGroup' } },
  { label: 'EC2.AuthorizeSecurityGroupIngress', rule: { operation: 'EC2.AuthorizeSecurityGroupIngress' } },
  { label: 'EC2.CreateVpcEndpoint', rule: { operation: 'EC2.CreateVpcEndpoint', skip: 1 } },
  { label: 'EC2.ModifyVpcEndpoint', rule: { operation: 'EC2.ModifyVpcEndpoint' } },
  { label: 'EC2.CreateTags', rule: { operation: 'EC2.CreateTags' } },
  { label: 'Scheduler.CreateSchedule', rule: { operation: 'Scheduler.CreateSchedule' } },
  { label: 'SNS.Publish', rule: { operation: 'SNS.Publish' } },
  { label: 'DynamoDB.UpdateItem (after the alert)', rule: { operation: 'DynamoDB.UpdateItem', onlyAfter: 'SNS.Publish' } },
  { label: 'EventBridge.PutEvents', rule: { operation: 'EventBridge.PutEvents' } },
];

/** Every SDK attempt of one call (createAwsClients: maxAttempts 4); a held reply ends the attempt. */
function attemptsFor(fault: FaultKind): number {
  return fault === 'held' ? 1 : 4;
}

/** Cases at once: enough to overlap the held replies' waits, few enough for two cores. */
const CONCURRENCY = 4;

interface MatrixCase {
  name: string;
  rule: Omit<FaultRule, 'fault'>;
  fault: FaultKind;
}

/**
 * All 55 by default (about 3 minutes on two idle cores). NETFIX_CHAOS_MATRIX=quick, for working on
 * the apply path: a rotation (write i gets fault i mod 5, so every write meets a fault and every
 * fault meets two or three writes) plus every fault on CreateVpcEndpoint, 15 cases.
 */
const FULL_MATRIX = process.env.NETFIX_CHAOS_MATRIX !== 'quick';
const CASES: MatrixCase[] = WRITES.flatMap(
  (write, writeIndex) =>
    FAULT_KINDS.flatMap((fault, faultIndex) =>
      FULL_MATRIX || writeIndex % FAULT_KINDS.length === faultIndex || write.rule.operation === 'EC2.CreateVpcEndpoint'
        ? [{ name: `${write.label} x ${fault}`, rule: write.rule, fault }]
        : []
    )
  // Held replies first: they spend their time waiting, the others fill the gaps.
).sort((a, b) => Number(b.fault === 'held') - Number(a.fault === 'held'));

let chaos: Chaos;
const outcomes = new Map<string, { error: unknown; seconds: number }>();
const started = Date.now();

beforeAll(async () => {
  chaos = await startChaos();
  const queue = [...CASES];
  const worker = async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const caseStarted = Date.now();
      const error = await runCase(next).then(
        () => null,
        (failure: unknown) => failure
      );
      const seconds = Math.round((Date.now() - caseStarted) / 1000);
      outcomes.set(next.name, { error, seconds });
      logCase(
        `${next.name}: ${error === null ? 'passed' : `FAILED: ${String(error).split('\n').slice(0, 6).join(' | ')}`} in ${seconds} s`
      );
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}, 1_200_000);

afterAll(async () => {
  console.info(
    `fault matrix: ${CASES.length} cases, ${CONCURRENCY} at a time, in ${Math.round((Date.now() - started) / 1000)} s`
  );
  await chaos?.stop();
});

describe('chaos: every write x every fault', () => {
  it.each(CASES.map((matrixCase) => matrixCase.name))('%s', (name) => {
    const outcome = outcomes.get(name);
    if (outcome === undefined) throw new Error(`${name} did not run`);
    if (outcome.error !== null) throw outcome.error;
  });
});

/** NETFIX_CHAOS_LOG=file: one line per case as it ends (jest prints its own results only at the end). */
function logCase(line: string): void {
  const file = process.env.NETFIX_CHAOS_LOG;
  if (file) appendFileSync(file, `${new Date().toISOString()} ${line}\n`);
}

async function runCase({ rule, fault }: MatrixCase): Promise<void> {
  // The person's VPC: their own S3 gateway on a table no task uses, and their hand-tagged endpoint.
  const world = await buildWorld(chaos.clients, { ...CHAOS_WORLD, name: 'chaos', s3Gateway: { on: 'other' } });
  await createHandTaggedEndpoint(chaos, world);
  const before = await vpcState(chaos, world.vpcId);
  const stack = await createLocalStack(chaos.clients);
  const proxy = await FaultProxy.start(chaos.moto.url);
  try {
    const env = liveEnv(world, stack, proxy.url, fault === 'held' ? HELD_TIMEOUT_MS : CHAOS_TIMEOUT_MS);
    proxy.inject({ ...rule, fault, times: attemptsFor(fault) });
    const attempts = await deliverWithRetries(failureEvent(world.event), { env });
    const injected = proxy.injected().length;
    const alerts = await stack.readAlerts();

    // The event ended as a report (the attempt that succeeded) or in the failure queue.
    const report = attempts.find((attempt) => attempt.ok);
    expect(report !== undefined || attempts.length === 3).toBe(true);
    expect(injected).toBeGreaterThan(0);
    if (report?.ok) expect(['fixed', 'partially-fixed', 'deduplicated']).toContain(report.report.outcome);
    // Everything that exists was alerted, and nothing more.
    expect(createdInAlerts(alerts)).toEqual(await listedResources(world.vpcId));

    // Straight to moto: the fault is spent, and the rollback is not what this case tests.
    const rollback = await runInMemory(['rollback', '--vpc', world.vpcId, '--yes', '--region', 'eu-west-1']);
    expect({ code: rollback.code, stderr: rollback.stderr }).toEqual({ code: 0, stderr: '' });
    expect(await vpcState(chaos, world.vpcId)).toEqual(before);
  } finally {
    await proxy.close();
  }
}
