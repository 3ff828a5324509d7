/**
 * The write-ahead record of an incident's changes. Before apply writes anything, the incident
 * stores what it intends (the action: kind, VPC, service, ClientToken); after the writes, what came
 * of each. The record is cleared only when an alert that lists the changes is sent (or stored to
 * be sent), so a record still present when a run starts means an earlier attempt changed things
 * nobody was told about: the run looks them up in EC2 (by the `ecs-netfix:incident` tag, or the
 * endpoint it modified) and reports them. Pure: the store and EC2 lookups live in shared/aws.
 */
import type { Action, ActionResult } from './action.js';

interface WriteIntent {
  type: 'intent';
  /** The action (plain data), so a later run can report it without planning it again. */
  action: Action;
  /** The ClientToken of a create-endpoint call; null for writes EC2 gives no token (security group, modify). */
  clientToken: string | null;
  at: string;
}

interface WriteOutcome {
  type: 'result';
  actionId: string;
  status: ActionResult['status'];
  resourceId: string | null;
}

type WriteAheadEntry = WriteIntent | WriteOutcome;

/** What an earlier attempt set out to do, and what it heard back (null: no answer came). */
interface UnreportedWrite {
  action: Action;
  clientToken: string | null;
  outcome: WriteOutcome | null;
}

const WRITING_STATUSES: ReadonlySet<ActionResult['status']> = new Set(['created', 'modified']);

function intentFor(action: Action, clientToken: string | null, at: Date): WriteIntent {
  return { type: 'intent', action, clientToken, at: at.toISOString() };
}

function outcomeOf(result: ActionResult): WriteOutcome {
  return { type: 'result', actionId: result.action.id, status: result.status, resourceId: result.resourceId };
}

/** Parses stored entries; anything unreadable is dropped (a record never blocks a run). */
function parseEntries(raw: readonly string[]): WriteAheadEntry[] {
  const entries: WriteAheadEntry[] = [];
  for (const text of raw) {
    try {
      const entry = JSON.parse(text) as Partial<WriteAheadEntry>;
      if (entry.type === 'intent' && entry.action && typeof entry.action.id === 'string') entries.push(entry as WriteIntent);
      if (entry.type === 'result' && typeof entry.actionId === 'string') entries.push(entry as WriteOutcome);
    } catch {
      // A truncated or foreign value: skip it.
    }
  }
  return entries;
}

/** The intents of the record, each with the last outcome it got (one per action id). */
function unreportedWrites(entries: readonly WriteAheadEntry[]): UnreportedWrite[] {
  const byAction = new Map<string, UnreportedWrite>();
  for (const entry of entries) {
    if (entry.type === 'intent') {
      const known = byAction.get(entry.action.id);
      byAction.set(entry.action.id, { action: entry.action, clientToken: entry.clientToken, outcome: known?.outcome ?? null });
    } else {
      const known = byAction.get(entry.actionId);
      if (known) known.outcome = entry;
    }
  }
  return [...byAction.values()];
}

/**
 * Merges what an earlier attempt changed (found in EC2 by `found`) into this run's results: a
 * result this run calls `already-done` for a resource the earlier attempt created becomes
 * `created`; an earlier change this run did not plan again (the path is healthy now) is added.
 */
function mergeEarlierWrites(
  results: readonly ActionResult[],
  found: readonly { write: UnreportedWrite; resourceId: string; state: string | null }[]
): ActionResult[] {
  const merged = [...results];
  for (const { write, resourceId, state } of found) {
    const status: ActionResult['status'] = write.action.kind.startsWith('create-') ? 'created' : 'modified';
    const note = 'done by an earlier attempt of this incident whose answer was lost or not reported';
    const index = merged.findIndex(
      (result) => result.resourceId === resourceId || (result.action.id === write.action.id && result.status !== 'failed')
    );
    const current = index >= 0 ? merged[index] : undefined;
    // This run's own create stands; but a group an earlier attempt created, that this run only
    // completed (its rule added: "changed"), was created by this incident.
    if (current && (current.status === 'created' || (current.status === 'modified' && status === 'modified'))) continue;
    const entry: ActionResult = { action: current?.action ?? write.action, status, resourceId, state, note };
    if (index >= 0) merged[index] = entry;
    else merged.push(entry);
  }
  return merged;
}

export { WRITING_STATUSES, intentFor, mergeEarlierWrites, outcomeOf, parseEntries, unreportedWrites };
export type { UnreportedWrite, WriteAheadEntry };
