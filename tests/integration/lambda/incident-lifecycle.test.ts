/**
 * An incident's whole life, through the built bundle against moto: open -> fixed -> verified ->
 * redeployed -> recovered, every step a message in one Slack thread, with the time to recovery.
 * moto does not run schedules, so the test delivers the schedule's payload itself, as
 * EventBridge Scheduler would at the scheduled time.
 */
import { DeleteVpcEndpointsCommand } from '@aws-sdk/client-ec2';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { GetScheduleCommand, ListSchedulesCommand } from '@aws-sdk/client-scheduler';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Report } from '../../../shared/report/report.js';
import { assertValidChatbotMessage } from '../../helpers/chatbot-schema.js';
import { failureEvent, serviceEvent } from '../../helpers/ecs-events.js';
import { invokeBundle, reportOf } from '../../helpers/invoke-bundle.js';
import { createLocalStack, type LocalStack, type PublishedAlert } from '../../helpers/local-stack.js';
import { motoClients } from '../../helpers/moto.js';
import { buildWorld, type World } from '../../helpers/moto-world.js';

const clients = motoClients('eu-west-1');

function threadOf(alert: PublishedAlert | undefined): string | undefined {
  return (alert?.message.metadata as { threadId?: string } | undefined)?.threadId;
}

function outcomeOf(alert: PublishedAlert | undefined): string | undefined {
  return alert?.attributes.outcome;
}

/** A live deployment with verification scheduled (and, when asked, the redeploy after it). */
function liveEnv(world: World, stack: LocalStack, redeploy: 'true' | 'false'): Record<string, string> {
  return {
    ...stack.env,
    DRY_RUN: 'false',
    REDEPLOY_AFTER_FIX: redeploy,
    SELF_FUNCTION_ARN: `arn:aws:lambda:eu-west-1:${world.accountId}:function:ecs-netfix`,
    SCHEDULER_ROLE_ARN: `arn:aws:iam::${world.accountId}:role/ecs-netfix-scheduler`,
  };
}

async function verifyPayloads(prefix: string): Promise<unknown[]> {
  const listed = await clients.scheduler.send(new ListSchedulesCommand({ NamePrefix: prefix }));
  const payloads: unknown[] = [];
  for (const schedule of listed.Schedules ?? []) {
    const detail = await clients.scheduler.send(new GetScheduleCommand({ Name: schedule.Name }));
    payloads.push(JSON.parse(detail.Target?.Input ?? '{}'));
  }
  return payloads;
}

describe('incident life cycle', () => {
  let world: World;
  let stack: LocalStack;
  let env: Record<string, string>;
  const reports: Record<string, Report> = {};

  beforeAll(async () => {
    world = await buildWorld(clients, { azs: 2, taskDefinition: { image: 'ecr', awslogs: true } });
    stack = await createLocalStack(clients);
    env = { ...liveEnv(world, stack, 'true'), VERIFY_DELAY_SECONDS: '90' };
  });

  it('opens on the first failure, fixes, and schedules the verification', async () => {
    const [result] = await invokeBundle([world.event], { env });
    reports.fixed = reportOf(result);

    expect(reports.fixed.outcome).toBe('fixed');
    expect(reports.fixed.incident?.state).toBe('fixed');
    expect(reports.fixed.note).toMatch(/verification 1 scheduled in 90 s/);
    const alerts = await stack.readAlerts();
    expect(alerts.map(outcomeOf)).toEqual(['fixed']);
  });

  it('counts a failure during the verify window into the open incident, without a new alert', async () => {
    const [result] = await invokeBundle([failureEvent(world.event)], { env });
    const report = reportOf(result);

    expect(report.outcome).toBe('deduplicated');
    expect(report.incident?.incidentId).toBe(reports.fixed?.incident?.incidentId);
    expect(report.incident?.failureCount).toBe(2);
    expect(await stack.readAlerts()).toHaveLength(0);
  });

  it('verifies the endpoints when the schedule fires, then forces a new deployment', async () => {
    const payloads = await verifyPayloads('ecs-netfix-verify-');
    const ours = payloads.filter((payload) =>
      (payload as { verify?: { pk?: string } }).verify?.pk?.includes(world.serviceName ?? '-')
    );
    expect(ours).toHaveLength(1);

    const [result] = await invokeBundle(ours, { env });
    reports.redeployed = reportOf(result);

    expect(reports.redeployed.outcome).toBe('redeployed');
    expect(reports.redeployed.incident?.state).toBe('redeployed');
    expect(Object.keys(reports.redeployed.incident?.timeline ?? {})).toEqual(
      expect.arrayContaining(['firstFailureAt', 'fixedAt', 'verifiedAt', 'redeployedAt'])
    );
    const service = await clients.ecs.send(
      new DescribeServicesCommand({ cluster: world.clusterName, services: [world.serviceName ?? ''] })
    );
    expect(service.services?.[0]?.deployments?.length ?? 0).toBeGreaterThanOrEqual(1);
    expect((await stack.readAlerts()).map(outcomeOf)).toEqual(['verified', 'redeployed']);

    // The schedule fires again (Scheduler retries): nothing happens twice.
    const [again] = await invokeBundle(ours, { env });
    expect(reportOf(again).outcome).toBe('ignored');
    expect(await stack.readAlerts()).toHaveLength(0);
  });

  it('closes when the deployment completes, in the same thread, with the time to recovery', async () => {
    const completed = serviceEvent(world, 'ECS Deployment State Change', 'SERVICE_DEPLOYMENT_COMPLETED');
    const [result, duplicate] = await invokeBundle([completed, completed], { env });
    const report = reportOf(result);

    expect(report.outcome).toBe('recovered');
    expect(report.incident?.state).toBe('recovered');
    expect(report.incident?.timeToRecoverySeconds).toBeGreaterThanOrEqual(0);
    expect(reportOf(duplicate).outcome).toBe('ignored');
    const alerts = await stack.readAlerts();
    expect(alerts.map(outcomeOf)).toEqual(['recovered']);
    for (const alert of alerts) assertValidChatbotMessage(alert.message);
  });

  it('keeps every message of the incident in one thread', async () => {
    const audit = await stack.readAuditEvents();
    const outcomes = audit.map((event) => (event.detail as { outcome?: string }).outcome);
    expect(outcomes).toEqual(expect.arrayContaining(['fixed', 'redeployed', 'recovered']));
    const threads = new Set(
      audit.map((event) => (event.detail as { incident?: { incidentId?: string } }).incident?.incidentId).filter(Boolean)
    );
    expect(threads.size).toBe(1);
  });

  it('opens a new incident when the recovered service fails again', async () => {
    const [result] = await invokeBundle([failureEvent(world.event)], { env });
    const report = reportOf(result);

    expect(report.incident?.incidentId).not.toBe(reports.fixed?.incident?.incidentId);
    expect(report.incident?.leader).toBe(true);
    // The endpoints are there now: nothing to fix, nothing to alert.
    expect(report.outcome).toBe('healthy');
  });
});

describe('a failure after a verified fix', () => {
  let world: World;
  let stack: LocalStack;
  let env: Record<string, string>;
  let fixed: Report;

  const titleOf = (alert: PublishedAlert | undefined) => (alert?.message.content as { title?: string } | undefined)?.title ?? '';
  const descriptionOf = (alert: PublishedAlert | undefined) =>
    (alert?.message.content as { description?: string } | undefined)?.description ?? '';

  beforeAll(async () => {
    world = await buildWorld(clients, { azs: 2, taskDefinition: { image: 'ecr', awslogs: true } });
    stack = await createLocalStack(clients);
    env = liveEnv(world, stack, 'false');
    fixed = reportOf((await invokeBundle([world.event], { env }))[0]);
    const ours = (await verifyPayloads('ecs-netfix-verify-')).filter((payload) =>
      (payload as { verify?: { pk?: string } }).verify?.pk?.includes(`#${world.clusterName}#`)
    );
    const verified = reportOf((await invokeBundle(ours, { env }))[0]);
    expect([fixed.outcome, verified.outcome]).toEqual(['fixed', 'verified']);
    expect((await stack.readAlerts()).map(outcomeOf)).toEqual(['fixed', 'verified']);
  });

  it('posts Reopened in the same thread, then what the new diagnosis found (the path is whole again)', async () => {
    const report = reportOf((await invokeBundle([failureEvent(world.event)], { env }))[0]);

    expect(report.outcome).toBe('healthy');
    expect(report.incident?.incidentId).toBe(fixed.incident?.incidentId);
    const alerts = await stack.readAlerts();
    expect(alerts.map(outcomeOf)).toEqual(['reopened']);
    expect(alerts[0]?.attributes.severity).toBe('critical');
    expect(threadOf(alerts[0])).toBe(fixed.incident?.incidentId);
    expect(titleOf(alerts[0])).toBe(`🚨 Reopened: ${world.serviceName} fails again`);
    expect(descriptionOf(alerts[0])).toContain('Note: The network path is complete');
    for (const alert of alerts) assertValidChatbotMessage(alert.message);
  });

  it('posts Reopened once, then the new fix, when an endpoint of the fix is gone', async () => {
    const logs = fixed.actions.find((result) => 'service' in result.action && result.action.service === 'logs');
    await clients.ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [logs?.resourceId ?? 'vpce-missing'] }));
    const failure = failureEvent(world.event);

    const [first, replay] = await invokeBundle([failure, failure], { env });

    expect(reportOf(first).outcome).toBe('fixed');
    expect(reportOf(replay).outcome).toBe('deduplicated');
    const alerts = await stack.readAlerts();
    expect(alerts.map(outcomeOf)).toEqual(['reopened', 'fixed']);
    expect(alerts.map(threadOf)).toEqual([fixed.incident?.incidentId, fixed.incident?.incidentId]);
    expect(descriptionOf(alerts[0])).toContain('Cause: ECR API unreachable');
    expect(descriptionOf(alerts[0])).not.toContain('Note:');
  });
});

describe('service-level trigger', () => {
  it('diagnoses the most recent stopped task on SERVICE_TASK_START_IMPAIRED', async () => {
    const world = await buildWorld(clients, { azs: 2 });
    const stack = await createLocalStack(clients);

    const [result] = await invokeBundle([serviceEvent(world, 'ECS Service Action', 'SERVICE_TASK_START_IMPAIRED')], {
      env: { ...stack.env, DRY_RUN: 'true' },
    });
    const report = reportOf(result);

    expect(report.origin).toBe('service-action');
    expect(report.task?.taskArn).toBe(world.taskArn);
    expect(report.outcome).toBe('would-fix');
    const alerts = await stack.readAlerts();
    expect(alerts).toHaveLength(1);
    expect(threadOf(alerts[0])).toContain(world.serviceName ?? '-');
  });
});
