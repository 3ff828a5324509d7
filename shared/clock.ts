/**
 * The one clock: code that needs the time takes `now` from its dependencies (tests pass a fixed
 * one) and falls back to the system clock here, not to its own `new Date()`.
 */
type Clock = () => Date;

const systemClock: Clock = () => new Date();

/** The clock the caller passed, or the system clock. */
function clockOf(deps: { now?: Clock }): Clock {
  return deps.now ?? systemClock;
}

export { clockOf, systemClock };
export type { Clock };
