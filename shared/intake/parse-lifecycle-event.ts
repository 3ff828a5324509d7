/**
 * Reads the ECS events that tell how an incident goes on, and the verify request of ecs-netfix's
 * own schedule:
 * - "ECS Service Action" SERVICE_TASK_START_IMPAIRED: a service cannot start tasks (one event per
 *   service, no task in it): diagnose the service's most recent stopped task;
 * - "ECS Service Action" SERVICE_STEADY_STATE and "ECS Deployment State Change"
 *   SERVICE_DEPLOYMENT_COMPLETED: the service runs again;
 * - `{"verify": {"pk", "sk", "attempt"}}`: follow the created endpoints to `available`.
 * Event shapes: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_service_events.html
 */
import { type Clock, clockOf } from '../clock.js';
import { InvalidRequestError } from '../errors.js';
import { isRegionName, parseClusterArn, parseServiceArn } from './ecs-arn.js';
import * as v from 'valibot';
import {
  type UnknownRecord,
  closedRecord,
  finiteNumber,
  list,
  parseFields,
  record,
  requiredIdentifier,
  identifier,
} from './fields.js';
import type { DiagnoseRequest, IgnoredRequest, LifecycleRequest, VerifyRequest } from './request.js';

const SERVICE_ACTION = 'ECS Service Action';
const DEPLOYMENT_STATE_CHANGE = 'ECS Deployment State Change';
const LIFECYCLE_DETAIL_TYPES: ReadonlySet<string> = new Set([SERVICE_ACTION, DEPLOYMENT_STATE_CHANGE]);

function isLifecycleEvent(record: UnknownRecord): boolean {
  return (
    record.source === 'aws.ecs' && typeof record['detail-type'] === 'string' && LIFECYCLE_DETAIL_TYPES.has(record['detail-type'])
  );
}

interface ServiceRef {
  region: string;
  accountId: string | null;
  clusterArn: string;
  clusterName: string;
  serviceName: string;
}

const lifecycleEvent = v.looseObject({
  detail: record({ eventName: requiredIdentifier, clusterArn: identifier }),
  resources: list(v.unknown()),
  time: v.unknown(),
});

type LifecycleEvent = v.InferOutput<typeof lifecycleEvent>;

/** The service the event is about: from `resources[0]` (a service ARN) and `detail.clusterArn`. */
function serviceRefOf(event: LifecycleEvent): ServiceRef {
  const serviceArn = typeof event.resources[0] === 'string' ? event.resources[0] : '';
  const service = parseServiceArn(serviceArn);
  if (service === null) {
    throw new InvalidRequestError('resources[0]', 'must be an ECS service ARN');
  }
  const clusterArnText = event.detail.clusterArn;
  const cluster = clusterArnText ? parseClusterArn(clusterArnText) : null;
  if (clusterArnText && cluster === null) {
    throw new InvalidRequestError('detail.clusterArn', 'must be an ECS cluster ARN');
  }
  const clusterName = cluster?.clusterName ?? service.clusterName;
  if (!clusterName) {
    throw new InvalidRequestError('detail.clusterArn', 'is required when the service ARN names no cluster');
  }
  return {
    region: service.region,
    accountId: service.accountId,
    clusterArn: `arn:${service.partition}:ecs:${service.region}:${service.accountId}:cluster/${clusterName}`,
    clusterName,
    serviceName: service.serviceName,
  };
}

function parseLifecycleEvent(
  input: UnknownRecord,
  defaults: { region: string; now?: Clock }
): DiagnoseRequest | LifecycleRequest | IgnoredRequest {
  const event = parseFields(lifecycleEvent, input, '');
  const detailType = input['detail-type'];
  const eventName = event.detail.eventName;
  const service = serviceRefOf(event);
  const at =
    (typeof event.time === 'string' && !Number.isNaN(Date.parse(event.time)) ? event.time : null) ??
    clockOf(defaults)().toISOString();

  if (detailType === SERVICE_ACTION && eventName === 'SERVICE_TASK_START_IMPAIRED') {
    return {
      kind: 'diagnose',
      origin: 'service-action',
      dryRunRequested: null,
      task: null,
      lookup: { region: service.region || defaults.region, cluster: service.clusterName, service: service.serviceName },
    };
  }
  const recovered =
    (detailType === SERVICE_ACTION && eventName === 'SERVICE_STEADY_STATE') ||
    (detailType === DEPLOYMENT_STATE_CHANGE && eventName === 'SERVICE_DEPLOYMENT_COMPLETED');
  if (recovered) {
    return {
      kind: 'lifecycle',
      origin: 'eventbridge',
      signal: eventName === 'SERVICE_STEADY_STATE' ? 'steady-state' : 'deployment-completed',
      ...service,
      at,
    };
  }
  return {
    kind: 'ignored',
    origin: 'eventbridge',
    reason: `${String(detailType)} ${eventName} does not concern ecs-netfix`,
    task: null,
  };
}

const verifyRequest = closedRecord({
  verify: closedRecord({ pk: requiredIdentifier, sk: requiredIdentifier, attempt: finiteNumber }),
});

/** The verify schedule's payload; `pk` is `INCIDENT#<region>#...` (see shared/incidents). */
function parseVerifyRequest(input: UnknownRecord): VerifyRequest {
  const { pk, sk, attempt: attemptGiven } = parseFields(verifyRequest, input, '').verify;
  const region = pk.split('#')[1] ?? '';
  if (!pk.startsWith('INCIDENT#') || !isRegionName(region)) {
    throw new InvalidRequestError('verify.pk', 'is not an ecs-netfix incident key');
  }
  const attempt = attemptGiven ?? 1;
  if (!Number.isInteger(attempt) || attempt < 1 || attempt > 100) {
    throw new InvalidRequestError('verify.attempt', 'must be a whole number from 1 to 100');
  }
  return { kind: 'verify', origin: 'schedule', region, incident: { pk, sk }, attempt };
}

export { isLifecycleEvent, parseLifecycleEvent, parseVerifyRequest };
