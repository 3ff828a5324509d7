/**
 * The five ways ecs-netfix lost track of its changes (issue 13), each replayed on the built bundle
 * against moto through the fault proxy. Each must end with people told about every resource that
 * exists, and nothing waiting on a step that will never come.
 */
import { beforeEach, describe, expect, it } from '@jest/globals';
import { failureEvent, serviceEvent } from '../../helpers/ecs-events.js';
import { deliverWithRetries, reportOf } from '../../helpers/invoke-bundle.js';
import {
  type Chaos,
  HELD_TIMEOUT_MS,
  createdInAlerts,
  incidentItems,
  listedResources,
  newCase,
  outcomesOf,
  useChaos,
  verifyPayloads,
  verifySchedules,
} from './chaos-kit.js';

const started = useChaos();

/** ECS UpdateService calls that reached moto (a forced deployment; moto lists no new deployment for it). */
function redeploysAnswered(chaos: Chaos): number {
  return chaos.proxy.seen.filter((request) => request.operation === 'ECS.UpdateService' && request.fault === null).length;
}
let chaos: Chaos;

describe('chaos: the five situations of issue 13', () => {
  beforeEach(() => {
    chaos = started.get();
  });

  it('timeout mid-apply: the create whose reply never came is found and alerted on the retry', async () => {
    const run = await newCase(chaos, {}, HELD_TIMEOUT_MS);
    // The second CreateVpcEndpoint reaches EC2, but its reply is held past the deadline.
    chaos.proxy.inject({ operation: 'EC2.CreateVpcEndpoint', fault: 'held', skip: 1, times: 1 });

    // Lambda's retry: the same request id, in a fresh environment (the timed-out one is reset).
    const [first, retry] = await deliverWithRetries(run.world.event, { env: run.env });
    const injected = chaos.proxy.injected();

    expect(injected.map((request) => request.operation)).toEqual(['EC2.CreateVpcEndpoint']);
    expect(first?.ok).toBe(false);
    const report = reportOf(retry);
    expect(report.outcome).toBe('fixed');
    const resources = await listedResources(run.world.vpcId);
    expect(resources.length).toBeGreaterThanOrEqual(5);
    expect(createdInAlerts(await run.readAlerts())).toEqual(resources);
    const [incident] = await incidentItems(chaos, run.stack);
    expect((incident?.createdResourceIds as { SS?: string[] } | undefined)?.SS?.sort()).toEqual(resources);
    expect(await verifySchedules(chaos)).toHaveLength(1);
  });

  it('scheduler failure: the alert says so, the fix is checked inline, and later failures are not held back', async () => {
    const run = await newCase(chaos);
    chaos.proxy.inject({ operation: 'Scheduler.CreateSchedule', fault: 'server-error' });

    const [first] = await run.invoke([run.world.event]);
    const report = reportOf(first);
    const alerts = await run.readAlerts();

    expect(report.outcome).toBe('fixed');
    expect(alerts).toHaveLength(1);
    expect(JSON.stringify(alerts[0]?.message)).toMatch(/verification could not be scheduled/i);
    expect(report.note).toMatch(/checked now instead/);
    expect(report.incident?.state).toBe('verified');

    const [later] = await run.invoke([failureEvent(run.world.event)]);
    const laterReport = reportOf(later);
    expect(laterReport.note ?? '').not.toMatch(/being verified/);
    expect(laterReport.incident?.leader).toBe(true);
  });

  it('SNS refuses, then recovers: the opening alert arrives before the recovered message, and the incident closes with nothing pending', async () => {
    const run = await newCase(chaos);
    chaos.proxy.inject({ operation: 'SNS.Publish', fault: 'server-error' });
    // Lambda's two async retries fail too: the event goes to the failure queue.
    const attempts = await run.invoke([run.world.event, run.world.event, run.world.event]);
    chaos.proxy.clear();
    expect(attempts.every((attempt) => !attempt.ok)).toBe(true);

    const recovered = serviceEvent(run.world, 'ECS Deployment State Change', 'SERVICE_DEPLOYMENT_COMPLETED');
    const [closing] = await run.invoke([recovered]);

    expect(reportOf(closing).outcome).toBe('recovered');
    const alerts = await run.readAlerts();
    expect(outcomesOf(alerts)).toEqual(['fixed', 'recovered']);
    expect(createdInAlerts(alerts)).toEqual(await listedResources(run.world.vpcId));
    const [incident] = await incidentItems(chaos, run.stack);
    expect(incident?.pendingAlert).toBeUndefined();
    expect((incident?.state as { S?: string } | undefined)?.S).toBe('recovered');
  });

  it('SNS still refusing at recovery: the incident stays open with its alert, and the signal is retried', async () => {
    const run = await newCase(chaos);
    chaos.proxy.inject({ operation: 'SNS.Publish', fault: 'server-error' });
    await run.invoke([run.world.event]);

    const recovered = serviceEvent(run.world, 'ECS Deployment State Change', 'SERVICE_DEPLOYMENT_COMPLETED');
    const [closing] = await run.invoke([recovered]);

    expect(closing?.ok).toBe(false);
    const [incident] = await incidentItems(chaos, run.stack);
    expect(incident?.pendingAlert).toBeDefined();
    expect((incident?.state as { S?: string } | undefined)?.S).not.toBe('recovered');
  });

  it('DynamoDB throttles after the alert: one opening alert, the fix recorded, then verified and redeployed', async () => {
    const run = await newCase(chaos, {}, undefined, { REDEPLOY_AFTER_FIX: 'true' });
    // Every incident write after the alert went out is throttled (every SDK attempt).
    chaos.proxy.inject({ operation: 'DynamoDB.UpdateItem', fault: 'throttle', onlyAfter: 'SNS.Publish' });

    const [first] = await run.invoke([run.world.event]);
    const throttled = chaos.proxy.injected().map((request) => request.operation);
    chaos.proxy.clear();
    // Lambda's retry of a failed run, or EventBridge delivering the event again: either way a second run.
    const [again] = await run.invoke([run.world.event]);

    expect(throttled.length).toBeGreaterThan(0);
    expect(throttled.every((operation) => operation === 'DynamoDB.UpdateItem')).toBe(true);
    const resources = await listedResources(run.world.vpcId);
    expect(resources.length).toBeGreaterThanOrEqual(5);
    // One opening alert, naming everything that exists; the second run does not send it again.
    expect(outcomesOf(await run.readAlerts())).toEqual(['fixed']);
    expect(createdInAlerts(run.alerts)).toEqual(resources);
    expect([first, again].filter((result) => result?.ok && result.report.alert.published)).toHaveLength(1);
    const [incident] = await incidentItems(chaos, run.stack);
    expect((incident?.state as { S?: string } | undefined)?.S).toBe('fixed');
    expect((incident?.createdResourceIds as { SS?: string[] } | undefined)?.SS?.sort()).toEqual(resources);

    // The schedule fires: the recorded endpoints are verified and the service redeployed.
    const payloads = await verifyPayloads(chaos);
    expect(payloads).toHaveLength(1);
    const [verify] = await run.invoke(payloads);
    expect(reportOf(verify).outcome).toBe('redeployed');
    expect(redeploysAnswered(chaos)).toBe(1);
    expect(outcomesOf(await run.readAlerts())).toEqual(['fixed', 'verified', 'redeployed']);
  }, 180_000);

  it('SNS and DynamoDB failing together: the alert stored with the outcome is sent by the retry, once', async () => {
    const run = await newCase(chaos);
    // Every SDK attempt of the alert fails, then every attempt of the write that marks it unsent.
    chaos.proxy.inject(
      { operation: 'SNS.Publish', fault: 'server-error', times: 4 },
      { operation: 'DynamoDB.UpdateItem', fault: 'throttle', onlyAfterFaultOf: 'SNS.Publish', times: 4 }
    );

    const [first, retry] = await deliverWithRetries(run.world.event, { env: run.env });
    // EventBridge delivering the event again later (a new request id): nothing more is sent.
    const [duplicate] = await run.invoke([run.world.event]);

    expect(chaos.proxy.injected().map((request) => request.operation)).toEqual([
      ...Array(4).fill('SNS.Publish'),
      ...Array(4).fill('DynamoDB.UpdateItem'),
    ]);
    expect(first?.ok).toBe(false);
    expect(reportOf(retry).summary).toMatch(/its alert had failed and was sent now/);
    expect(reportOf(duplicate).outcome).toBe('deduplicated');
    const resources = await listedResources(run.world.vpcId);
    expect(resources.length).toBeGreaterThanOrEqual(5);
    expect(outcomesOf(await run.readAlerts())).toEqual(['fixed']);
    expect(createdInAlerts(run.alerts)).toEqual(resources);
    const [incident] = await incidentItems(chaos, run.stack);
    expect(incident?.pendingAlert).toBeUndefined();
    expect(incident?.alertInFlightBy).toBeUndefined();
    expect((incident?.state as { S?: string } | undefined)?.S).toBe('fixed');
  }, 180_000);

  it('scheduler failure with RedeployAfterFix: the fix checked inline is redeployed, and the alert says so', async () => {
    const run = await newCase(chaos, {}, undefined, { REDEPLOY_AFTER_FIX: 'true' });
    chaos.proxy.inject({ operation: 'Scheduler.CreateSchedule', fault: 'server-error' });

    const [first] = await run.invoke([run.world.event]);
    const report = reportOf(first);
    const alerts = await run.readAlerts();

    expect(report.outcome).toBe('fixed');
    expect(report.incident?.state).toBe('redeployed');
    expect(redeploysAnswered(chaos)).toBe(1);
    expect(outcomesOf(alerts)).toEqual(['fixed']);
    expect(JSON.stringify(alerts[0]?.message)).toMatch(/checked now instead.*new deployment .* started/i);
  }, 180_000);

  it('scheduler failure with RedeployAfterFix, ECS refusing the deployment: the alert says it was not redeployed and why', async () => {
    const run = await newCase(chaos, {}, undefined, { REDEPLOY_AFTER_FIX: 'true' });
    chaos.proxy.inject(
      { operation: 'Scheduler.CreateSchedule', fault: 'server-error' },
      { operation: 'ECS.UpdateService', fault: 'server-error' }
    );

    const [first] = await run.invoke([run.world.event]);
    const report = reportOf(first);
    const alerts = await run.readAlerts();

    expect(report.outcome).toBe('fixed');
    expect(report.incident?.state).toBe('verified');
    expect(redeploysAnswered(chaos)).toBe(0);
    expect(outcomesOf(alerts)).toEqual(['fixed']);
    expect(JSON.stringify(alerts[0]?.message)).toMatch(/no new deployment was started.*InternalServerError/i);
  }, 180_000);
});
