/**
 * Decides whether a task state change is a start-up failure ecs-netfix should diagnose, and if
 * not, says why in words a person reading the log understands.
 * Stop codes: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-error-codes.html
 */
import { isStartupFailureText } from '../classify/classify.js';
import type { ParsedTaskEvent } from './parse-task-event.js';

/**
 * Stop codes that mean someone or something chose to stop the task. Their reasons can quote
 * old failures, so they are ignored before any text is read.
 */
const DELIBERATE_STOP_CODES: Readonly<Record<string, string>> = {
  UserInitiated: 'the task was stopped by a user or an API call (stopCode UserInitiated)',
  ServiceSchedulerInitiated: 'the service scheduler stopped the task (stopCode ServiceSchedulerInitiated)',
  SpotInterruption: 'Fargate Spot reclaimed the capacity (stopCode SpotInterruption)',
  TerminationNotice: 'the underlying capacity is being terminated (stopCode TerminationNotice)',
};

/** Null when the event is a start-up failure to diagnose; otherwise why it is not ours. */
function ignoreReasonFor(parsed: ParsedTaskEvent): string | null {
  const { task, lastStatus, exitedContainers } = parsed;
  if (lastStatus !== 'STOPPED') {
    return `the task is ${lastStatus}, not STOPPED: only stopped tasks can have failed to start`;
  }
  const deliberate = task.stopCode === null ? undefined : DELIBERATE_STOP_CODES[task.stopCode];
  if (deliberate !== undefined) return deliberate;

  // Reason text decides: `EssentialContainerExited` can carry a container's
  // `CannotPullContainerError`, and `TaskFailedToStart` can be a placement problem.
  const reasons = [task.stoppedReason, ...task.containerReasons.map((entry) => entry.reason)];
  if (reasons.some((reason) => reason !== null && isStartupFailureText(reason))) return null;

  const exited = exitedContainers[0];
  if (exited !== undefined) {
    return `container ${exited.container} exited with code ${exited.exitCode}: the application stopped after it started, which no network fix changes`;
  }
  return 'no stop reason names an image, secret or registry start-up failure';
}

export { ignoreReasonFor };
