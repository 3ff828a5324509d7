/**
 * Counts every AWS call made on behalf of one event, so budgets ("each Describe API at most once
 * per event") are testable and reported. Kept in AsyncLocalStorage so that concurrent
 * invocations in one process (tests, the burst benchmark) never mix their counts.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

interface CallRecord {
  operation: string;
  /** 1-based sequential round, see `nextRound`. */
  round: number;
}

class CallLedger {
  public readonly calls: CallRecord[] = [];
  private round = 1;

  public record(operation: string): void {
    this.calls.push({ operation, round: this.round });
  }

  /** Marks the start of a new sequential round of calls (for the "at most 3 rounds" budget). */
  public nextRound(): void {
    this.round += 1;
  }

  public get total(): number {
    return this.calls.length;
  }

  public byOperation(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const call of this.calls) counts[call.operation] = (counts[call.operation] ?? 0) + 1;
    return counts;
  }

  /** Rounds that actually made calls. */
  public roundsUsed(): number {
    return new Set(this.calls.map((call) => call.round)).size;
  }
}

const storage = new AsyncLocalStorage<CallLedger>();

/** Runs `work` with a fresh ledger and returns both its result and the ledger. */
async function withCallLedger<T>(work: () => Promise<T>): Promise<{ result: T; ledger: CallLedger }> {
  const ledger = new CallLedger();
  const result = await storage.run(ledger, work);
  return { result, ledger };
}

/** Runs `work` in a given ledger (so a caller can read the counts even when `work` throws). */
function runInLedger<T>(ledger: CallLedger, work: () => Promise<T>): Promise<T> {
  return storage.run(ledger, work);
}

function currentLedger(): CallLedger | undefined {
  return storage.getStore();
}

export { CallLedger, currentLedger, runInLedger, withCallLedger };
