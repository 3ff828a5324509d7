/**
 * An incident after the fix: verify the created endpoints (from the one-time schedule), optionally
 * force a new deployment, and close the incident when the service runs again. Each step posts one
 * message in the incident's Slack thread and emits its audit event.
 */
import { createHash } from 'node:crypto';
import { buildIncidentUpdate, type IncidentUpdate } from '../alerts/build-update.js';
import type { AwsClients } from '../aws/clients.js';
import { isDeadEndpointState } from '../aws/endpoint-state.js';
import { describeEndpointStates, forceNewDeployment, scheduleVerify } from '../aws/incident-followup.js';
import { type IncidentChange, readIncident, readServiceIncidents, updateIncident } from '../aws/incident-store.js';
import { putAuditEvent, publishAlert } from '../aws/notify.js';
import { AwsCallError, assertIsError } from '../errors.js';
import { type Incident, incidentSummary, isClosed, servicePartitionKey } from '../incidents/incident.js';
import { canTransition, incidentMove } from '../incidents/transitions.js';
import type { LifecycleRequest, VerifyRequest } from '../intake/request.js';
import { logger } from '../observability.js';
import { buildReport } from '../report/build-report.js';
import type { IncidentSummary, Outcome, Report } from '../report/report.js';
import type { RemediationDeps, RunContext } from './handle-request.js';
import { sendPendingAlert } from './pending-alert.js';
import { clockOf } from '../clock.js';
import { accountPlaceOf } from './account-place.js';

/** How many times the schedule checks before a pending endpoint counts as stuck. */
const MAX_VERIFY_ATTEMPTS = 6;

interface FollowUpTools {
  deps: RemediationDeps;
  context: RunContext;
  clients: AwsClients;
  table: string;
  calls: () => Report['calls'];
}

/** The incident with the time of each step and, once recovered, the time to recovery. */
function summarise(incident: Incident): IncidentSummary {
  const recovered = incident.timeline.recoveredAt ? Date.parse(incident.timeline.recoveredAt) : null;
  const first = Date.parse(incident.timeline.firstFailureAt);
  return {
    ...incidentSummary(incident, true),
    timeline: Object.fromEntries(Object.entries(incident.timeline).filter(([, value]) => value !== undefined)),
    timeToRecoverySeconds: recovered === null ? null : Math.max(0, Math.round((recovered - first) / 1000)),
  };
}

function followUpReport(tools: FollowUpTools, outcome: Outcome, incident: Incident | null, note: string): Report {
  const report = buildReport({
    now: clockOf(tools.deps)(),
    dryRun: tools.deps.config.dryRun,
    outcome,
    origin: 'schedule',
    task: null,
    snapshot: null,
    classification: null,
    calls: tools.calls(),
    note,
  });
  report.incident = incident ? summarise(incident) : null;
  return report;
}

/**
 * Posts one message in the incident's thread. The step it reports is already recorded, so a failed
 * post is logged and the run goes on: the thread misses a line, the incident does not stall.
 */
async function postUpdate(
  tools: FollowUpTools,
  incident: Incident,
  update: Omit<IncidentUpdate, 'cluster' | 'service' | 'threadId' | 'language' | 'category'>,
  report: Report
): Promise<void> {
  // Hub mode: the update and the audit event name the incident's member account.
  const workload = tools.deps.clientsFor(incident.region, {
    accountId: incident.accountId,
    sessionLabel: sessionLabelOf(incident),
  });
  const account = await accountPlaceOf(tools.deps, workload, incident, tools.context.signal);
  if (account !== undefined) report.account = account;
  const topic = tools.deps.config.alertTopicArn;
  if (!topic || tools.context.allowAlerts === false) return;
  const envelope = buildIncidentUpdate({
    ...update,
    ...(account === undefined ? {} : { account }),
    category: incident.category,
    cluster: incident.cluster,
    service: incident.service,
    threadId: incident.incidentId,
    language: tools.deps.config.alertLanguage,
  });
  try {
    report.alert.messageId = await publishAlert(tools.clients.sns, topic, envelope, tools.context.signal);
    report.alert.published = true;
  } catch (error) {
    assertIsError(error);
    logger.error('Thread update failed', error);
    report.alert.reason = `the ${update.kind} message could not be posted: ${error.message}`;
  }
}

/** What CloudTrail in a member account shows for the hub's follow-up calls. */
function sessionLabelOf(incident: Incident): string {
  return `follow-up-${incident.service ?? incident.cluster}`;
}

async function audit(tools: FollowUpTools, report: Report): Promise<void> {
  try {
    await putAuditEvent(
      tools.clients.events,
      tools.deps.config.eventBusName,
      `ecs-netfix ${report.outcome}`,
      report,
      [],
      tools.context.signal
    );
  } catch (error) {
    assertIsError(error);
    logger.error('Audit event failed', error);
  }
}

function verifyScheduleName(incident: Incident, attempt: number): string {
  const digest = createHash('sha256').update(`${incident.key.pk}|${incident.key.sk}|${incident.incidentId}`).digest('hex');
  return `ecs-netfix-verify-${digest.slice(0, 32)}-${attempt}`;
}

/**
 * Sets the one-time schedule that verifies the incident's endpoints. Without the function's own
 * ARN and the scheduler role (local runs, the CLI) nothing is scheduled and the report says so.
 */
async function scheduleVerification(tools: Omit<FollowUpTools, 'calls'>, incident: Incident, attempt: number): Promise<string> {
  const { config } = tools.deps;
  if (!config.selfFunctionArn || !config.schedulerRoleArn) {
    return 'verification not scheduled: SELF_FUNCTION_ARN and SCHEDULER_ROLE_ARN are not set';
  }
  const now = clockOf(tools.deps)();
  const name = verifyScheduleName(incident, attempt);
  await scheduleVerify(
    tools.clients.scheduler,
    {
      name,
      groupName: config.scheduleGroupName,
      at: new Date(now.getTime() + config.verifyDelaySeconds * 1000),
      functionArn: config.selfFunctionArn,
      roleArn: config.schedulerRoleArn,
      payload: { verify: { pk: incident.key.pk, sk: incident.key.sk, attempt } },
    },
    tools.context.signal
  );
  return `verification ${attempt} scheduled in ${config.verifyDelaySeconds} s (${name})`;
}

async function transition(tools: FollowUpTools, incident: Incident, change: IncidentChange): Promise<Incident | null> {
  return updateIncident(tools.clients.dynamodb, incident.key, change, { table: tools.table, signal: tools.context.signal });
}

/** The opening alert before any thread update (issue 13); a failure to send it fails this run. */
async function openingAlertFirst(tools: FollowUpTools, incident: Incident): Promise<Incident> {
  const sent = await sendPendingAlert(
    {
      clients: tools.clients,
      table: tools.table,
      topicArn: tools.context.allowAlerts === false ? undefined : (tools.deps.config.alertTopicArn ?? undefined),
      now: clockOf(tools.deps),
      requestId: tools.context.requestId,
      signal: tools.context.signal,
    },
    incident
  );
  if (sent.sent)
    logger.info('Sent the opening alert that an earlier invocation could not publish', { incidentId: incident.incidentId });
  return sent.incident;
}

async function verifyIncident(request: VerifyRequest, tools: FollowUpTools): Promise<Report> {
  const stored = await readIncident(tools.clients.dynamodb, request.incident, {
    table: tools.table,
    signal: tools.context.signal,
  });
  const incident = stored === null ? null : await openingAlertFirst(tools, stored);
  if (incident === null || !canTransition(incident.state, 'verify-passed', 'verified')) {
    return followUpReport(tools, 'ignored', incident, `nothing to verify: the incident is ${incident?.state ?? 'gone'}`);
  }
  const endpointIds = incident.createdResourceIds.filter((id) => id.startsWith('vpce-'));
  // The endpoints are in the incident's account and region (a member account in hub mode).
  const workload = tools.deps.clientsFor(incident.region, {
    accountId: incident.accountId,
    sessionLabel: sessionLabelOf(incident),
  });
  const endpoints = await describeEndpointStates(workload.ec2, endpointIds, tools.context.signal);
  const failed = endpoints.filter((endpoint) => isDeadEndpointState(endpoint.state));
  const pending = endpoints.filter((endpoint) => endpoint.state !== 'available' && !isDeadEndpointState(endpoint.state));
  const now = clockOf(tools.deps)().toISOString();

  if (failed.length === 0 && pending.length > 0 && request.attempt < MAX_VERIFY_ATTEMPTS) {
    const note = await scheduleVerification(tools, incident, request.attempt + 1);
    return followUpReport(
      tools,
      'verify-pending',
      incident,
      `${pending.map((endpoint) => endpoint.id).join(', ')} still pending; ${note}`
    );
  }
  if (failed.length > 0 || pending.length > 0) {
    const stuck = failed.length > 0 ? failed : pending;
    const note =
      failed.length > 0
        ? `${stuck.map((endpoint) => `${endpoint.id} is ${endpoint.state}`).join(', ')}`
        : `${stuck.map((endpoint) => endpoint.id).join(', ')} still pending after ${request.attempt} checks`;
    const updated = await transition(tools, incident, {
      ...incidentMove('verify-failed', 'alerted'),
      timeline: { alertedAt: now },
    });
    if (updated === null) return followUpReport(tools, 'ignored', incident, 'another run changed the incident first');
    const report = followUpReport(tools, 'verify-failed', updated, note);
    await postUpdate(tools, updated, { kind: 'verify-failed', details: { endpoints, note } }, report);
    await audit(tools, report);
    return report;
  }

  // Claim the step first (one verify run wins), then redeploy.
  const verified = await transition(tools, incident, {
    ...incidentMove('verify-passed', 'verified'),
    timeline: { verifiedAt: now },
  });
  if (verified === null) return followUpReport(tools, 'ignored', incident, 'another run verified the incident first');
  let report = followUpReport(tools, 'verified', verified, `${endpoints.length} endpoint(s) available`);
  await postUpdate(tools, verified, { kind: 'verified', details: { endpoints } }, report);

  if (tools.deps.config.redeployAfterFix && verified.service !== null) {
    let deploymentId: string | null;
    try {
      deploymentId = await forceNewDeployment(workload.ecs, verified.cluster, verified.service, tools.context.signal);
    } catch (error) {
      assertIsError(error);
      if (error instanceof AwsCallError && error.transient) {
        // Give the step back so the schedule's retry verifies and redeploys again.
        await transition(tools, verified, incidentMove('redeploy-given-back', 'fixed'));
        throw error;
      }
      // A permanent refusal (service gone, access denied) will not pass later: say so and stop.
      report.note = `the new deployment was refused: ${error.message}`;
      await postUpdate(tools, verified, { kind: 'still-failing', details: { note: report.note } }, report);
      await audit(tools, report);
      return report;
    }
    const redeployed = await transition(tools, verified, {
      ...incidentMove('redeployed', 'redeployed'),
      timeline: { redeployedAt: now },
    });
    const current = redeployed ?? verified;
    report = followUpReport(
      tools,
      'redeployed',
      current,
      `new deployment${deploymentId ? ` ${deploymentId}` : ''} of ${current.cluster}/${current.service}`
    );
    await postUpdate(tools, current, { kind: 'redeployed', details: { note: deploymentId ?? undefined } }, report);
  }
  await audit(tools, report);
  return report;
}

async function closeIncidents(request: LifecycleRequest, tools: FollowUpTools): Promise<Report> {
  const pk = servicePartitionKey(request.region, request.accountId, request.clusterName, `service:${request.serviceName}`);
  const nowMs = clockOf(tools.deps)().getTime();
  const open = (
    await readServiceIncidents(tools.clients.dynamodb, pk, { table: tools.table, signal: tools.context.signal })
  ).filter((incident) => !isClosed(incident, nowMs));
  if (open.length === 0) {
    return followUpReport(tools, 'ignored', null, `no open incident for ${request.clusterName}/${request.serviceName}`);
  }
  let report: Report | null = null;
  for (const pending of open) {
    // Never close an incident whose opening alert is unsent: send it first, or fail and retry.
    const incident = await openingAlertFirst(tools, pending);
    const closed = await transition(tools, incident, {
      ...incidentMove('recovered', 'recovered'),
      releaseLease: true,
      timeline: { recoveredAt: request.at },
    });
    // Another signal (a second RUNNING task) closed it first: one "recovered" message only.
    if (closed === null) continue;
    const summary = summarise(closed);
    report = followUpReport(tools, 'recovered', closed, `${request.signal} at ${request.at}`);
    await postUpdate(
      tools,
      closed,
      {
        kind: 'recovered',
        details: {
          timeToRecoverySeconds: summary.timeToRecoverySeconds ?? undefined,
          failureCount: closed.taskIds.length,
        },
      },
      report
    );
    await audit(tools, report);
  }
  return report ?? followUpReport(tools, 'ignored', open[0] ?? null, 'the incident was closed by another run');
}

export { MAX_VERIFY_ATTEMPTS, closeIncidents, scheduleVerification, verifyIncident };
