/**
 * The incident state machine in one table: which event may move an incident from which states to
 * which. Every state-changing write asks `incidentMove` for its state and the store's condition,
 * so a write can never land on an incident another invocation moved meanwhile (the store turns
 * `onlyIfStateIn` into a DynamoDB condition). Pure.
 *
 * Opening (and reopening) an incident is not in this table: the claim decides it with
 * `decideRole` and settles races with the item's version, not its state.
 */
import type { IncidentState } from './incident.js';

type IncidentEvent =
  /** The leader's run ended: it alerted, fixed, or found the VPC healthy. */
  | 'run-finished'
  /** The fix's endpoints failed or stayed pending: a person must act. */
  | 'verify-failed'
  /** The fix's endpoints are available (the verify run claims this step before it redeploys). */
  | 'verify-passed'
  /** The redeploy failed transiently: the step goes back for the schedule's retry. */
  | 'redeploy-given-back'
  /** A new deployment was forced after the verified fix. */
  | 'redeployed'
  /** A recovery signal (a task runs again): the incident is over. */
  | 'recovered';

interface Transition {
  from: readonly IncidentState[];
  to: readonly IncidentState[];
}

const INCIDENT_TRANSITIONS: Readonly<Record<IncidentEvent, Transition>> = {
  // A recovery signal may have closed the incident meanwhile: never reopen it from here.
  'run-finished': { from: ['open'], to: ['alerted', 'fixed', 'verified', 'redeployed'] },
  'verify-failed': { from: ['fixed'], to: ['alerted'] },
  'verify-passed': { from: ['fixed'], to: ['verified'] },
  'redeploy-given-back': { from: ['verified'], to: ['fixed'] },
  redeployed: { from: ['verified'], to: ['redeployed'] },
  recovered: { from: ['open', 'alerted', 'fixed', 'verified', 'redeployed'], to: ['recovered'] },
};

/** The change a writer hands the store: the new state, applied only from the allowed states. */
interface IncidentMove {
  state: IncidentState;
  onlyIfStateIn: IncidentState[];
}

function canTransition(from: IncidentState, event: IncidentEvent, to: IncidentState): boolean {
  const transition = INCIDENT_TRANSITIONS[event];
  return transition.from.includes(from) && transition.to.includes(to);
}

/** The guarded state change for `event`; a target the table does not allow is a bug, so it throws. */
function incidentMove(event: IncidentEvent, to: IncidentState): IncidentMove {
  const transition = INCIDENT_TRANSITIONS[event];
  if (!transition.to.includes(to)) {
    throw new Error(`Incident event ${event} cannot lead to ${to} (allowed: ${transition.to.join(', ')})`);
  }
  return { state: to, onlyIfStateIn: [...transition.from] };
}

export { INCIDENT_TRANSITIONS, canTransition, incidentMove };
export type { IncidentEvent };
