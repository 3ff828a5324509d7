/**
 * The end of a leader's run: wait briefly so a burst's failures are counted, publish one alert,
 * record the incident's new state, and emit the audit event. The report is logged first, so a
 * failure to alert never loses it.
 */
import type { AwsClients } from '../aws/clients.js';
import { type IncidentChange, readIncident, updateIncident } from '../aws/incident-store.js';
import { type OutgoingAlert, putAuditEvent, publishAlert } from '../aws/notify.js';
import { buildIncidentAlert } from '../alerts/build-alert.js';
import { assertIsError } from '../errors.js';
import type { Claim } from '../incidents/claim.js';
import { type RequestOrigin, isAutomatedOrigin } from '../intake/request.js';
import { type Incident, type IncidentState, incidentSummary } from '../incidents/incident.js';
import { logger } from '../observability.js';
import type { Outcome, Report } from '../report/report.js';
import { scheduleVerification } from './follow-up.js';
import { logReport } from './report-log.js';
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

function nextState(report: Report): IncidentState {
  if (report.actions.some((result) => CREATED_STATUSES.has(result.status))) return 'fixed';
  if (report.outcome === 'healthy') return 'verified';
  return 'alerted';
}

/**
 * The incident after the leader's run, the same whether the alert went out or is kept for later:
 * the new state with the time of each step (the stale-fix clock reads `fixedAt`).
 */
function finalChange(report: Report, deps: RemediationDeps, alerted: boolean): IncidentChange & { state: IncidentState } {
  const now = (deps.now ?? (() => new Date()))().toISOString();
  const state = nextState(report);
  return {
    state,
    // A recovery signal may have closed the incident meanwhile: never reopen it from here.
    onlyIfStateIn: ['open'],
    releaseLease: true,
    ...(report.task?.vpcId ? { vpcId: report.task.vpcId } : {}),
    createdResourceIds: createdIds(report),
    timeline: {
      ...(alerted ? { alertedAt: now } : {}),
      ...(state === 'fixed' ? { fixedAt: now } : {}),
      ...(state === 'verified' ? { verifiedAt: now } : {}),
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

  const wantsAlert = context.allowAlerts !== false && isAutomatedOrigin(report.origin as RequestOrigin);
  if (!wantsAlert) {
    report.alert.reason = 'alerts are sent for failures that ECS reports, not for manual runs';
  } else if (!ALERTING_OUTCOMES.has(report.outcome)) {
    report.alert.reason = `no alert for outcome ${report.outcome}`;
  } else if (!config.alertTopicArn) {
    report.alert.reason = 'ALERT_TOPIC_ARN is not set';
  } else {
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
          { ...finalChange(report, deps, false), pendingAlert: JSON.stringify(alert) },
          { table, signal: context.signal }
        );
      }
      throw error;
    }
  }

  if (claim && table) {
    const change = finalChange(report, deps, report.alert.published);
    const updated = await updateIncident(clients.dynamodb, claim.incident.key, change, { table, signal: context.signal });
    if (updated) report.incident = incidentSummary(updated, true);
    if (updated && change.state === 'fixed') await scheduleQuietly(report, updated, deps, context, clients);
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

/** Sends the alert an earlier invocation could not publish, and forgets it. */
async function resendPendingAlert(
  report: Report,
  claim: Claim,
  deps: RemediationDeps,
  context: RunContext,
  clients: AwsClients
): Promise<Report> {
  const { config } = deps;
  const pending = claim.incident.pendingAlert;
  if (pending && config.alertTopicArn && config.stateTableName) {
    report.alert.messageId = await publishAlert(clients.sns, config.alertTopicArn, JSON.parse(pending) as OutgoingAlert, context.signal);
    report.alert.published = true;
    const now = (deps.now ?? (() => new Date()))().toISOString();
    const updated = await updateIncident(
      clients.dynamodb,
      claim.incident.key,
      { pendingAlert: null, releaseLease: true, timeline: { alertedAt: now } },
      { table: config.stateTableName, signal: context.signal }
    );
    if (updated) report.incident = incidentSummary(updated, true);
    // The run that failed to alert had fixed things but never got to schedule their verification.
    if (updated?.state === 'fixed') await scheduleQuietly(report, updated, deps, context, clients);
  }
  return report;
}

/** Schedules the first verification; a failure is logged (recovery events still close the incident). */
async function scheduleQuietly(
  report: Report,
  incident: Incident,
  deps: RemediationDeps,
  context: RunContext,
  clients: AwsClients
): Promise<void> {
  const table = deps.config.stateTableName;
  if (!table) return;
  try {
    report.note = await scheduleVerification({ deps, context, clients, table }, incident, 1);
  } catch (error) {
    assertIsError(error);
    logger.error('Verify schedule failed', error);
    report.note = `verification could not be scheduled: ${error.message}`;
  }
}

export { ALERTING_OUTCOMES, finishIncident, resendPendingAlert };
