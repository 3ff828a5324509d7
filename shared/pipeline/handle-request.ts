/**
 * One run, from whatever reached the function to the report: intake -> classify -> guardrails ->
 * incident -> inspect -> diagnose -> plan -> apply or not -> alert -> audit. The handler and the
 * CLI both call this; it decides nothing itself that a pure module can decide.
 */
import { classifyTaskFailure } from '../classify/classify.js';
import { type Classification, isNetworkCategory } from '../classify/classification.js';
import type { Config } from '../config.js';
import { diagnose, diagnoseWithoutSnapshot } from '../diagnosis/diagnose.js';
import { AwsCallError, FactsDisagreeError, InvalidRequestError, StoppedTaskNotFoundError, assertIsError } from '../errors.js';
import { claimIncident, type Claim } from '../incidents/claim.js';
import { gatherSnapshot } from '../inspect/gather.js';
import { lookupStoppedTask } from '../inspect/lookup-task.js';
import type { PermissionChecker } from '../model/permissions.js';
import { vpcIdOf } from '../model/snapshot.js';
import { parseRequest } from '../intake/parse-request.js';
import {
  type DiagnoseRequest,
  type LifecycleRequest,
  type NetfixRequest,
  type RequestOrigin,
  type StoppedTask,
  type VerifyRequest,
  isAutomatedOrigin,
} from '../intake/request.js';
import { applyPlan } from '../remediation/apply.js';
import type { Action, ActionResult } from '../remediation/action.js';
import { estimatePlanCost } from '../remediation/cost.js';
import { checkClusterScope, checkNetworkScope, resolveDryRun } from '../remediation/guardrails.js';
import { type Home, checkHomeScope } from '../remediation/home-scope.js';
import { guardLiveRun } from './guard-live-run.js';
import { type VpcWriter, countCreatedEndpoints } from './vpc-writer.js';
import { planRemediation } from '../remediation/plan.js';
import { buildReport, decideOutcome } from '../report/build-report.js';
import type { Outcome, Report } from '../report/report.js';
import type { AwsClients } from '../aws/clients.js';
import type { ClientsFor } from '../aws/client-directory.js';
import type { AccountAliasReader } from '../aws/account-alias.js';
import { CallLedger, runInLedger } from '../aws/call-ledger.js';
import { updateIncident } from '../aws/incident-store.js';
import { appendTaskKeys, logger } from '../observability.js';
import { finishIncident, resendPendingAlert } from './finish-incident.js';
import { logReport } from './report-log.js';
import { reconcileEarlierWrites } from './reconcile-writes.js';
import { appendWriteAhead } from '../aws/write-ahead-store.js';
import { MAX_VERIFY_ATTEMPTS, closeIncidents, verifyIncident } from './follow-up.js';
import { FIXED_STALE_AFTER_MS, incidentSummary } from '../incidents/incident.js';
import { clockOf } from '../clock.js';

interface RemediationDeps {
  config: Config;
  /**
   * Clients for a region and, in hub mode, an account (built once per account and region and
   * reused): the task's reads and writes go there, the hub's own state stays home (client-directory.ts).
   */
  clientsFor: ClientsFor;
  permissionsFor: (clients: AwsClients) => PermissionChecker;
  defaultRegion: string;
  /** The function's own account and region: requests naming others are rejected (the CLI sets none). */
  home?: Home;
  /** Hub mode: member account aliases for alerts, remembered per container (account-alias.ts). */
  accountAliasOf?: AccountAliasReader;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

interface RunContext {
  /** Lambda request id, or a CLI run id. */
  requestId: string;
  signal?: AbortSignal;
  /** The CLI passes false: it prints the report instead of alerting. */
  allowAlerts?: boolean;
  /** The function's remaining time (Lambda's getRemainingTimeInMillis); absent in the CLI. */
  remainingTimeMs?: () => number;
}

/** How long a leader may hold an incident: longer than the function's timeout. */
const LEASE_MS = 5 * 60 * 1000;

/**
 * Handles any request the function (or the CLI) is given: a failed task to diagnose and perhaps
 * fix, a verify step of the schedule, or a life-cycle signal that moves an incident on.
 */
async function handleRequest(input: unknown, deps: RemediationDeps, context: RunContext): Promise<Report> {
  const ledger = new CallLedger();
  const report = await runInLedger(ledger, () => run(input, deps, context, ledger));
  // Counted at the very end, so the alert, the audit event and the incident updates are in it.
  report.calls = { total: ledger.total, byOperation: ledger.byOperation() };
  logReport(report);
  return report;
}

/** What every step of one run shares. */
interface Run {
  deps: RemediationDeps;
  context: RunContext;
  ledger: CallLedger;
  now: () => Date;
  calls: () => Report['calls'];
}

/** The facts a diagnosis run has settled before it reads AWS. */
interface Subject {
  origin: RequestOrigin;
  task: StoppedTask;
  dryRun: boolean;
  classification: Classification;
}

async function run(input: unknown, deps: RemediationDeps, context: RunContext, ledger: CallLedger): Promise<Report> {
  const now = clockOf(deps);
  const calls = () => ({ total: ledger.total, byOperation: ledger.byOperation() });
  const runState: Run = { deps, context, ledger, now, calls };

  let request: NetfixRequest;
  try {
    request = parseRequest(input, { region: deps.defaultRegion, now: clockOf(deps) });
  } catch (error) {
    assertIsError(error);
    if (error instanceof InvalidRequestError) return earlyReport(runState, 'invalid', error.message);
    throw error;
  }
  const home = deps.home ? checkHomeScope(deps.home, request) : { inScope: true as const };
  if (!home.inScope) return earlyReport(runState, 'invalid', home.reason, { origin: request.origin });
  switch (request.kind) {
    case 'ignored':
      return earlyReport(runState, 'ignored', request.reason, { origin: request.origin, task: request.task ?? undefined });
    case 'verify':
    case 'lifecycle':
      return followUp(runState, request);
    case 'diagnose':
      return diagnoseRequest(runState, request);
  }
}

function earlyReport(runState: Run, outcome: Outcome, note: string, subject: Partial<Subject> = {}): Report {
  return buildReport({
    now: runState.now(),
    dryRun: subject.dryRun ?? runState.deps.config.dryRun,
    outcome,
    origin: subject.origin ?? 'unknown',
    task: subject.task ?? null,
    snapshot: null,
    classification: subject.classification ?? null,
    calls: runState.calls(),
    note,
  });
}

/** Verify schedules and recovery signals: the incident's later steps. */
async function followUp(runState: Run, request: VerifyRequest | LifecycleRequest): Promise<Report> {
  const { deps, context, calls } = runState;
  const table = deps.config.stateTableName;
  if (!table) return earlyReport(runState, 'ignored', 'incidents need STATE_TABLE_NAME', { origin: request.origin });
  const tools = { deps, context, clients: deps.clientsFor(request.region), table, calls };
  return request.kind === 'verify' ? verifyIncident(request, tools) : closeIncidents(request, tools);
}

async function diagnoseRequest(runState: Run, request: DiagnoseRequest): Promise<Report> {
  const { deps } = runState;
  const dryRun = resolveDryRun(deps.config.dryRun, request.dryRunRequested, request.origin);
  let task: StoppedTask;
  try {
    task = request.task ?? (await lookupTask(request, runState));
  } catch (error) {
    // An unknown task or service is bad input, not an outage: answer it, do not retry it.
    assertIsError(error);
    if (error instanceof StoppedTaskNotFoundError)
      return earlyReport(runState, 'invalid', error.message, { origin: request.origin, dryRun });
    throw error;
  }
  appendTaskKeys({ clusterArn: task.clusterArn, taskArn: task.taskArn });
  const classification = classifyTaskFailure(
    task.stoppedReason,
    task.containerReasons.map((entry) => entry.reason)
  );
  const subject: Subject = { origin: request.origin, task, dryRun, classification };

  const clusterScope = checkClusterScope(deps.config, task);
  if (!clusterScope.inScope) return earlyReport(runState, 'out-of-scope', clusterScope.reason, subject);

  // A member account's VPC is read and fixed with its spoke role; CloudTrail there names the task.
  const clients = deps.clientsFor(task.region, { accountId: task.accountId, sessionLabel: `task-${task.taskId}` });
  const claim = await joinIncident(runState, subject, clients);
  if (claim?.role.role === 'resend') {
    const report = earlyReport(
      runState,
      'deduplicated',
      'this incident was handled; its alert had failed and was sent now',
      subject
    );
    return resendPendingAlert(report, claim, deps, runState.context, clients);
  }
  if (claim?.role.role === 'follower') {
    const report = earlyReport(runState, 'deduplicated', claim.role.reason, subject);
    report.incident = incidentSummary(claim.incident, false);
    return report;
  }

  let report: Report;
  try {
    report = isInspectable(classification)
      ? await inspectAndAct(runState, subject, clients, claim)
      : notNetwork(runState, subject);
  } catch (error) {
    assertIsError(error);
    // A forged or stale event: release the incident untouched (a real failure may lead it) and say why.
    if (error instanceof FactsDisagreeError) {
      if (claim) await releaseQuietly(claim, deps, clients);
      return earlyReport(runState, 'invalid', error.message, subject);
    }
    // A person's run shows the error itself (the CLI explains it); only runs ECS started alert.
    if (!(error instanceof AwsCallError) || error.transient || !isAutomatedOrigin(subject.origin)) {
      // Give the incident back so Lambda's retry of this event (same event id) or the next
      // failure can lead again; then let the retry/dead-letter path take over.
      if (claim) await releaseQuietly(claim, deps, clients);
      throw error;
    }
    // A permanent AWS error (access denied, a subnet that is gone) will not pass on a retry:
    // tell people what could not be read instead of filling the dead-letter queue.
    report = buildReport({
      ...reportBase(runState, subject),
      outcome: 'failed',
      snapshot: null,
      note: `ecs-netfix could not inspect the task's network: ${error.message}`,
    });
  }
  return finishIncident(report, claim, deps, runState.context, clients);
}

/** Network and IAM failures are worth reading the VPC and the role for; the rest are not. */
function isInspectable(classification: Classification): boolean {
  return isNetworkCategory(classification.category) || classification.category === 'iam_permission_denied';
}

/** Image gone, registry credentials, rate limit, disk: no network change fixes these. */
function notNetwork(runState: Run, subject: Subject): Report {
  const diagnosis = diagnoseWithoutSnapshot({ classification: subject.classification, task: subject.task });
  return buildReport({
    ...reportBase(runState, subject),
    outcome: 'not-network',
    snapshot: null,
    findings: diagnosis.findings,
    path: diagnosis.path,
  });
}

function reportBase(runState: Run, subject: Subject) {
  return {
    now: runState.now(),
    dryRun: subject.dryRun,
    origin: subject.origin,
    task: subject.task,
    classification: subject.classification,
    calls: runState.calls(),
  };
}

/** Only failures that ECS reported join an incident; a person's manual run always gets an answer. */
async function joinIncident(runState: Run, subject: Subject, clients: AwsClients): Promise<Claim | null> {
  const { deps, context, now } = runState;
  const table = deps.config.stateTableName;
  if (!isAutomatedOrigin(subject.origin) || !table) return null;
  return claimIncident(
    clients.dynamodb,
    { table, signal: context.signal },
    {
      task: subject.task,
      category: subject.classification.category,
      leaderId: subject.task.eventId ?? `${subject.origin}:${subject.task.taskArn}`,
      requestId: context.requestId,
      nowMs: now().getTime(),
      leaseMs: LEASE_MS,
      ttlHours: deps.config.incidentTtlHours,
      mode: subject.dryRun ? 'dry-run' : 'live',
      // Every verify attempt, one more delay, and a margin: only then is the fix stale.
      fixedStaleAfterMs: Math.max(
        FIXED_STALE_AFTER_MS,
        (MAX_VERIFY_ATTEMPTS + 1) * deps.config.verifyDelaySeconds * 1000 + 5 * 60 * 1000
      ),
    }
  );
}

/** A live run first confirms the event's facts with AWS and takes the VPC's writer lease (guard-live-run.ts). */
async function inspectAndAct(runState: Run, subject: Subject, clients: AwsClients, claim: Claim | null): Promise<Report> {
  const { deps, context, now } = runState;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const guarded = await guardLiveRun(clients, subject.task, {
    dryRun: subject.dryRun,
    config: deps.config,
    owner: context.requestId,
    now,
    sleep,
    signal: context.signal,
  });
  try {
    return await inspectAndActInVpc(runState, { ...subject, task: guarded.task }, clients, claim, guarded.writer);
  } finally {
    await guarded.writer?.release();
  }
}

/** Reads the path, diagnoses it, plans the fix and, outside dry run, applies it. */
async function inspectAndActInVpc(
  runState: Run,
  subject: Subject,
  clients: AwsClients,
  claim: Claim | null,
  writer: VpcWriter | null
): Promise<Report> {
  const { deps, context, ledger } = runState;
  const { task, classification, dryRun } = subject;
  ledger.nextRound();
  const snapshot = await gatherSnapshot(clients, task, {
    permissions: deps.permissionsFor(clients),
    signal: context.signal,
    now: clockOf(deps),
  });
  const diagnosis = diagnose({ classification, snapshot, task });
  const networkScope = checkNetworkScope(deps.config, snapshot);
  if (!networkScope.inScope) {
    return buildReport({
      ...reportBase(runState, subject),
      outcome: 'out-of-scope',
      snapshot,
      findings: diagnosis.findings,
      path: diagnosis.path,
      note: networkScope.reason,
    });
  }

  const plan = planRemediation(diagnosis.findings, snapshot, {
    region: task.region,
    maxEndpointsPerRun: Math.min(deps.config.maxEndpointsPerRun, writer?.budget.remaining ?? Number.POSITIVE_INFINITY),
    capReason: writer?.budget.reason ?? undefined,
    allowUserEndpointChanges: deps.config.allowUserEndpointChanges,
  });
  const vpcId = vpcIdOf(snapshot);
  let actions =
    !dryRun && plan.actions.length > 0 && vpcId
      ? await applyInVpc(runState, subject, clients, { claim, writer, vpcId, actions: plan.actions })
      : plan.actions.map((action) => unapplied(action, 'planned', null));
  actions.push(...plan.skipped.map(({ action, reason }) => unapplied(action, 'skipped', reason)));
  // What an earlier attempt of this incident changed without telling anyone is reported now.
  if (claim && vpcId) actions = await reconcileEarlierWrites(clients.ec2, claim.incident, vpcId, actions, context.signal);

  const decided = decideOutcome({ dryRun, findings: plan.findings, actions, manual: plan.manual });
  const changed = actions.some((result) => result.status === 'created' || result.status === 'modified');
  return buildReport({
    ...reportBase(runState, subject),
    // A path made healthy by changes nobody was told about is a fix to report, not "healthy".
    outcome: decided === 'healthy' && changed ? 'fixed' : decided,
    snapshot,
    findings: plan.findings,
    path: diagnosis.path,
    actions,
    cost: plan.actions.length > 0 ? estimatePlanCost(plan.actions, task.region) : null,
  });
}

/** A live run's writes, with what keeps track of them (issue 13) and the VPC's endpoint budget. */
async function applyInVpc(
  runState: Run,
  subject: Subject,
  clients: AwsClients,
  target: { claim: Claim | null; writer: VpcWriter | null; vpcId: string; actions: Action[] }
): Promise<ActionResult[]> {
  const { deps, context, ledger, now } = runState;
  const { claim, writer, vpcId } = target;
  const table = deps.config.stateTableName;
  ledger.nextRound();
  const actions = await applyPlan(clients.ec2, target.actions, {
    vpcId,
    taskArn: subject.task.taskArn,
    incidentId: claim?.incident.incidentId ?? 'manual',
    // Stable across Lambda's retries and duplicate deliveries of one event (same event id);
    // a reopened incident is led by another event and gets new tokens.
    runKey: claim
      ? (subject.task.eventId ?? `${subject.origin}:${subject.task.taskArn}`)
      : `${subject.origin}:${context.requestId}`,
    onInterrupted: claim && table ? recordCreatedOnInterrupt(claim, table, clients) : undefined,
    // intents before the writes, outcomes after; no write without time to finish it.
    writeAhead: claim && table ? writeAheadTo(claim, table, clients) : undefined,
    remainingTimeMs: context.remainingTimeMs,
    now: now(),
    signal: context.signal,
  });
  await writer?.recordCreated(countCreatedEndpoints(actions));
  return actions;
}

/** When a transient failure ends the writes early, the incident still learns what was created. */
function recordCreatedOnInterrupt(claim: Claim, table: string, clients: AwsClients) {
  return async (created: readonly ActionResult[]) => {
    const ids = created.flatMap((done) => (done.status === 'created' && done.resourceId !== null ? [done.resourceId] : []));
    try {
      // No abort signal: the run may be ending because of it, and this write must still land.
      await updateIncident(clients.dynamodb, claim.incident.key, { createdResourceIds: ids }, { table });
    } catch (error) {
      assertIsError(error);
      logger.error('Recording the created resources failed', error);
    }
  };
}

function writeAheadTo(claim: Claim, table: string, clients: AwsClients) {
  // No abort signal: the outcome of writes must land even when the run is ending.
  return (entries: Parameters<typeof appendWriteAhead>[2]) =>
    appendWriteAhead(clients.dynamodb, claim.incident.key, entries, { table });
}

function unapplied(action: Action, status: 'planned' | 'skipped', note: string | null): ActionResult {
  return { action, status, resourceId: null, state: null, note };
}

async function lookupTask(request: DiagnoseRequest, runState: Run): Promise<StoppedTask> {
  const lookup = request.lookup;
  if (lookup === null) throw new InvalidRequestError('request', 'names no task to diagnose');
  const region = lookup.region ?? runState.deps.defaultRegion;
  return lookupStoppedTask(runState.deps.clientsFor(region), { ...lookup, region }, { signal: runState.context.signal });
}

async function releaseQuietly(claim: Claim, deps: RemediationDeps, clients: AwsClients): Promise<void> {
  if (!deps.config.stateTableName) return;
  try {
    await updateIncident(clients.dynamodb, claim.incident.key, { releaseLease: true }, { table: deps.config.stateTableName });
  } catch (error) {
    assertIsError(error);
    if (!(error instanceof AwsCallError)) throw error;
  }
}

export { handleRequest };
export type { RemediationDeps, RunContext };
