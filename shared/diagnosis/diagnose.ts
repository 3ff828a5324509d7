/**
 * Runs every check over one classification + snapshot and returns the findings (worst first,
 * then in path order) and the hop-by-hop path. Pure: nothing here calls AWS.
 *
 * A check that throws does not stop the others (as cdk-nag's applyRule does): it is recorded in
 * `checks` with status `error` and named in `unknowns`, and NO_PROBLEM_FOUND is then withheld
 * because the path was not fully checked. No finding is invented for it: findings are things to
 * fix in AWS, a crashed check is a bug in ecs-netfix.
 */
import type { Classification } from '../classify/classification.js';
import type { StoppedTask } from '../intake/request.js';
import type { Snapshot } from '../model/snapshot.js';
import type { Check, CheckRecord } from './check.js';
import type { DiagnosisInput } from './context.js';
import type { Finding, Severity } from './finding.js';
import type { PathHop } from './path.js';
import { errorMessage } from '../errors.js';
import { buildPath, pathOrderOf } from './build-path.js';
import { ALL_CHECKS } from './checks/index.js';
import { pathCompleteFinding } from './checks/path-complete.js';
import { buildDiagnosisContext } from './context.js';

interface Diagnosis {
  findings: Finding[];
  path: PathHop[];
  /** One record per check, errors included (the audit trail of what was checked). */
  checks: CheckRecord[];
  /** Checks that could not run, in words, for the report's `unknowns`. */
  unknowns: string[];
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Worst first, then along the path; causes before side findings of the same place. */
function sortFindings(findings: Finding[]): Finding[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort(
      (a, b) =>
        SEVERITY_RANK[a.finding.severity] - SEVERITY_RANK[b.finding.severity] ||
        pathOrderOf(a.finding) - pathOrderOf(b.finding) ||
        Number(b.finding.cause) - Number(a.finding.cause) ||
        a.index - b.index
    )
    .map(({ finding }) => finding);
}

function diagnose(input: DiagnosisInput, checks: readonly Check[] = ALL_CHECKS): Diagnosis {
  const context = buildDiagnosisContext(input);
  const records: CheckRecord[] = [];
  const findings: Finding[] = [];
  for (const check of checks) {
    if (check.scope === 'network' && !context.isNetworkFailure) {
      records.push({
        id: check.id,
        status: 'not-applicable',
        explanation: 'the stop reason is not a network failure',
        codes: [],
      });
      continue;
    }
    try {
      const result = check.evaluate(context);
      findings.push(...result.findings);
      records.push({
        id: check.id,
        status: result.status,
        explanation: result.explanation,
        codes: [...new Set(result.findings.map((finding) => finding.code))],
      });
    } catch (error) {
      records.push({ id: check.id, status: 'error', explanation: errorMessage(error), codes: [] });
    }
  }
  const errored = records.filter((record) => record.status === 'error');
  const complete = pathCompleteFinding(
    context,
    findings,
    errored.map((record) => record.id)
  );
  if (complete !== null) findings.push(complete);
  const sorted = sortFindings(findings);
  return {
    findings: sorted,
    path: buildPath(context, sorted),
    checks: records,
    unknowns: errored.map((record) => `check ${record.id} could not run: ${record.explanation}`),
  };
}

/** A snapshot that knows nothing, for failures that are not worth inspecting the VPC for. */
function emptySnapshot(task: StoppedTask): Snapshot {
  return {
    region: task.region,
    accountId: task.accountId,
    network: {
      subnetIds: task.subnetId === null ? [] : [task.subnetId],
      securityGroupIds: null,
      assignPublicIp: null,
      source: 'event',
    },
    service: null,
    taskDefinition: null,
    vpc: null,
    subnets: [],
    routeTables: [],
    natGateways: [],
    internetGateways: [],
    endpoints: [],
    securityGroups: [],
    networkAcls: [],
    s3PrefixListId: null,
    permissions: { evaluated: false, roleArn: null, results: [], note: 'not inspected' },
    privateZones: [],
    efsFileSystems: [],
    unknowns: ['the VPC was not inspected'],
  };
}

/**
 * Diagnosis without inspecting AWS: for stop reasons that no network change fixes (image gone,
 * registry auth, disk). Only checks that need no VPC facts say anything.
 */
function diagnoseWithoutSnapshot(input: { classification: Classification; task: StoppedTask }): Diagnosis {
  return diagnose({ ...input, snapshot: emptySnapshot(input.task) });
}

export { diagnose, diagnoseWithoutSnapshot };
