/**
 * Every write a live fix makes x every fault kind, on the built bundle through the fault proxy.
 * The faulted call fails every SDK attempt once (4 requests), then AWS is well again; the event is
 * delivered as Lambda does: once, then up to two retries. Afterwards:
 * - the event ended as a report (with an alert) or in the failure queue (all three attempts threw);
 * - `ecs-netfix resources` lists exactly what the alerts say was created;
 * - `rollback --yes` leaves the VPC as before the incident (the person's S3 gateway route tables
 *   too), and the person's hand-tagged endpoint survives.
 * One world for every case: each case ends with the rollback that restores it, so a case that
 * leaves something behind also fails the next ones. The run time is logged.
 *
 * A case takes about 15 s (a held reply waits out the deadline, and the SDK retries with backoff),
 * so `npm test` runs the five faults on the write that matters most, CreateVpcEndpoint;
 * NETFIX_CHAOS_MATRIX=1 runs all 55 (docs/reliability.md).
 */
import { appendFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { failureEvent } from '../../helpers/ecs-events.js';
import { FAULT_KINDS, type FaultKind, type FaultRule } from '../../helpers/fault-proxy.js';
import { invokeBundle } from '../../helpers/invoke-bundle.js';
import { createLocalStack } from '../../helpers/local-stack.js';
import { type Chaos, HELD_TIMEOUT_MS, cliThroughProxy, createHandTaggedEndpoint, createdInAlerts, listedResources, newCase, startChaos, vpcState } from './chaos-kit.js';
import type { Case } from './chaos-kit.js';

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

let chaos: Chaos;
let base: Case;
let before: Awaited<ReturnType<typeof vpcState>>;
const started = Date.now();

beforeAll(async () => {
  chaos = await startChaos();
  base = await newCase(chaos, { s3Gateway: { on: 'other' } });
  await createHandTaggedEndpoint(chaos, base.world);
  before = await vpcState(chaos, base.world.vpcId);
}, 120_000);

afterAll(async () => {
  console.info(`fault matrix: ${(process.env.NETFIX_CHAOS_MATRIX === '1' ? WRITES.length : 1) * FAULT_KINDS.length} cases in ${Math.round((Date.now() - started) / 1000)} s`);
  await chaos?.stop();
});

describe('chaos: every write x every fault', () => {
  // A case that fails half-way must not fail the next ones: restore the world (idempotent).
  afterEach(async () => {
    chaos.proxy.clear();
    await cliThroughProxy(chaos, ['rollback', '--vpc', base.world.vpcId, '--yes']);
  }, 120_000);

  const writes = process.env.NETFIX_CHAOS_MATRIX === '1' ? WRITES : WRITES.filter((write) => write.label === 'EC2.CreateVpcEndpoint');
  const cases = writes.flatMap((write) => FAULT_KINDS.map((fault) => ({ ...write, fault })));
  it.each(cases)('$label x $fault', async ({ label, rule, fault }) => {
    const caseStarted = Date.now();
    try {
      await runCase(rule, fault);
      logCase(`${label} x ${fault}: passed in ${Math.round((Date.now() - caseStarted) / 1000)} s`);
    } catch (error) {
      logCase(`${label} x ${fault}: FAILED in ${Math.round((Date.now() - caseStarted) / 1000)} s: ${String(error).split('\n').slice(0, 6).join(' | ')}`);
      throw error;
    }
  }, 180_000);
});

/** NETFIX_CHAOS_LOG=file: one line per case as it ends (jest prints its own results only at the end). */
function logCase(line: string): void {
  const file = process.env.NETFIX_CHAOS_LOG;
  if (file) appendFileSync(file, `${new Date().toISOString()} ${line}\n`);
}

async function runCase(rule: Omit<FaultRule, 'fault'>, fault: FaultKind): Promise<void> {
  // A new incident (own table and topic) for a new failure in the same world.
  const stack = await createLocalStack(chaos.clients);
  const env = { ...base.env, ...stack.env, DRY_RUN: 'false', ...(fault === 'held' ? { NETFIX_INVOKE_TIMEOUT_MS: String(HELD_TIMEOUT_MS) } : {}) };
  const event = failureEvent(base.world.event);
  chaos.proxy.inject({ ...rule, fault, times: attemptsFor(fault) });

  const attempts = await invokeBundle([event, event, event], { env });
  const injected = chaos.proxy.injected().length;
  chaos.proxy.clear();
  const alerts = await stack.readAlerts();

  // The event ended as a report (the first attempt that succeeded) or in the failure queue.
  const report = attempts.find((attempt) => attempt.ok);
  expect(report !== undefined || attempts.every((attempt) => !attempt.ok)).toBe(true);
  expect(injected).toBeGreaterThan(0);
  if (report?.ok) expect(['fixed', 'partially-fixed', 'deduplicated']).toContain(report.report.outcome);
  // Everything that exists was alerted, and nothing more.
  expect(createdInAlerts(alerts)).toEqual(await listedResources(base.world.vpcId));

  const rollback = await cliThroughProxy(chaos, ['rollback', '--vpc', base.world.vpcId, '--yes']);
  expect({ code: rollback.code, stdout: rollback.stdout }).toMatchObject({ code: 0 });
  expect(await vpcState(chaos, base.world.vpcId)).toEqual(before);
}
