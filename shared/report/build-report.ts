/** Assembles the report from what a run learned. Pure. */
import type { Classification } from '../classify/classification.js';
import type { Finding } from '../diagnosis/finding.js';
import type { PathHop } from '../diagnosis/path.js';
import { type Snapshot, vpcIdOf } from '../model/snapshot.js';
import type { StoppedTask } from '../intake/request.js';
import type { ActionResult } from '../remediation/action.js';
import { type CostSummary, type IncidentSummary, type Outcome, REPORT_VERSION, type Report, type ReportTask } from './report.js';

function reportTask(task: StoppedTask, snapshot: Snapshot | null): ReportTask {
  return {
    region: task.region,
    accountId: task.accountId,
    cluster: task.clusterName,
    clusterArn: task.clusterArn,
    taskArn: task.taskArn,
    service: task.serviceName,
    group: task.group,
    taskDefinitionArn: task.taskDefinitionArn,
    launchType: task.launchType,
    platformVersion: task.platformVersion,
    availabilityZone: task.availabilityZone,
    vpcId: snapshot ? vpcIdOf(snapshot) : null,
    subnetIds: snapshot?.network.subnetIds ?? (task.subnetId ? [task.subnetId] : []),
    securityGroupIds: snapshot?.network.securityGroupIds ?? null,
    assignPublicIp: snapshot?.network.assignPublicIp ?? null,
    stopCode: task.stopCode,
    stoppedReason: task.stoppedReason,
  };
}

const DONE_STATUSES = new Set(['created', 'modified', 'already-done']);

/** What happened, from the findings and what was done about them. */
function decideOutcome(input: { dryRun: boolean; findings: Finding[]; actions: ActionResult[]; manual: Finding[] }): Outcome {
  const problems = input.findings.filter((finding) => finding.severity !== 'info');
  if (problems.length === 0) return 'healthy';
  const runnable = input.actions.filter((result) => result.status !== 'skipped');
  if (runnable.length === 0) return 'alert-only';
  if (input.dryRun) return 'would-fix';
  const failed = runnable.filter((result) => result.status === 'failed').length;
  const done = runnable.filter((result) => DONE_STATUSES.has(result.status)).length;
  if (failed > 0 && done === 0) return 'failed';
  const skipped = input.actions.length - runnable.length;
  if (failed > 0 || skipped > 0 || input.manual.length > 0) return 'partially-fixed';
  return 'fixed';
}

const OUTCOME_WORDS: Record<Outcome, string> = {
  invalid: 'Input rejected',
  ignored: 'Not a start-up failure',
  'not-network': 'Not a network problem',
  'out-of-scope': 'Out of scope',
  healthy: 'The network path is complete',
  'would-fix': 'Dry run: ecs-netfix would fix this',
  fixed: 'Fixed',
  'partially-fixed': 'Partly fixed',
  'alert-only': 'Needs a person',
  deduplicated: 'Already being handled',
  failed: 'Fix failed',
  verified: 'Endpoints verified',
  'verify-pending': 'Endpoints still pending',
  'verify-failed': 'Endpoints did not become available',
  redeployed: 'Endpoints verified, service redeployed',
  recovered: 'Service recovered',
};

function summarise(outcome: Outcome, task: ReportTask | null, findings: Finding[], note: string | null): string {
  const subject = task ? `${task.cluster}/${task.service ?? task.taskArn.split('/').pop()}` : 'request';
  const codes = findings.filter((finding) => finding.severity !== 'info').map((finding) => finding.code);
  const detail = codes.length > 0 ? `: ${codes.join(', ')}` : note ? `: ${note}` : '';
  return `${OUTCOME_WORDS[outcome]} (${subject})${detail}`;
}

interface ReportParts {
  now: Date;
  dryRun: boolean;
  outcome: Outcome;
  origin: string;
  task: StoppedTask | null;
  snapshot: Snapshot | null;
  classification: Classification | null;
  findings?: Finding[];
  path?: PathHop[];
  actions?: ActionResult[];
  cost?: CostSummary | null;
  incident?: IncidentSummary | null;
  calls: Report['calls'];
  note?: string | null;
}

function buildReport(parts: ReportParts): Report {
  const task = parts.task ? reportTask(parts.task, parts.snapshot) : null;
  const findings = parts.findings ?? [];
  const note = parts.note ?? null;
  return {
    version: REPORT_VERSION,
    generatedAt: parts.now.toISOString(),
    dryRun: parts.dryRun,
    outcome: parts.outcome,
    summary: summarise(parts.outcome, task, findings, note),
    origin: parts.origin,
    task,
    classification: parts.classification,
    findings,
    path: parts.path ?? [],
    actions: parts.actions ?? [],
    cost: parts.cost ?? null,
    incident: parts.incident ?? null,
    unknowns: parts.snapshot?.unknowns ?? [],
    calls: parts.calls,
    alert: { published: false, messageId: null, reason: null },
    note,
  };
}

export { buildReport, decideOutcome };
