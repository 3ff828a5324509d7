/**
 * One run, from whatever reached the function to the report: intake -> classify -> guardrails ->
 * incident -> inspect -> diagnose -> plan -> apply or not -> alert -> audit. The handler and the
 * CLI both call this; it decides nothing itself that a pure module can decide.
 */
import { classifyTaskFailure } from '../classify/classify.js';
import { isNetworkCategory } from '../classify/classification.js';
import type { Config } from '../config.js';
import { diagnose, diagnoseWithoutSnapshot } from '../diagnosis/diagnose.js';
import { AwsCallError, InvalidRequestError, assertIsError } from '../errors.js';
import { claimIncident, type Claim } from '../incidents/claim.js';
import { gatherSnapshot } from '../inspect/gather.js';
import { lookupStoppedTask } from '../inspect/lookup-task.js';
import type { PermissionChecker } from '../inspect/permissions.js';
import type { Snapshot } from '../inspect/snapshot.js';
import { parseRequest } from '../intake/parse-request.js';
import { type DiagnoseRequest, type StoppedTask, isAutomatedOrigin } from '../intake/request.js';
import { applyPlan } from '../remediation/apply.js';
import type { ActionResult } from '../remediation/action.js';
import { estimatePlanCost } from '../remediation/cost.js';
import { checkClusterScope, checkNetworkScope, resolveDryRun } from '../remediation/guardrails.js';
import { planRemediation } from '../remediation/plan.js';
import { buildReport, decideOutcome } from '../report/build-report.js';
import type { Outcome, Report } from '../report/report.js';
import type { AwsClients } from '../aws/clients.js';
import { CallLedger, runInLedger } from '../aws/call-ledger.js';
import { updateIncident } from '../aws/incident-store.js';
import { finishIncident, resendPendingAlert } from './finish-incident.js';
import { closeIncidents, verifyIncident } from './follow-up.js';

interface RemediationDeps {
  config: Config;
  /** Clients for a region (built once per region and reused). */
  clientsFor: (region: string) => AwsClients;
  permissionsFor: (clients: AwsClients) => PermissionChecker;
  defaultRegion: string;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

interface RunContext {
  /** Lambda request id, or a CLI run id. */
  requestId: string;
  signal?: AbortSignal;
  /** The CLI passes false: it prints the report instead of alerting. */
  allowAlerts?: boolean;
}

/** How long a leader may hold an incident: longer than the function's timeout. */
const LEASE_MS = 5 * 60 * 1000;

async function remediateTask(input: unknown, deps: RemediationDeps, context: RunContext): Promise<Report> {
  const ledger = new CallLedger();
  const report = await runInLedger(ledger, () => run(input, deps, context, ledger));
  // Counted at the very end, so the alert, the audit event and the incident updates are in it.
  report.calls = { total: ledger.total, byOperation: ledger.byOperation() };
  return report;
}

async function run(input: unknown, deps: RemediationDeps, context: RunContext, ledger: CallLedger): Promise<Report> {
  const now = deps.now ?? (() => new Date());
  const calls = () => ({ total: ledger.total, byOperation: ledger.byOperation() });
  const early = (
    outcome: Outcome,
    note: string,
    extra: { origin?: string; task?: StoppedTask | null; dryRun?: boolean; classification?: Report['classification'] } = {}
  ): Report =>
    buildReport({
      now: now(),
      dryRun: extra.dryRun ?? deps.config.dryRun,
      outcome,
      origin: extra.origin ?? 'unknown',
      task: extra.task ?? null,
      snapshot: null,
      classification: extra.classification ?? null,
      calls: calls(),
      note,
    });

  let request: ReturnType<typeof parseRequest>;
  try {
    request = parseRequest(input, { region: deps.defaultRegion });
  } catch (error) {
    assertIsError(error);
    if (error instanceof InvalidRequestError) return early('invalid', error.message);
    throw error;
  }
  if (request.kind === 'ignored') {
    return early('ignored', request.reason, { origin: request.origin, task: request.task });
  }
  if (request.kind === 'verify' || request.kind === 'lifecycle') {
    const table = deps.config.stateTableName;
    if (!table) return early('ignored', 'incidents need STATE_TABLE_NAME', { origin: request.origin });
    const tools = { deps, context, clients: deps.clientsFor(request.region), table, calls };
    return request.kind === 'verify' ? verifyIncident(request, tools) : closeIncidents(request, tools);
  }

  const dryRun = resolveDryRun(deps.config.dryRun, request.dryRunRequested);
  const task = request.task ?? (await lookupTask(request, deps, context));
  const region = task.region;
  const classification = classifyTaskFailure(
    task.stoppedReason,
    task.containerReasons.map((entry) => entry.reason)
  );
  const base = { origin: request.origin, task, dryRun, classification };

  const clusterScope = checkClusterScope(deps.config, task);
  if (!clusterScope.inScope) return early('out-of-scope', clusterScope.reason, base);

  const inspectable = isNetworkCategory(classification.category) || classification.category === 'iam_permission_denied';
  if (!inspectable) {
    // No network change fixes these: say what the real problem is without reading the VPC.
    const diagnosis = diagnoseWithoutSnapshot({ classification, task });
    return buildReport({
      now: now(),
      dryRun,
      outcome: 'not-network',
      origin: request.origin,
      task,
      snapshot: null,
      classification,
      findings: diagnosis.findings,
      path: diagnosis.path,
      calls: calls(),
    });
  }

  const clients = deps.clientsFor(region);
  // Only failures that ECS reported join an incident; a person's manual run always gets an answer.
  let claim: Claim | null = null;
  if (isAutomatedOrigin(request.origin) && deps.config.stateTableName) {
    claim = await claimIncident(
      clients.dynamodb,
      { table: deps.config.stateTableName, signal: context.signal },
      {
        task,
        category: classification.category,
        leaderId: task.eventId ?? `${request.origin}:${task.taskArn}`,
        nowMs: now().getTime(),
        leaseMs: LEASE_MS,
        ttlHours: deps.config.incidentTtlHours,
        mode: dryRun ? 'dry-run' : 'live',
      }
    );
    if (claim.role.role === 'resend') {
      const report = early('deduplicated', 'this incident was handled; its alert had failed and was sent now', base);
      return await resendPendingAlert(report, claim, deps, context, clients);
    }
    if (claim.role.role === 'follower') {
      const report = early('deduplicated', claim.role.reason, base);
      report.incident = {
        incidentId: claim.incident.incidentId,
        failureCount: claim.incident.taskIds.length,
        firstFailureAt: claim.incident.timeline.firstFailureAt,
        state: claim.incident.state,
        leader: false,
      };
      return report;
    }
  }

  try {
    ledger.nextRound();
    const snapshot = await gatherSnapshot(clients, task, {
      permissions: deps.permissionsFor(clients),
      signal: context.signal,
    });
    const networkScope = checkNetworkScope(deps.config, snapshot);
    const diagnosis = diagnose({ classification, snapshot, task });
    if (!networkScope.inScope) {
      const report = buildReport({
        now: now(),
        dryRun,
        outcome: 'out-of-scope',
        origin: request.origin,
        task,
        snapshot,
        classification,
        findings: diagnosis.findings,
        path: diagnosis.path,
        calls: calls(),
        note: networkScope.reason,
      });
      return await finishIncident(report, claim, deps, context, clients);
    }
    const plan = planRemediation(diagnosis.findings, snapshot, {
      region,
      maxEndpointsPerRun: deps.config.maxEndpointsPerRun,
    });
    const vpcId = vpcIdOf(snapshot);
    let actions: ActionResult[];
    if (!dryRun && plan.actions.length > 0 && vpcId) {
      ledger.nextRound();
      actions = await applyPlan(clients.ec2, plan.actions, {
        vpcId,
        taskArn: task.taskArn,
        incidentId: claim?.incident.incidentId ?? `manual-${now().toISOString().slice(0, 10)}`,
        now: now(),
        signal: context.signal,
      });
    } else {
      actions = plan.actions.map((action) => ({ action, status: 'planned', resourceId: null, state: null, note: null }));
    }
    actions.push(
      ...plan.skipped.map(({ action, reason }) => ({
        action,
        status: 'skipped' as const,
        resourceId: null,
        state: null,
        note: reason,
      }))
    );
    const outcome = decideOutcome({ dryRun, findings: diagnosis.findings, actions, manual: plan.manual });
    const report = buildReport({
      now: now(),
      dryRun,
      outcome,
      origin: request.origin,
      task,
      snapshot,
      classification,
      findings: diagnosis.findings,
      path: diagnosis.path,
      actions,
      cost: plan.actions.length > 0 ? estimatePlanCost(plan.actions, region) : null,
      calls: calls(),
    });
    return await finishIncident(report, claim, deps, context, clients);
  } catch (error) {
    // Give the incident back so Lambda's retry of this event (same event id) or the next failure
    // can lead again; then let the retry/dead-letter path take over.
    assertIsError(error);
    if (claim) await releaseQuietly(claim, deps, clients);
    throw error;
  }
}

function vpcIdOf(snapshot: Snapshot): string | null {
  return snapshot.vpc?.vpcId ?? snapshot.subnets[0]?.vpcId ?? null;
}

async function lookupTask(request: DiagnoseRequest, deps: RemediationDeps, context: RunContext): Promise<StoppedTask> {
  const lookup = request.lookup;
  if (lookup === null) throw new InvalidRequestError('request', 'names no task to diagnose');
  const region = lookup.region ?? deps.defaultRegion;
  return lookupStoppedTask(deps.clientsFor(region), { ...lookup, region }, { signal: context.signal });
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

export { LEASE_MS, remediateTask };
export type { RemediationDeps, RunContext };
