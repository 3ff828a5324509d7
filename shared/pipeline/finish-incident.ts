/**
 * The end of a leader's run: wait briefly so a burst's failures are counted, publish one alert,
 * record the incident's new state, and emit the audit event. The report is logged first, so a
 * failure to alert never loses it.
 */
import type { AwsClients } from '../aws/clients.js';
import { type IncidentChange, readIncident, updateIncident } from '../aws/incident-store.js';
import { putAuditEvent, publishAlert } from '../aws/notify.js';
import { describeEndpointStates } from '../aws/incident-followup.js';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { buildIncidentAlert } from '../alerts/build-alert.js';
import { buildIncidentUpdate } from '../alerts/build-update.js';
import { assertIsError } from '../errors.js';
import type { Claim } from '../incidents/claim.js';
import { type RequestOrigin, isAutomatedOrigin } from '../intake/request.js';
import { type Incident, type IncidentState, incidentSummary } from '../incidents/incident.js';
import { logger, metrics } from '../observability.js';
import type { Outcome, Report } from '../report/report.js';
import { scheduleVerification } from './follow-up.js';
import { logReport } from './report-log.js';
import { sendPendingAlert } from './pending-alert.js';
import type { RemediationDeps, RunContext } from './remediate-task.js';

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
  alerted: boolean,
  verification: Verification | null = null
): IncidentChange & { state: IncidentState } {
  const now = (deps.now ?? (() => new Date()))().toISOString();
  const reached = nextState(report);
  // A fix checked inline (its schedule failed) is verified now: later failures re-diagnose it.
  const state = reached === 'fixed' && verification?.verifiedAt ? 'verified' : reached;
  return {
    state,
    // A recovery signal may have closed the incident meanwhile: never reopen it from here.
    onlyIfStateIn: ['open'],
    releaseLease: true,
    // The alert (sent or kept to send) names every change: the write-ahead record is done.
    clearWriteAhead: true,
    ...(report.task?.vpcId ? { vpcId: report.task.vpcId } : {}),
    createdResourceIds: createdIds(report),
    timeline: {
      ...(alerted ? { alertedAt: now } : {}),
      ...(reached === 'fixed' ? { fixedAt: now } : {}),
      ...(state === 'verified' ? { verifiedAt: verification?.verifiedAt ?? now } : {}),
      ...(verification?.scheduledAt ? { verifyScheduledAt: verification.scheduledAt } : {}),
      ...(state === 'alerted' && !alerted ? { alertedAt: now } : {}),
    },
  };
}

function createdIds(report: Report): string[] {
  return report.actions
    .filter((result) => result.status === 'created' && result.resourceId)
    .map((result) => result.resourceId as string);
}

async function waitForBurst(claim: Claim, deps: RemediationDeps): Promise<void> {
  const now = deps.now ?? (() => new Date());
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const firstFailure = Date.parse(claim.incident.timeline.firstFailureAt);
  const waitMs = firstFailure + deps.config.alertCoalesceSeconds * 1000 - now().getTime();
  if (waitMs > 0) await sleep(waitMs);
}

async function finishIncident(
  report: Report,
  claim: Claim | null,
  deps: RemediationDeps,
  context: RunContext,
  clients: AwsClients
): Promise<Report> {
  const { config } = deps;
  const table = config.stateTableName;
  logReport(report);

  let incident = claim?.incident ?? null;
  if (claim && table) {
    await waitForBurst(claim, deps);
    incident = (await readIncident(clients.dynamodb, claim.incident.key, { table, signal: context.signal })) ?? incident;
  }
  if (incident) report.incident = incidentSummary(incident, true);

  // Verification is arranged before the alert, so the alert can say when it could not be.
  const verification = claim && table && nextState(report) === 'fixed' ? await arrangeVerification(report, claim.incident, deps, context, clients) : null;
  if (verification?.inAlert) report.note = verification.note;

  const wantsAlert = context.allowAlerts !== false && isAutomatedOrigin(report.origin as RequestOrigin);
  if (!wantsAlert) {
    report.alert.reason = 'alerts are sent for failures that ECS reports, not for manual runs';
  } else if (!ALERTING_OUTCOMES.has(report.outcome)) {
    report.alert.reason = `no alert for outcome ${report.outcome}`;
  } else if (!config.alertTopicArn) {
    report.alert.reason = 'ALERT_TOPIC_ARN is not set';
  }
  // Tasks fail again after a fix: the thread hears "Reopened" first, whatever the new diagnosis.
  if (wantsAlert && config.alertTopicArn && claim?.role.role === 'leader' && claim.role.reopened && incident) {
    await announceReopened(report, incident, deps, context, clients, config.alertTopicArn);
  }
  if (wantsAlert && ALERTING_OUTCOMES.has(report.outcome) && config.alertTopicArn) {
    const alert = buildIncidentAlert(report, {
      language: config.alertLanguage,
      threadId: incident?.incidentId ?? `ecs-netfix/${report.task?.cluster}/${report.task?.service ?? report.task?.taskArn}`,
      failureCount: incident?.taskIds.length ?? 1,
      threadCategory: incident?.category ?? null,
    });
    try {
      report.alert.messageId = await publishAlert(clients.sns, config.alertTopicArn, alert, context.signal);
      report.alert.published = true;
    } catch (error) {
      // Keep the alert with the incident, so the retry of this event (or the next failure) sends
      // it even when it finds the VPC fixed; then fail so Lambda retries.
      if (claim && table) {
        await updateIncident(
          clients.dynamodb,
          claim.incident.key,
          { ...finalChange(report, deps, false, verification), pendingAlert: JSON.stringify(alert) },
          { table, signal: context.signal }
        );
      }
      throw error;
    }
  }

  if (verification && !verification.inAlert) report.note = verification.note;
  if (claim && table) {
    const change = finalChange(report, deps, report.alert.published, verification);
    const updated = await updateIncident(clients.dynamodb, claim.incident.key, change, { table, signal: context.signal });
    if (updated) report.incident = incidentSummary(updated, true);
  }

  // A person's dry run from the CLI changed nothing: it leaves no audit event behind.
  const wantsAudit = context.allowAlerts !== false || !report.dryRun;
  try {
    if (wantsAudit) await putAuditEvent(
      clients.events,
      config.eventBusName,
      `ecs-netfix ${report.outcome}`,
      report,
      [report.task?.taskArn ?? '', report.task?.clusterArn ?? ''],
      context.signal
    );
  } catch (error) {
    // The audit copy is lost, not the report: it is in the log above and returned to the caller.
    assertIsError(error);
    logger.error('Audit event failed', error);
  }
  return report;
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
  });
  try {
    await publishAlert(clients.sns, topicArn, update, context.signal);
  } catch (error) {
    assertIsError(error);
    logger.error('Reopened update failed', error);
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
      now: deps.now ?? (() => new Date()),
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
  const now = () => (deps.now ?? (() => new Date()))().toISOString();
  const at = now();
  try {
    const note = await scheduleVerification({ deps, context, clients, table }, incident, 1);
    const scheduled = Boolean(deps.config.selfFunctionArn && deps.config.schedulerRoleArn);
    return { ...(scheduled ? { scheduledAt: at } : {}), note, inAlert: false };
  } catch (error) {
    assertIsError(error);
    logger.error('Verify schedule failed', error);
    metrics.singleMetric().addMetric(VERIFY_SCHEDULE_FAILED_METRIC, MetricUnit.Count, 1);
    const reason = `Verification could not be scheduled (${error.message.slice(0, 160)})`;
    const remaining = context.remainingTimeMs?.() ?? Number.POSITIVE_INFINITY;
    const endpointIds = createdIds(report).filter((id) => id.startsWith('vpce-'));
    if (remaining < INLINE_VERIFY_MIN_MS) {
      return { note: `${reason}; no time left to check now: the next failure of this service will be diagnosed again.`, inAlert: true };
    }
    try {
      const states = await describeEndpointStates(clients.ec2, endpointIds, context.signal);
      const waiting = states.filter((endpoint) => endpoint.state !== 'available');
      if (waiting.length === 0) {
        return { verifiedAt: now(), note: `${reason}; checked now instead: ${states.length} endpoint(s) available.`, inAlert: true };
      }
      return {
        note: `${reason}; ${waiting.map((endpoint) => `${endpoint.id} is ${endpoint.state}`).join(', ')}: the next failure of this service will be diagnosed again.`,
        inAlert: true,
      };
    } catch (inline) {
      assertIsError(inline);
      return { note: `${reason}; checking now failed too (${inline.message.slice(0, 120)}): the next failure of this service will be diagnosed again.`, inAlert: true };
    }
  }
}

export { ALERTING_OUTCOMES, VERIFY_SCHEDULE_FAILED_METRIC, finishIncident, resendPendingAlert };
