/**
 * The end of a leader's run: wait briefly so a burst's failures are counted, publish one alert,
 * record the incident's new state, and emit the audit event. The report is logged first, so a
 * failure to alert never loses it.
 */
import type { AwsClients } from '../aws/clients.js';
import { type IncidentChange, readIncident, updateIncident } from '../aws/incident-store.js';
import { type OutgoingAlert, putAuditEvent, publishAlert } from '../aws/notify.js';
import { describeEndpointStates, forceNewDeployment } from '../aws/incident-followup.js';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { buildIncidentAlert } from '../alerts/build-alert.js';
import { buildIncidentUpdate } from '../alerts/build-update.js';
import { AwsCallError, assertIsError } from '../errors.js';
import type { Claim } from '../incidents/claim.js';
import { type RequestOrigin, isAutomatedOrigin } from '../intake/request.js';
import { type Incident, type IncidentState, incidentSummary } from '../incidents/incident.js';
import { incidentMove } from '../incidents/transitions.js';
import { logger, metrics } from '../observability.js';
import type { Outcome, Report } from '../report/report.js';
import { scheduleVerification } from './follow-up.js';
import { logReport } from './report-log.js';
import { sendPendingAlert } from './pending-alert.js';
import { accountPlaceOf } from './account-place.js';
import type { RemediationDeps, RunContext } from './handle-request.js';
import { clockOf } from '../clock.js';

/** Outcomes a person should hear about. */
const ALERTING_OUTCOMES: ReadonlySet<Outcome> = new Set([
  'not-network',
  'would-fix',
  'fixed',
  'partially-fixed',
  'alert-only',
  'failed',
]);

const CREATED_STATUSES = new Set(['created', 'modified']);

/** Counted (with an alarm in infra/) whenever a fix's verification cannot be scheduled. */
const VERIFY_SCHEDULE_FAILED_METRIC = 'VerifyScheduleFailed';
/** Checking the endpoints inline instead takes one describe call: only with this much time left. */
const INLINE_VERIFY_MIN_MS = 3000;

/** How a fix will be (or was) verified: scheduled, checked inline, or neither. */
interface Verification {
  scheduledAt?: string;
  verifiedAt?: string;
  /** A fix checked inline is redeployed inline too, when RedeployAfterFix is on. */
  redeployedAt?: string;
  note: string;
  /** Said in the alert: only when verification could not be scheduled. */
  inAlert: boolean;
}

function nextState(report: Report): IncidentState {
  if (report.actions.some((result) => CREATED_STATUSES.has(result.status))) return 'fixed';
  if (report.outcome === 'healthy') return 'verified';
  return 'alerted';
}

/**
 * The incident after the leader's run, the same whether the alert went out or is kept for later:
 * the new state with the time of each step (the stale-fix clock reads `fixedAt`).
 */
function finalChange(
  report: Report,
  deps: RemediationDeps,
  verification: Verification | null = null,
  outbox: { alert: OutgoingAlert; requestId: string } | null = null
): IncidentChange & { state: IncidentState } {
  const now = clockOf(deps)().toISOString();
  const reached = nextState(report);
  // A fix checked inline (its schedule failed) is verified (and redeployed) now: later failures re-diagnose it.
  const checkedInline = reached === 'fixed' && verification?.verifiedAt !== undefined;
  const state: IncidentState = checkedInline ? (verification?.redeployedAt ? 'redeployed' : 'verified') : reached;
  return {
    // Only from `open`: a recovery signal may have closed the incident meanwhile.
    ...incidentMove('run-finished', state),
    releaseLease: true,
    // The alert (sent or kept to send) names every change: the write-ahead record is done.
    clearWriteAhead: true,
    ...(report.task?.vpcId ? { vpcId: report.task.vpcId } : {}),
    createdResourceIds: createdIds(report),
    // The alert travels with the outcome it reports, marked in flight until publishing is recorded.
    ...(outbox ? { pendingAlert: JSON.stringify(outbox.alert), alertInFlightBy: outbox.requestId } : {}),
    timeline: {
      ...(reached === 'fixed' ? { fixedAt: now } : {}),
      ...(state === 'verified' || checkedInline ? { verifiedAt: verification?.verifiedAt ?? now } : {}),
      ...(verification?.redeployedAt && checkedInline ? { redeployedAt: verification.redeployedAt } : {}),
      ...(verification?.scheduledAt ? { verifyScheduledAt: verification.scheduledAt } : {}),
      ...(state === 'alerted' ? { alertedAt: now } : {}),
    },
  };
}

function createdIds(report: Report): string[] {
  return report.actions
    .filter((result) => result.status === 'created' && result.resourceId)
    .map((result) => result.resourceId as string);
}

async function waitForBurst(claim: Claim, deps: RemediationDeps): Promise<void> {
  const now = clockOf(deps);
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const firstFailure = Date.parse(claim.incident.timeline.firstFailureAt);
  const waitMs = firstFailure + deps.config.alertCoalesceSeconds * 1000 - now().getTime();
  if (waitMs > 0) await sleep(waitMs);
}

/** One leader's run as it ends; `tracked` is null when no incident is kept (no table, or a person's run). */
interface Ending {
  report: Report;
  deps: RemediationDeps;
  context: RunContext;
  clients: AwsClients;
  tracked: { claim: Claim; table: string } | null;
}

async function finishIncident(
  report: Report,
  claim: Claim | null,
  deps: RemediationDeps,
  context: RunContext,
  clients: AwsClients
): Promise<Report> {
  logReport(report);
  const table = deps.config.stateTableName;
  const ending: Ending = { report, deps, context, clients, tracked: claim && table ? { claim, table } : null };

  const incident = await incidentAfterBurst(ending, claim);
  await nameTheAccount(ending);
  const verification = await verificationFor(ending);
  const alert = alertFor(report, context, deps.config, incident);
  // A verification on schedule is said in the report (and the log), not in the alert.
  if (verification && !verification.inAlert) report.note = verification.note;
  await storeOutcome(ending, verification, alert);
  await announceReopenedIfSo(ending, incident);
  if (alert) await publishAndRecord(ending, alert);
  await emitAuditEvent(ending);
  return report;
}

/** Waits out the alert-coalescing window, so a burst's failures are counted, and reads the incident again. */
async function incidentAfterBurst(
  { report, deps, context, clients, tracked }: Ending,
  claim: Claim | null
): Promise<Incident | null> {
  let incident = claim?.incident ?? null;
  if (tracked) {
    await waitForBurst(tracked.claim, deps);
    incident =
      (await readIncident(clients.dynamodb, tracked.claim.incident.key, { table: tracked.table, signal: context.signal })) ??
      incident;
  }
  if (incident) report.incident = incidentSummary(incident, true);
  return incident;
}

/** Hub mode: the alert and the audit event name the member account (and its alias, when allowed). */
async function nameTheAccount({ report, deps, context, clients }: Ending): Promise<void> {
  if (report.task === null) return;
  const place = await accountPlaceOf(deps, clients, report.task, context.signal);
  if (place !== undefined) report.account = place;
}

/** Verification is arranged before the alert, so the alert can say when it could not be. */
async function verificationFor({ report, deps, context, clients, tracked }: Ending): Promise<Verification | null> {
  if (tracked === null || nextState(report) !== 'fixed') return null;
  const verification = await arrangeVerification(report, tracked.claim.incident, deps, context, clients);
  if (verification.inAlert) report.note = verification.note;
  return verification;
}

/**
 * The incident's new state is stored before the alert goes out (issue 13): a store failure after
 * a sent alert must not leave the incident `open`, where a retry would alert it again and nobody
 * would verify the fix. If this write fails, no alert was sent and the retry starts over. The
 * alert is stored with it (in flight), so it survives SNS and DynamoDB failing together.
 */
async function storeOutcome(
  { report, deps, context, clients, tracked }: Ending,
  verification: Verification | null,
  alert: OutgoingAlert | null
): Promise<void> {
  if (tracked === null) return;
  const outbox = alert && deps.config.alertTopicArn ? { alert, requestId: context.requestId } : null;
  const change = finalChange(report, deps, verification, outbox);
  const updated = await updateIncident(clients.dynamodb, tracked.claim.incident.key, change, {
    table: tracked.table,
    signal: context.signal,
  });
  if (updated) report.incident = incidentSummary(updated, true);
}

/** Tasks fail again after a fix: the thread hears "Reopened" first, whatever the new diagnosis. */
async function announceReopenedIfSo(
  { report, deps, context, clients, tracked }: Ending,
  incident: Incident | null
): Promise<void> {
  const topicArn = deps.config.alertTopicArn;
  const role = tracked?.claim.role;
  if (!wantsAlerts(report, context) || !topicArn || incident === null || role?.role !== 'leader' || !role.reopened) return;
  await announceReopened(report, incident, deps, context, clients, topicArn);
}

async function publishAndRecord({ report, deps, context, clients, tracked }: Ending, alert: OutgoingAlert): Promise<void> {
  const topicArn = deps.config.alertTopicArn;
  if (!topicArn) return;
  try {
    report.alert.messageId = await publishAlert(clients.sns, topicArn, alert, context.signal);
    report.alert.published = true;
  } catch (error) {
    // Mark the alert as not sent, so the retry of this event (or the next failure, the
    // verification, the recovery signal) sends it first; then fail so Lambda retries. If even
    // that write fails, the alert stays in flight and only Lambda's retry of this run sends it.
    if (tracked) await keepAlert(clients, tracked.claim, tracked.table, alert, error);
    throw error;
  }
  if (tracked) await recordAlertSent(clients, tracked.claim, tracked.table, deps, context.requestId);
}

/** The audit event; a person's dry run from the CLI changed nothing and leaves none behind. */
async function emitAuditEvent({ report, deps, context, clients }: Ending): Promise<void> {
  if (context.allowAlerts === false && report.dryRun) return;
  try {
    const resources = [report.task?.taskArn ?? '', report.task?.clusterArn ?? ''];
    await putAuditEvent(
      clients.events,
      deps.config.eventBusName,
      `ecs-netfix ${report.outcome}`,
      report,
      resources,
      context.signal
    );
  } catch (error) {
    // The audit copy is lost, not the report: it is in the log above and returned to the caller.
    assertIsError(error);
    logger.error('Audit event failed', error);
  }
}

/**
 * Posts the `reopened` update in the incident's thread. The diagnosis alert that follows (if any)
 * is the one that matters, so a failed post is logged and the run goes on; when no alert follows,
 * the update says what the new diagnosis found.
 */
async function announceReopened(
  report: Report,
  incident: Incident,
  deps: RemediationDeps,
  context: RunContext,
  clients: AwsClients,
  topicArn: string
): Promise<void> {
  const update = buildIncidentUpdate({
    kind: 'reopened',
    category: incident.category,
    cluster: incident.cluster,
    service: incident.service,
    threadId: incident.incidentId,
    language: deps.config.alertLanguage,
    details: ALERTING_OUTCOMES.has(report.outcome) ? { report } : { report, note: report.summary },
    ...(report.account === undefined ? {} : { account: report.account }),
  });
  try {
    await publishAlert(clients.sns, topicArn, update, context.signal);
  } catch (error) {
    assertIsError(error);
    logger.error('Reopened update failed', error);
  }
}

/** The alert for this report, or null (with the reason in the report) when none is due. */
/** Alerts (and thread updates) are for failures ECS reported, never for a person's own run. */
function wantsAlerts(report: Report, context: RunContext): boolean {
  return context.allowAlerts !== false && isAutomatedOrigin(report.origin as RequestOrigin);
}

function alertFor(
  report: Report,
  context: RunContext,
  config: RemediationDeps['config'],
  incident: Incident | null
): OutgoingAlert | null {
  if (!wantsAlerts(report, context)) {
    report.alert.reason = 'alerts are sent for failures that ECS reports, not for manual runs';
    return null;
  }
  if (!ALERTING_OUTCOMES.has(report.outcome)) {
    report.alert.reason = `no alert for outcome ${report.outcome}`;
    return null;
  }
  if (!config.alertTopicArn) {
    report.alert.reason = 'ALERT_TOPIC_ARN is not set';
    return null;
  }
  return buildIncidentAlert(report, {
    language: config.alertLanguage,
    threadId: incident?.incidentId ?? `ecs-netfix/${report.task?.cluster}/${report.task?.service ?? report.task?.taskArn}`,
    failureCount: incident?.taskIds.length ?? 1,
    threadCategory: incident?.category ?? null,
  });
}

/**
 * Stores an alert SNS refused, to be sent by whatever touches the incident next. When the store
 * fails too, the alert is lost: logged with its content, and the run fails with SNS's error.
 */
async function keepAlert(
  clients: AwsClients,
  claim: Claim,
  table: string,
  alert: OutgoingAlert,
  publishError: unknown
): Promise<void> {
  try {
    await updateIncident(
      clients.dynamodb,
      claim.incident.key,
      { pendingAlert: JSON.stringify(alert), alertInFlightBy: null },
      { table }
    );
  } catch (error) {
    assertIsError(error);
    logger.error('The alert could not be sent nor marked unsent; the retry of this run sends it', {
      error,
      publishError: String(publishError),
      alert: JSON.stringify(alert),
    });
  }
}

/**
 * Records when the alert went out. Everything else is stored already, so a failure here (DynamoDB
 * throttling) is logged, not thrown: a failed run would be retried and alert again.
 */
async function recordAlertSent(
  clients: AwsClients,
  claim: Claim,
  table: string,
  deps: RemediationDeps,
  requestId: string
): Promise<void> {
  const now = clockOf(deps)().toISOString();
  try {
    // Only while the alert is still ours: a later run may have stored its own meanwhile.
    const change = { pendingAlert: null, alertInFlightBy: null, timeline: { alertedAt: now }, onlyIfAlertInFlightBy: requestId };
    await updateIncident(clients.dynamodb, claim.incident.key, change, { table });
  } catch (error) {
    assertIsError(error);
    // The run succeeds, so Lambda does not retry it: the alert left in flight is never sent again.
    logger.error('The alert was sent; recording when failed (the incident keeps its state)', error);
  }
}

/** Sends the alert an earlier invocation could not publish, and forgets it. */
async function resendPendingAlert(
  report: Report,
  claim: Claim,
  deps: RemediationDeps,
  context: RunContext,
  clients: AwsClients
): Promise<Report> {
  const { config } = deps;
  if (!config.stateTableName) return report;
  const sent = await sendPendingAlert(
    {
      clients,
      table: config.stateTableName,
      topicArn: config.alertTopicArn ?? undefined,
      now: clockOf(deps),
      requestId: context.requestId,
      signal: context.signal,
    },
    claim.incident,
    { releaseLease: true }
  );
  if (!sent.sent) return report;
  report.alert.messageId = sent.messageId;
  report.alert.published = true;
  report.incident = incidentSummary(sent.incident, true);
  return report;
}

/**
 * Schedules the fix's verification. When that fails: count it (alarmed), check the endpoints now
 * if time allows, and say so in the alert; either way a fix nobody will verify leaves no
 * `verifyScheduledAt`, so the next failure of the service is diagnosed and alerted again.
 */
async function arrangeVerification(
  report: Report,
  incident: Incident,
  deps: RemediationDeps,
  context: RunContext,
  clients: AwsClients
): Promise<Verification> {
  const table = deps.config.stateTableName ?? '';
  const now = () => clockOf(deps)().toISOString();
  const at = now();
  try {
    const note = await scheduleVerification({ deps, context, clients, table }, incident, 1);
    const scheduled = Boolean(deps.config.selfFunctionArn && deps.config.schedulerRoleArn);
    return { ...(scheduled ? { scheduledAt: at } : {}), note, inAlert: false };
  } catch (error) {
    assertIsError(error);
    logger.error('Verify schedule failed', error);
    metrics.singleMetric().addMetric(VERIFY_SCHEDULE_FAILED_METRIC, MetricUnit.Count, 1);
    const reason = `Verification could not be scheduled (${briefly(error)})`;
    const remaining = context.remainingTimeMs?.() ?? Number.POSITIVE_INFINITY;
    const endpointIds = createdIds(report).filter((id) => id.startsWith('vpce-'));
    const wantsRedeploy = deps.config.redeployAfterFix && incident.service !== null;
    // Whoever reads the alert must know when RedeployAfterFix did not happen.
    const noRedeploy = wantsRedeploy ? ' No new deployment was started.' : '';
    if (remaining < INLINE_VERIFY_MIN_MS) {
      return {
        note: `${reason}; no time left to check now: the next failure of this service will be diagnosed again.${noRedeploy}`,
        inAlert: true,
      };
    }
    let states: { id: string; state: string }[];
    try {
      states = await describeEndpointStates(clients.ec2, endpointIds, context.signal);
    } catch (inline) {
      assertIsError(inline);
      return {
        note: `${reason}; checking now failed too (${briefly(inline)}): the next failure of this service will be diagnosed again.${noRedeploy}`,
        inAlert: true,
      };
    }
    const waiting = states.filter((endpoint) => endpoint.state !== 'available');
    if (waiting.length > 0) {
      return {
        note: `${reason}; ${waiting.map((endpoint) => `${endpoint.id} is ${endpoint.state}`).join(', ')}: the next failure of this service will be diagnosed again.${noRedeploy}`,
        inAlert: true,
      };
    }
    const checked: Verification = {
      verifiedAt: now(),
      note: `${reason}; checked now instead: ${states.length} endpoint(s) available.`,
      inAlert: true,
    };
    return wantsRedeploy && incident.service !== null
      ? redeployInline(checked, incident.cluster, incident.service, deps, context, clients)
      : checked;
  }
}

/**
 * RedeployAfterFix for a fix verified inline (the schedule that would have redeployed failed):
 * the new deployment starts now, or the alert says why it did not and how to start it by hand.
 * Never thrown: the fix stands and is verified; only the redeploy is missing.
 */
async function redeployInline(
  checked: Verification,
  cluster: string,
  service: string,
  deps: RemediationDeps,
  context: RunContext,
  clients: AwsClients
): Promise<Verification> {
  const byHand = `start one by hand: aws ecs update-service --cluster ${cluster} --service ${service} --force-new-deployment`;
  const remaining = context.remainingTimeMs?.() ?? Number.POSITIVE_INFINITY;
  if (remaining < INLINE_VERIFY_MIN_MS) {
    return { ...checked, note: `${checked.note} No new deployment was started (no time left); ${byHand}.` };
  }
  try {
    const deploymentId = await forceNewDeployment(clients.ecs, cluster, service, context.signal);
    const at = clockOf(deps)().toISOString();
    return {
      ...checked,
      redeployedAt: at,
      note: `${checked.note} New deployment${deploymentId ? ` ${deploymentId}` : ''} of ${service} started.`,
    };
  } catch (error) {
    assertIsError(error);
    logger.error('Redeploy after the inline verification failed', error);
    return { ...checked, note: `${checked.note} No new deployment was started (${briefly(error)}); ${byHand}.` };
  }
}

/** An error in a few words for an alert line: the AWS operation and error code, or the message's start. */
function briefly(error: Error): string {
  return error instanceof AwsCallError ? `${error.operation}: ${error.code}` : error.message.slice(0, 100);
}

export { finishIncident, resendPendingAlert };
