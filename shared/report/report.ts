/** The one JSON document every run produces: the same from the CLI and the Lambda. */
import type { Classification } from '../classify/classification.js';
import type { Finding } from '../diagnosis/finding.js';
import type { PathHop } from '../diagnosis/path.js';
import type { ActionResult } from '../remediation/action.js';

const REPORT_VERSION = '1.0';

/**
 * - `ignored`: not a start-up failure (running task, user stop, app exit).
 * - `not-network`: a start-up failure that no network change fixes (image gone, auth, disk).
 * - `out-of-scope`: outside the allowlists, or opted out by tag.
 * - `healthy`: the path is complete now; nothing to do.
 * - `would-fix`: dry run; the plan lists what would be created.
 * - `fixed` / `partially-fixed`: apply ran.
 * - `alert-only`: problems that only a person can fix (NAT, IAM, SG, NACL, DNS).
 * - `deduplicated`: part of an incident another invocation is handling.
 * - `failed`: an apply step failed; see actions.
 * - `verified` / `verify-pending` / `verify-failed` / `redeployed` / `recovered`: the incident's
 *   follow-up steps (docs/operations.md, "Incident life cycle").
 * - `invalid`: the input was malformed; `note` names the field. No AWS call was made.
 */
type Outcome =
  | 'invalid'
  | 'ignored'
  | 'not-network'
  | 'out-of-scope'
  | 'healthy'
  | 'would-fix'
  | 'fixed'
  | 'partially-fixed'
  | 'alert-only'
  | 'deduplicated'
  | 'failed'
  | 'verified'
  | 'verify-pending'
  | 'verify-failed'
  | 'redeployed'
  | 'recovered';

interface ReportTask {
  region: string;
  accountId: string | null;
  cluster: string;
  clusterArn: string;
  taskArn: string;
  service: string | null;
  group: string | null;
  taskDefinitionArn: string | null;
  launchType: string | null;
  platformVersion: string | null;
  availabilityZone: string | null;
  vpcId: string | null;
  subnetIds: string[];
  securityGroupIds: string[] | null;
  assignPublicIp: boolean | null;
  stopCode: string | null;
  stoppedReason: string | null;
}

interface CostSummary {
  /** What the plan adds per month. */
  planMonthlyUsd: number;
  /** The NAT gateway alternative for the same AZs. */
  natAlternativeMonthlyUsd: number;
  pricesAsOf: string;
  region: string;
  note: string;
}

interface IncidentSummary {
  incidentId: string;
  /** Failures counted so far (distinct tasks). */
  failureCount: number;
  firstFailureAt: string;
  state: string;
  leader: boolean;
  /** ISO times of each step: firstFailureAt, alertedAt, fixedAt, verifiedAt, redeployedAt, recoveredAt. */
  timeline?: Record<string, string>;
  /** First failure to running again, once recovered. */
  timeToRecoverySeconds?: number | null;
}

/** Hub mode (issue 15): the member account a run acted in, as alerts and audit events name it. */
interface AccountPlace {
  accountId: string;
  /** From iam:ListAccountAliases in that account; null when it has none or the call was refused. */
  alias: string | null;
  region: string;
}

interface Report {
  version: typeof REPORT_VERSION;
  generatedAt: string;
  dryRun: boolean;
  outcome: Outcome;
  /** One line for people: what happened. */
  summary: string;
  origin: string;
  task: ReportTask | null;
  classification: Classification | null;
  findings: Finding[];
  path: PathHop[];
  actions: ActionResult[];
  cost: CostSummary | null;
  incident: IncidentSummary | null;
  /** What could not be known (e.g. a standalone task's security groups). */
  unknowns: string[];
  /** AWS calls made for this report, by `Service.Operation`. */
  calls: { total: number; byOperation: Record<string, number> };
  alert: { published: boolean; messageId: string | null; reason: string | null };
  /** Why the run stopped early (ignored, out of scope, invalid input), in plain words. */
  note: string | null;
  /** Set by a hub only: a single-account deployment's reports and alerts stay as they were. */
  account?: AccountPlace;
}

export { REPORT_VERSION };
export type { AccountPlace, CostSummary, IncidentSummary, Outcome, Report, ReportTask };
