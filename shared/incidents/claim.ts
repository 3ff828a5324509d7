/**
 * Joins an invocation to its incident: either it becomes the leader (diagnose, fix, alert) or it
 * counts its task as a follower. Races between concurrent invocations are settled by the store's
 * conditional write; the loser re-reads and decides again.
 */
import type { Category } from '../classify/classification.js';
import type { DynamoDbClient } from '../aws/clients.js';
import type { StoppedTask } from '../intake/request.js';
import { type StoreOptions, addFailure, readIncident, takeOverIncident, writeIncidentIfVersion } from '../aws/incident-store.js';
import { NetfixError } from '../errors.js';
import { type Incident, type Role, type RunMode, decideRole, incidentKeyFor, newIncidentId } from './incident.js';

interface ClaimInput {
  task: StoppedTask;
  category: Category;
  /** The event id (stable across Lambda's retries of one event). */
  leaderId: string;
  nowMs: number;
  /** How long a leader may hold the incident before another invocation may take over. */
  leaseMs: number;
  ttlHours: number;
  mode: RunMode;
  /** How long a `fixed` incident waits for its verification before new failures lead again. */
  fixedStaleAfterMs?: number;
  /** The Lambda request id (the same for Lambda's retries of one event; see owesPendingAlert). */
  requestId?: string;
}

interface Claim {
  role: Role;
  incident: Incident;
}

const MAX_RACES = 5;

function startIncident(input: ClaimInput, previous: Incident | null): Incident {
  const key = incidentKeyFor(input.task, input.category);
  const now = new Date(input.nowMs).toISOString();
  return {
    key,
    incidentId: newIncidentId(key, input.nowMs),
    region: input.task.region,
    accountId: input.task.accountId,
    cluster: input.task.clusterName,
    service: input.task.serviceName,
    vpcId: null,
    state: 'open',
    version: (previous?.version ?? 0) + 1,
    leader: input.leaderId,
    leaseUntil: input.nowMs + input.leaseMs,
    taskIds: [input.task.taskId],
    timeline: { firstFailureAt: now, lastFailureAt: now },
    createdResourceIds: [],
    category: input.category,
    mode: input.mode,
    pendingAlert: null,
    expiresAt: Math.floor(input.nowMs / 1000) + input.ttlHours * 3600,
  };
}

async function claimIncident(ddb: DynamoDbClient, store: StoreOptions, input: ClaimInput): Promise<Claim> {
  const key = incidentKeyFor(input.task, input.category);
  for (let attempt = 0; attempt < MAX_RACES; attempt += 1) {
    const existing = await readIncident(ddb, key, store);
    const role = decideRole(existing, input.leaderId, input.nowMs, input.mode, input.fixedStaleAfterMs, input.requestId);
    const lease = { leader: input.leaderId, leaseUntil: input.nowMs + input.leaseMs };
    if (role.role === 'resend' && existing) {
      const taken = await takeOverIncident(ddb, key, lease, existing.version, store);
      if (taken) return { role, incident: taken };
      continue;
    }
    if (role.role === 'leader' && (role.startsNewIncident || existing === null)) {
      const next = startIncident(input, existing);
      if (await writeIncidentIfVersion(ddb, next, existing?.version ?? null, store)) return { role, incident: next };
      continue;
    }
    if (role.role === 'leader' && existing) {
      const failure = {
        taskId: input.task.taskId,
        at: new Date(input.nowMs).toISOString(),
        state: 'open' as const,
        category: input.category,
        mode: input.mode,
      };
      const taken = await takeOverIncident(ddb, key, { ...lease, failure }, existing.version, store);
      if (taken) return { role, incident: taken };
      continue;
    }
    const counted = await addFailure(ddb, key, input.task.taskId, new Date(input.nowMs).toISOString(), store);
    if (counted) return { role, incident: counted };
  }
  throw new NetfixError(`Could not join incident ${key.pk} after ${MAX_RACES} attempts`, {
    resource: key.pk,
  });
}

export { claimIncident };
export type { Claim, ClaimInput };
