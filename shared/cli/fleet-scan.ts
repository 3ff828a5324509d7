/**
 * `scan` over many accounts and regions: each account-region is scanned on its own, a few at a
 * time, and one that cannot be scanned (its role cannot be assumed, a region is not enabled, a
 * call is denied) becomes a row with the error instead of ending the run.
 */
import { listClusterArns } from '../aws/ecs-list.js';
import { assessClusterServices, findClusterServices } from './assess-services.js';
import type { ClusterServices } from './assess-services.js';
import type { AwsSession } from './aws-session.js';
import { explainAwsError } from './explain-aws-error.js';
import type { AwsTargetHint } from './explain-aws-error.js';
import { mapLimited } from './map-limited.js';
import type { ServiceReadiness } from './service-readiness.js';

/** Account-regions scanned at once; each checks CONCURRENT_CHECKS services at once. EC2's rate limit is per account and region. */
const CONCURRENT_ACCOUNT_REGIONS = 4;

interface AccountRegion {
  account: string;
  region: string;
}

type FleetRow = AccountRegion & ServiceReadiness;

interface FleetError extends AccountRegion {
  /** One line: what went wrong (the CLI's explanation when it has one). */
  error: string;
}

interface FleetScan {
  accounts: string[];
  regions: string[];
  results: FleetRow[];
  errors: FleetError[];
}

interface RegionScanOptions {
  /** Only these clusters (default: every cluster of the region). */
  clusters: readonly string[];
  /** Called once the services are known, before any is checked (to size a progress bar). */
  onListed?: (groups: readonly ClusterServices[]) => void;
  onServiceDone?: (result: ServiceReadiness) => void;
}

/** What `scan` does in one account and region: list clusters, describe services in batches, check each. */
async function scanRegion(session: AwsSession, region: string, options: RegionScanOptions): Promise<ServiceReadiness[]> {
  const clients = session.clientsFor(region);
  const clusters = options.clusters.length > 0 ? options.clusters : await listClusterArns(clients.ecs);
  const groups: ClusterServices[] = [];
  for (const cluster of clusters) groups.push(await findClusterServices(clients, cluster, null));
  options.onListed?.(groups);
  return assessClusterServices(clients, groups, {
    permissions: session.permissionsFor(clients),
    region,
    ...(options.onServiceDone ? { onServiceDone: options.onServiceDone } : {}),
  });
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? text).slice(0, 300);
}

function describeFailure(error: unknown, hint: AwsTargetHint): string {
  const explanation = explainAwsError(error, hint);
  if (explanation !== null) return firstLine(explanation.problem);
  return firstLine(error instanceof Error ? error.message : String(error));
}

interface FleetScanOptions {
  accounts: readonly string[];
  regions: readonly string[];
  clusters: readonly string[];
  profile: string | null;
  /** The session of one account (assumes its role unless it is the caller's own). */
  sessionFor: (account: string) => Promise<AwsSession>;
  /** Once per account-region, done or failed (progress bars). */
  onDone?: (unit: AccountRegion) => void;
  concurrency?: number;
}

async function scanFleet(options: FleetScanOptions): Promise<FleetScan> {
  const units = options.accounts.flatMap((account) => options.regions.map((region) => ({ account, region })));
  const outcomes = await mapLimited(units, options.concurrency ?? CONCURRENT_ACCOUNT_REGIONS, async (unit) => {
    try {
      const session = await options.sessionFor(unit.account);
      const results = await scanRegion(session, unit.region, { clusters: options.clusters });
      return { rows: results.map((result): FleetRow => ({ ...unit, ...result })), error: null };
    } catch (error) {
      return { rows: [], error: { ...unit, error: describeFailure(error, { region: unit.region, profile: options.profile }) } };
    } finally {
      options.onDone?.(unit);
    }
  });
  return {
    accounts: [...options.accounts],
    regions: [...options.regions],
    results: sortFleet(outcomes.flatMap((outcome) => outcome.rows)),
    errors: outcomes.flatMap((outcome) => (outcome.error === null ? [] : [outcome.error])),
  };
}

const RISK_RANK: Record<string, number> = { error: 0, warning: 1, info: 2 };

/** At risk first, as `scan` in one region; then by account, region, cluster and service. */
function sortFleet(rows: readonly FleetRow[]): FleetRow[] {
  const rank = (row: FleetRow) => (row.worstSeverity === null ? 3 : (RISK_RANK[row.worstSeverity] ?? 3));
  return [...rows].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      a.account.localeCompare(b.account) ||
      a.region.localeCompare(b.region) ||
      a.cluster.localeCompare(b.cluster) ||
      a.service.localeCompare(b.service)
  );
}

export { scanFleet, scanRegion };
export type { FleetScan };
