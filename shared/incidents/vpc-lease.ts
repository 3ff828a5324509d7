/**
 * One writer per VPC. Incidents are per service, so two services of one VPC that fail together
 * each have a leader, and both would see the same endpoints missing. Before a live run reads the
 * VPC it takes a short lease on the VPC in the state table; the second leader waits, then reads
 * a VPC that the first one has already fixed. The lease expires on its own (a crashed holder
 * blocks for at most VPC_LEASE_MS), and the same item family counts the endpoints created in the
 * VPC per window, so MAX_ENDPOINTS_PER_RUN also caps what N incidents can create together.
 * Pure: keys, windows and the remaining budget; shared/aws/vpc-lease.ts stores.
 */

/** Longer than the function's 60 s timeout: a running holder never loses its lease. */
const VPC_LEASE_MS = 90 * 1000;
/** How long a leader waits for the VPC before it gives up and lets Lambda retry the event. */
const VPC_LEASE_WAIT_MS = 20 * 1000;
const VPC_LEASE_POLL_MS = 500;
/** MAX_ENDPOINTS_PER_RUN endpoints at most per VPC in each such window. */
const ENDPOINT_WINDOW_MS = 60 * 60 * 1000;

interface VpcLeaseKey {
  pk: string;
  sk: string;
}

/** Where a VPC lives: VPC ids are unique per account and region only, so both are in its key. */
interface VpcPlace {
  region: string;
  /** Null when the event named none (a single-account deployment's own account). */
  accountId: string | null;
  vpcId: string;
}

/** All of a VPC's items share one partition key (the incidents use `INCIDENT#...`). */
function vpcPartitionKey(place: VpcPlace): string {
  return `VPC#${place.region}#${place.accountId ?? '-'}#${place.vpcId}`;
}

function vpcLeaseKey(place: VpcPlace): VpcLeaseKey {
  return { pk: vpcPartitionKey(place), sk: 'lease' };
}

/** The counter of endpoints created in the window that contains `nowMs`. */
function endpointWindowKey(place: VpcPlace, nowMs: number): VpcLeaseKey {
  const start = Math.floor(nowMs / ENDPOINT_WINDOW_MS) * ENDPOINT_WINDOW_MS;
  return { pk: vpcPartitionKey(place), sk: `endpoints#${new Date(start).toISOString()}` };
}

/** Epoch seconds after which the table's TTL may drop an item: the window (or lease) plus a day. */
function expiresAtFor(nowMs: number): number {
  return Math.floor((nowMs + ENDPOINT_WINDOW_MS) / 1000) + 24 * 3600;
}

interface EndpointBudget {
  /** Endpoints this run may still create in the VPC. */
  remaining: number;
  /** Why a run may create fewer than MAX_ENDPOINTS_PER_RUN (null when the window is untouched). */
  reason: string | null;
}

/** What the VPC's window leaves for this run. */
function endpointBudget(maxPerWindow: number, createdInWindow: number, vpcId: string): EndpointBudget {
  const remaining = Math.max(0, maxPerWindow - createdInWindow);
  if (createdInWindow === 0) return { remaining, reason: null };
  return {
    remaining,
    reason: `MAX_ENDPOINTS_PER_RUN (${maxPerWindow}) per VPC per hour reached: ${createdInWindow} endpoint(s) were already created in ${vpcId} this hour`,
  };
}

export {
  ENDPOINT_WINDOW_MS,
  VPC_LEASE_MS,
  VPC_LEASE_POLL_MS,
  VPC_LEASE_WAIT_MS,
  endpointBudget,
  endpointWindowKey,
  expiresAtFor,
  vpcLeaseKey,
};
export type { EndpointBudget, VpcLeaseKey, VpcPlace };
