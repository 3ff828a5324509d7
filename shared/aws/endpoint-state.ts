/**
 * What a VPC endpoint's state means, in one place. EC2 spells states in lower case
 * (`pendingAcceptance` too) while the SDK's enum is capitalised, so every check lower-cases.
 */

/** The endpoint exists or is on its way (and costs money): never create a second one beside it. */
const LIVE_STATES: ReadonlySet<string> = new Set(['available', 'pending', 'pendingacceptance', 'pending-acceptance']);

/**
 * The endpoint will never carry traffic. `missing` is ours: EC2 no longer knows the id.
 * Deleted endpoints stay listed for a while (and for ever in moto).
 */
const DEAD_STATES: ReadonlySet<string> = new Set(['deleted', 'deleting', 'failed', 'rejected', 'expired', 'missing']);

function isLiveEndpointState(state: string): boolean {
  return LIVE_STATES.has(state.toLowerCase());
}

function isDeadEndpointState(state: string): boolean {
  return DEAD_STATES.has(state.toLowerCase());
}

export { isDeadEndpointState, isLiveEndpointState };
