/**
 * The incident model: one incident per service (or task family) and root-cause family, shared by
 * every invocation through the state table. Pure decisions here; the DynamoDB adapter only stores.
 *
 * Why a store at all: ECS stops dozens of tasks of a broken service within a minute and EventBridge
 * delivers each to a concurrent invocation. Only the first (the leader) diagnoses, fixes and alerts;
 * the others add their task to the count and return. That must hold across cold starts, so the
 * state lives in DynamoDB, not in memory.
 */
import type { Category } from '../classify/classification.js';
import { isNetworkCategory } from '../classify/classification.js';
import type { StoppedTask } from '../intake/request.js';
import type { IncidentSummary } from '../report/report.js';

/**
 * - `open`: the leader is diagnosing/fixing (holds a lease).
 * - `alerted`: a person must act (dry run or alert-only); followers only count.
 * - `fixed`: endpoints were created; verification is pending.
 * - `verified`: what the task needs is available; waiting for the service to run.
 * - `redeployed`: a new deployment was forced after the fix.
 * - `recovered`: the service runs again; the incident is closed.
 */
type IncidentState = 'open' | 'alerted' | 'fixed' | 'verified' | 'redeployed' | 'recovered';

interface IncidentTimeline {
  firstFailureAt: string;
  lastFailureAt: string;
  alertedAt?: string;
  fixedAt?: string;
  verifiedAt?: string;
  redeployedAt?: string;
  recoveredAt?: string;
  /** When the first verification was scheduled; absent: nobody will verify this fix (issue 13). */
  verifyScheduledAt?: string;
}

interface Incident {
  key: IncidentKey;
  region: string;
  /** The account the task ran in (hub mode: a member account); null when the event named none. */
  accountId: string | null;
  cluster: string;
  /** The service name, or null for a standalone task's incident. */
  service: string | null;
  vpcId: string | null;
  /** Stable id, also the Slack thread id. */
  incidentId: string;
  state: IncidentState;
  /** Optimistic-concurrency version: every state change increments it. */
  version: number;
  /** The event id (or request id) of the invocation that holds the lease. */
  leader: string | null;
  /** Epoch ms; the leader's claim is void after this (a crashed leader does not block forever). */
  leaseUntil: number;
  /** Distinct task ids that failed in this incident. */
  taskIds: string[];
  timeline: IncidentTimeline;
  /** Ids of what ecs-netfix created for this incident (for verify and the recovered message). */
  createdResourceIds: string[];
  /**
   * The category the incident opened with. Kept when later failures join (they may name another
   * service of the same problem), so every message in the thread uses one category name.
   */
  category: Category | null;
  /**
   * The alert (JSON) whose publishing failed: the next invocation sends it before anything else,
   * so what was done is never lost when SNS fails after a fix.
   */
  pendingAlert: string | null;
  /**
   * Set while the run that stored `pendingAlert` with the incident's outcome publishes it: the
   * Lambda request id of that run. Cleared when the alert is recorded as sent (pendingAlert goes
   * too) or as failed (then anyone sends it). See owesPendingAlert.
   */
  alertInFlightBy?: string;
  /** Whether the last leader ran in a dry-run deployment (a live deployment then acts again). */
  mode: RunMode;
  /** Epoch seconds, the table's TTL attribute. */
  expiresAt: number;
  /** Write-ahead entries (JSON) of changes no alert reported yet (shared/remediation/write-ahead.ts). */
  writeAhead?: string[];
}

interface IncidentKey {
  pk: string;
  sk: string;
}

/** `service:NAME` or `family:NAME`: what the incident is about in this cluster. */
function incidentSubject(task: Pick<StoppedTask, 'serviceName' | 'group' | 'taskId'>): string {
  if (task.serviceName) return `service:${task.serviceName}`;
  if (task.group) return task.group;
  return `task:${task.taskId}`;
}

/** Root-cause family: every network failure of one service is one incident, IAM is another. */
function rootCauseFamily(category: Category): string {
  if (isNetworkCategory(category)) return 'network';
  return category;
}

/** The account part of a key: a cluster named `prod` in two accounts is two clusters (issue 15). */
function accountKeyPart(accountId: string | null): string {
  return accountId ?? '-';
}

/**
 * All incidents of one service share this partition key (one item per root-cause family). The
 * region stays second: the verify schedule's payload is read by it (shared/intake).
 */
function servicePartitionKey(region: string, accountId: string | null, cluster: string, subject: string): string {
  return `INCIDENT#${region}#${accountKeyPart(accountId)}#${cluster}#${subject}`;
}

function incidentKeyFor(task: StoppedTask, category: Category): IncidentKey {
  return {
    pk: servicePartitionKey(task.region, task.accountId, task.clusterName, incidentSubject(task)),
    sk: rootCauseFamily(category),
  };
}

/** States in which the incident is over (a new failure starts a new one). */
function isClosed(incident: Incident, nowMs: number): boolean {
  return incident.state === 'recovered' || incident.expiresAt * 1000 <= nowMs;
}

/** Thread ids group a service's messages in Slack; short and stable per incident (account/cluster/subject). */
function newIncidentId(key: IncidentKey, nowMs: number): string {
  const subject = key.pk.split('#').slice(2).join('/');
  return `ecs-netfix/${subject}/${key.sk}/${new Date(nowMs).toISOString().replace(/[-:.]/g, '').slice(0, 15)}`;
}

type RunMode = 'dry-run' | 'live';

/** An incident left to a person is diagnosed again after this long, if tasks still fail. */
const RECHECK_AFTER_MS = 30 * 60 * 1000;
/**
 * A fix whose verification never completed (no schedule, or the schedule kept failing) stops
 * holding back new failures after this long (at least; longer verify delays lengthen it, see
 * shared/pipeline): six verify attempts two minutes apart fit well inside.
 */
const FIXED_STALE_AFTER_MS = 20 * 60 * 1000;

type Role =
  /**
   * This invocation runs the diagnosis, fix and alert. `reopened`: tasks fail again after a fix
   * of this incident (fixed, verified or redeployed), which the thread hears as "Reopened".
   */
  | { role: 'leader'; reopened: boolean; startsNewIncident: boolean }
  /** Send the stored alert that failed earlier, then stop. */
  | { role: 'resend' }
  /** Another invocation handles (or handled) it: count the task and stop. */
  | { role: 'follower'; reason: string };

/** States after which a new failure means the fix did not help (re-diagnose in the same thread). */
const REOPEN_STATES: ReadonlySet<IncidentState> = new Set(['verified', 'redeployed']);

/**
 * Whether an invocation (Lambda request `requestId`) sends the incident's stored alert. An alert
 * whose publishing failed is sent by whoever touches the incident next. One still in flight was
 * stored with the outcome by a run that never recorded how publishing went (SNS and DynamoDB
 * failed together, or the run ran out of time): only Lambda's retry of that run, which has the
 * same request id, sends it. It may have gone out already, and twice is better than never; a run
 * that published and only failed to record it succeeds, so it is not retried and nothing repeats.
 */
function owesPendingAlert(incident: Incident, requestId: string | undefined): boolean {
  if (incident.pendingAlert === null) return false;
  return incident.alertInFlightBy === undefined || incident.alertInFlightBy === requestId;
}

/**
 * Decides what an invocation that saw a new failure does, given the stored incident.
 * `leaderId` identifies this event: a retried event may take back its own lease. `requestId` is
 * the invocation's (Lambda keeps it for the retries of one event).
 */
function decideRole(
  existing: Incident | null,
  leaderId: string,
  nowMs: number,
  mode: RunMode,
  fixedStaleAfterMs: number = FIXED_STALE_AFTER_MS,
  requestId?: string
): Role {
  if (existing === null) return { role: 'leader', reopened: false, startsNewIncident: true };
  if (isClosed(existing, nowMs)) {
    return { role: 'leader', reopened: false, startsNewIncident: true };
  }
  const ownRetry = existing.alertInFlightBy !== undefined;
  if (owesPendingAlert(existing, requestId) && (ownRetry || existing.leader === leaderId || existing.leaseUntil <= nowMs)) {
    return { role: 'resend' };
  }
  if (existing.state === 'open') {
    if (existing.leader === leaderId || existing.leaseUntil <= nowMs) {
      return { role: 'leader', reopened: false, startsNewIncident: false };
    }
    return { role: 'follower', reason: 'another invocation is handling this incident' };
  }
  // Lambda's retry or a second delivery of the event that led the incident, after its run stored
  // the outcome (the run failed later, e.g. recording the alert's time): it was handled, never again.
  if (existing.leader === leaderId) {
    return { role: 'follower', reason: 'this event was already handled' };
  }
  if (REOPEN_STATES.has(existing.state)) {
    return { role: 'leader', reopened: true, startsNewIncident: false };
  }
  if (existing.state === 'alerted') {
    // Dry run switched off since: act now instead of waiting for the incident to expire.
    // Neither is a reopening: no fix was made, the alerted failure goes on.
    if (existing.mode === 'dry-run' && mode === 'live') {
      return { role: 'leader', reopened: false, startsNewIncident: false };
    }
    const lastLook = Date.parse(existing.timeline.alertedAt ?? existing.timeline.firstFailureAt);
    if (nowMs - lastLook >= RECHECK_AFTER_MS) {
      return { role: 'leader', reopened: false, startsNewIncident: false };
    }
  }
  // A fix nobody will verify (its schedule failed) never holds back later failures (issue 13).
  if (existing.state === 'fixed' && existing.timeline.verifyScheduledAt === undefined) {
    return { role: 'leader', reopened: true, startsNewIncident: false };
  }
  if (existing.state === 'fixed') {
    const fixedAt = Date.parse(existing.timeline.fixedAt ?? existing.timeline.firstFailureAt);
    if (nowMs - fixedAt >= fixedStaleAfterMs) {
      return { role: 'leader', reopened: true, startsNewIncident: false };
    }
  }
  return {
    role: 'follower',
    reason: existing.state === 'fixed' ? 'the fix for this incident is being verified' : 'this incident was already reported',
  };
}

/** What a report says about its incident: `leader` when this run led it. */
function incidentSummary(incident: Incident, leader: boolean): IncidentSummary {
  return {
    incidentId: incident.incidentId,
    failureCount: incident.taskIds.length,
    firstFailureAt: incident.timeline.firstFailureAt,
    state: incident.state,
    leader,
  };
}

export {
  FIXED_STALE_AFTER_MS,
  RECHECK_AFTER_MS,
  decideRole,
  incidentKeyFor,
  incidentSummary,
  incidentSubject,
  isClosed,
  newIncidentId,
  owesPendingAlert,
  servicePartitionKey,
};
export type { Incident, IncidentKey, IncidentState, IncidentTimeline, Role, RunMode };
