/**
 * Turns any Lambda input into a validated NetfixRequest, without AWS calls:
 * - an EventBridge "ECS Task State Change" event;
 * - a manual `{event, dryRun?}` carrying a saved event;
 * - a manual `{cluster, taskArn | service, dryRun?, region?}` lookup;
 * - the incident life-cycle events ("ECS Service Action", "ECS Deployment State Change", a RUNNING
 *   task of a service) and the verify schedule's `{verify}` (see parse-lifecycle-event.ts).
 * Anything else throws InvalidRequestError naming the field, so a bad manual invoke fails loudly
 * and a permanent failure is never retried.
 */
import { type Clock, clockOf } from '../clock.js';
import { InvalidRequestError } from '../errors.js';
import { ignoreReasonFor } from './ignore-reason.js';
import { isLifecycleEvent, parseLifecycleEvent, parseVerifyRequest } from './parse-lifecycle-event.js';
import { parseLookupRequest } from './parse-manual-request.js';
import { looksLikeEventBridgeEvent, parseTaskStateChangeEvent } from './parse-task-event.js';
import { type UnknownRecord, closedRecord, describeType, flag, isRecord, parseFields, record } from './fields.js';
import type { NetfixRequest, RequestOrigin } from './request.js';

/** `{event, dryRun?}`: a saved event replayed by hand. */
const savedEventRequest = closedRecord({ event: record({}), dryRun: flag });

interface ParseRequestDefaults {
  /** The Lambda's own region: used for a manual lookup that names no region. */
  region: string;
  /** The run's clock: the time of a life-cycle signal whose event carries none. */
  now?: Clock;
}

function parseRequest(input: unknown, defaults: ParseRequestDefaults): NetfixRequest {
  if (!isRecord(input)) {
    throw new InvalidRequestError(
      'request',
      `must be an ECS Task State Change event or a manual request object, got ${describeType(input)}`
    );
  }
  if (isLifecycleEvent(input)) return parseLifecycleEvent(input, defaults);
  if (Object.hasOwn(input, 'verify')) return parseVerifyRequest(input);
  if (looksLikeEventBridgeEvent(input)) {
    return requestFromEvent(input, 'eventbridge', '', null, clockOf(defaults));
  }
  if (Object.hasOwn(input, 'event')) {
    const saved = parseFields(savedEventRequest, input, '');
    return requestFromEvent(saved.event, 'manual-event', 'event', saved.dryRun, clockOf(defaults));
  }
  return parseLookupRequest(input, defaults);
}

function requestFromEvent(
  event: UnknownRecord,
  origin: RequestOrigin,
  path: string,
  dryRunRequested: boolean | null,
  now: Clock
): NetfixRequest {
  const parsed = parseTaskStateChangeEvent(event, { path });
  const { task } = parsed;
  // A service's task that runs is the sign its incident can close.
  if (origin === 'eventbridge' && parsed.lastStatus === 'RUNNING' && task.serviceName) {
    const at = typeof event.time === 'string' && !Number.isNaN(Date.parse(event.time)) ? event.time : now().toISOString();
    return {
      kind: 'lifecycle',
      origin,
      signal: 'task-running',
      region: task.region,
      accountId: task.accountId,
      clusterArn: task.clusterArn,
      clusterName: task.clusterName,
      serviceName: task.serviceName,
      at,
    };
  }
  const reason = ignoreReasonFor(parsed);
  if (reason !== null) return { kind: 'ignored', origin, reason, task: parsed.task };
  return { kind: 'diagnose', origin, dryRunRequested, task: parsed.task, lookup: null };
}

export { parseRequest };
