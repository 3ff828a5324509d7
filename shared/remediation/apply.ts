/**
 * Carries out a plan against EC2, safely repeatable: it re-describes the VPC's endpoints and the
 * endpoint security group just before writing, skips what already exists (or is pending), gives
 * every create a deterministic ClientToken, and treats "already exists" as success. A rerun after a
 * crash half-way finds what the first run created and finishes the rest without duplicates.
 */
import { createHash } from 'node:crypto';
import {
  ADDED_TAG_PREFIX,
  CREATED_AT_TAG_KEY,
  ENDPOINT_SECURITY_GROUP_NAME,
  INCIDENT_TAG_KEY,
  MANAGED_BY_TAG,
  TRIGGER_TASK_TAG_KEY,
} from '../aws-names.js';
import {
  type ApplyView,
  type ResourceTag,
  allowHttpsIn,
  createEndpointSecurityGroup,
  createVpcEndpoint,
  describeApplyView,
  isLiveEndpoint,
  modifyVpcEndpoint,
} from '../aws/ec2-write.js';
import type { Ec2Client } from '../aws/clients.js';
import { recordAddedAttachments } from '../aws/ec2-change-record.js';
import { describeServiceAvailabilityZones } from '../aws/ec2-read.js';
import { isDeadEndpointState } from '../aws/endpoint-state.js';
import { AwsCallError, OutOfTimeError, assertIsError } from '../errors.js';
import { logger } from '../observability.js';
import type { Action, ActionResult } from './action.js';
import { type WriteAheadEntry, intentFor, outcomeOf } from './write-ahead.js';

/**
 * The least time a write needs (its call with the SDK's retries, and recording the outcome): with
 * less left, no write starts, so no create is cut off between EC2 applying it and us hearing of it.
 */
const MIN_MS_FOR_A_WRITE = 2000;

interface ApplyContext {
  vpcId: string;
  taskArn: string;
  /** Tagged on what is created (`ecs-netfix:incident`), and part of every ClientToken. */
  incidentId: string;
  /**
   * What else makes this run's creates distinct: the leading event's id for an incident's leader
   * (its retries replay the same tokens; a new failure that reopens the incident leads with a new
   * event, so new tokens), the request id for a person's run (apply, rollback, apply again
   * the same day must not replay the deleted endpoint). The SDK's own retries reuse the token.
   */
  runKey?: string;
  /**
   * Told what was created before a transient failure aborts the run, so the incident can follow
   * those resources (verify them) although this run's report is lost to the retry.
   */
  onInterrupted?: (created: ActionResult[]) => Promise<void>;
  /**
   * The incident's write-ahead record: called with every intended write before the first one
   * starts (a failure stops the run before any write), and with what came of them after.
   */
  writeAhead?: (entries: WriteAheadEntry[]) => Promise<void>;
  /** The function's remaining time (Lambda's getRemainingTimeInMillis); absent: no limit. */
  remainingTimeMs?: () => number;
  now: Date;
  signal?: AbortSignal;
}

function tagsFor(context: ApplyContext, name: string, attached: readonly string[] = []): ResourceTag[] {
  return [
    { Key: MANAGED_BY_TAG.key, Value: MANAGED_BY_TAG.value },
    { Key: 'Name', Value: name },
    { Key: TRIGGER_TASK_TAG_KEY, Value: context.taskArn.slice(0, 255) },
    { Key: CREATED_AT_TAG_KEY, Value: context.now.toISOString() },
    { Key: INCIDENT_TAG_KEY, Value: context.incidentId.slice(0, 255) },
    // What the endpoint was created with: rollback never detaches what a person added later.
    ...attached.map((id) => ({ Key: `${ADDED_TAG_PREFIX}${id}`, Value: context.incidentId.slice(0, 255) })),
  ];
}

function ensureTimeFor(context: ApplyContext, what: string): void {
  const remaining = context.remainingTimeMs?.();
  if (remaining !== undefined && remaining < MIN_MS_FOR_A_WRITE) throw new OutOfTimeError(remaining, what, MIN_MS_FOR_A_WRITE);
}

/** Idempotency token: one per action, parameters and run; at most 64 characters. */
function clientToken(action: Action, context: ApplyContext): string {
  const parameters =
    'subnetIds' in action ? [...action.subnetIds].sort() : 'routeTableIds' in action ? [...action.routeTableIds].sort() : [];
  const material = [action.id, parameters.join(','), context.incidentId, context.runKey ?? ''].join('|');
  return `ecs-netfix-${createHash('sha256').update(material).digest('hex').slice(0, 40)}`;
}

function result(action: Action, status: ActionResult['status'], extra: Partial<ActionResult> = {}): ActionResult {
  return { action, status, resourceId: null, state: null, note: null, ...extra };
}

function createdResult(action: Action, created: { vpcEndpointId: string; state: string }): ActionResult {
  // EC2 answers a replayed token with the original endpoint, which may be gone since.
  if (isDeadEndpointState(created.state)) {
    return result(action, 'failed', {
      resourceId: created.vpcEndpointId,
      state: created.state,
      note: `EC2 returned ${created.vpcEndpointId} in state ${created.state}: nothing was created`,
    });
  }
  return result(action, 'created', { resourceId: created.vpcEndpointId, state: created.state });
}

/** Transient failures abort the run (Lambda retries it); permanent ones fail just this action. */
function failOrThrow(action: Action, error: unknown): ActionResult {
  assertIsError(error);
  if (error instanceof AwsCallError && error.transient) throw error;
  return result(action, 'failed', { note: error.message });
}

function findLive(view: ApplyView, serviceName: string, type: 'interface' | 'gateway') {
  return view.endpoints.find(
    (endpoint) => endpoint.serviceName === serviceName && endpoint.type.toLowerCase() === type && isLiveEndpoint(endpoint)
  );
}

/** The action of one kind (or kinds), as each step takes it. */
type ActionOf<Kind extends Action['kind']> = Extract<Action, { kind: Kind }>;

interface ApplyState {
  view: ApplyView;
  /** The AZs each interface service is offered in (absent: not known, no filtering). */
  serviceZones: Map<string, Set<string>>;
  /** The per-VPC endpoint security group, once found or created. */
  endpointGroupId: string | null;
}

/** The per-VPC endpoint security group: found or created, then TCP 443 from the tasks allowed in. */
async function ensureEndpointSecurityGroup(
  ec2: Ec2Client,
  action: ActionOf<'create-endpoint-security-group'>,
  state: ApplyState,
  context: ApplyContext
): Promise<ActionResult> {
  let status: ActionResult['status'] = 'already-done';
  if (state.endpointGroupId === null) {
    ensureTimeFor(context, 'creating the endpoint security group');
    state.endpointGroupId = await createEndpointSecurityGroup(
      ec2,
      { vpcId: context.vpcId, tags: tagsFor(context, ENDPOINT_SECURITY_GROUP_NAME) },
      context.signal
    );
    status = 'created';
  }
  const rule = await allowHttpsIn(
    ec2,
    state.endpointGroupId,
    { groupIds: action.allowFromGroupIds, cidrs: action.allowFromCidrs },
    context.signal
  );
  if (status === 'already-done' && rule === 'added') status = 'modified';
  return result(action, status, { resourceId: state.endpointGroupId });
}

/** The planned subnets in AZs the service is offered in (an unknown AZ or offer: kept). */
function subnetsWhereOffered(action: ActionOf<'create-interface-endpoint'>, state: ApplyState): string[] {
  const offered = state.serviceZones.get(action.serviceName);
  return action.subnetIds.filter((_, index) => {
    const zone = action.availabilityZones[index];
    return offered === undefined || zone === undefined || offered.has(zone);
  });
}

/** An interface endpoint, unless a live one of the service is already there. */
async function createInterfaceEndpoint(
  ec2: Ec2Client,
  action: ActionOf<'create-interface-endpoint'>,
  state: ApplyState,
  context: ApplyContext
): Promise<ActionResult> {
  const existing = findLive(state.view, action.serviceName, 'interface');
  if (existing) {
    return result(action, 'already-done', { resourceId: existing.vpcEndpointId, state: existing.state });
  }
  const subnetIds = subnetsWhereOffered(action, state);
  if (subnetIds.length === 0) {
    return result(action, 'failed', {
      note: `${action.serviceName} is not offered in ${action.availabilityZones.join(', ')}`,
    });
  }
  const groupId = action.securityGroupId ?? state.endpointGroupId;
  if (groupId === null) {
    return result(action, 'skipped', { note: 'no endpoint security group: see the security group action' });
  }
  ensureTimeFor(context, `creating the ${action.service} endpoint`);
  const created = await createVpcEndpoint(
    ec2,
    {
      vpcId: context.vpcId,
      serviceName: action.serviceName,
      type: 'Interface',
      subnetIds,
      securityGroupIds: [groupId],
      clientToken: clientToken(action, context),
      tags: tagsFor(context, `ecs-netfix-${action.service}`, subnetIds),
    },
    context.signal
  );
  return createdResult(action, created);
}

/** The S3 gateway endpoint; a live one already there gets the planned route tables it lacks. */
async function createGatewayEndpoint(
  ec2: Ec2Client,
  action: ActionOf<'create-gateway-endpoint'>,
  state: ApplyState,
  context: ApplyContext
): Promise<ActionResult> {
  const existing = findLive(state.view, action.serviceName, 'gateway');
  if (existing) {
    const missing = action.routeTableIds.filter((id) => !existing.routeTableIds.includes(id));
    return addMissing(
      ec2,
      action,
      existing,
      { routeTableIds: missing },
      `adding route tables to ${existing.vpcEndpointId}`,
      context
    );
  }
  ensureTimeFor(context, 'creating the S3 gateway endpoint');
  const created = await createVpcEndpoint(
    ec2,
    {
      vpcId: context.vpcId,
      serviceName: action.serviceName,
      type: 'Gateway',
      routeTableIds: action.routeTableIds,
      clientToken: clientToken(action, context),
      tags: tagsFor(context, 'ecs-netfix-s3', action.routeTableIds),
    },
    context.signal
  );
  return createdResult(action, created);
}

/** Route tables to a gateway endpoint, or subnets to an interface endpoint: only what it lacks. */
async function attachToEndpoint(
  ec2: Ec2Client,
  action: ActionOf<'add-route-tables-to-gateway-endpoint' | 'add-subnets-to-interface-endpoint'>,
  state: ApplyState,
  context: ApplyContext
): Promise<ActionResult> {
  const endpoint = state.view.endpoints.find((candidate) => candidate.vpcEndpointId === action.vpcEndpointId);
  if (endpoint === undefined || !isLiveEndpoint(endpoint)) {
    return result(action, 'skipped', { note: `${action.vpcEndpointId} no longer exists` });
  }
  const addingRoutes = action.kind === 'add-route-tables-to-gateway-endpoint';
  const current = addingRoutes ? endpoint.routeTableIds : endpoint.subnetIds;
  const wanted = addingRoutes ? action.routeTableIds : action.subnetIds;
  const missing = wanted.filter((id) => !current.includes(id));
  const adding = addingRoutes ? { routeTableIds: missing } : { subnetIds: missing };
  return addMissing(ec2, action, endpoint, adding, `changing ${endpoint.vpcEndpointId}`, context);
}

/**
 * Attaches what an endpoint lacks (nothing: already done) and tags it for rollback; `what` names
 * the change when time runs out.
 */
async function addMissing(
  ec2: Ec2Client,
  action: Action,
  endpoint: ApplyView['endpoints'][number],
  adding: { routeTableIds: string[] } | { subnetIds: string[] },
  what: string,
  context: ApplyContext
): Promise<ActionResult> {
  const missing = 'routeTableIds' in adding ? adding.routeTableIds : adding.subnetIds;
  if (missing.length > 0) {
    ensureTimeFor(context, what);
    await modifyVpcEndpoint(
      ec2,
      {
        vpcEndpointId: endpoint.vpcEndpointId,
        ...('routeTableIds' in adding ? { addRouteTableIds: missing } : { addSubnetIds: missing }),
      },
      context.signal
    );
  }
  const recorded = missing.length > 0 ? await recordAttachments(ec2, endpoint.vpcEndpointId, missing, context) : null;
  return result(action, missing.length > 0 ? 'modified' : 'already-done', {
    resourceId: endpoint.vpcEndpointId,
    state: endpoint.state,
    note: recorded,
  });
}

/** Carries out one action against the fresh view: one step per action kind. */
async function applyOne(ec2: Ec2Client, action: Action, state: ApplyState, context: ApplyContext): Promise<ActionResult> {
  switch (action.kind) {
    case 'create-endpoint-security-group':
      return ensureEndpointSecurityGroup(ec2, action, state, context);
    case 'create-interface-endpoint':
      return createInterfaceEndpoint(ec2, action, state, context);
    case 'create-gateway-endpoint':
      return createGatewayEndpoint(ec2, action, state, context);
    case 'add-route-tables-to-gateway-endpoint':
    case 'add-subnets-to-interface-endpoint':
      return attachToEndpoint(ec2, action, state, context);
  }
}

/**
 * Tags a person's endpoint with what ecs-netfix attached to it, so rollback detaches exactly that.
 * A refusal (an IAM policy without the tagging grant) leaves the change in place and says so.
 */
async function recordAttachments(
  ec2: Ec2Client,
  endpointId: string,
  ids: string[],
  context: ApplyContext
): Promise<string | null> {
  try {
    await recordAddedAttachments(ec2, endpointId, ids, context.incidentId, context.signal);
    return null;
  } catch (error) {
    assertIsError(error);
    if (error instanceof AwsCallError && error.transient) throw error;
    return `not recorded for rollback (${error.message}): remove ${ids.join(', ')} from ${endpointId} by hand to undo`;
  }
}

/** One action; a permanent failure fails only it, after checking a concurrent run did not do it. */
async function applySafely(ec2: Ec2Client, action: Action, state: ApplyState, context: ApplyContext): Promise<ActionResult> {
  try {
    return await applyOne(ec2, action, state, context);
  } catch (error) {
    const failed = failOrThrow(action, error);
    // Another run may have created it in the meantime: look again before calling it failed.
    const view = await describeApplyView(ec2, context.vpcId, context.signal);
    const serviceName = 'serviceName' in action ? action.serviceName : null;
    const type = action.kind === 'create-gateway-endpoint' ? 'gateway' : 'interface';
    const raced = serviceName ? findLive(view, serviceName, type) : undefined;
    return raced && action.kind.startsWith('create-')
      ? result(action, 'already-done', { resourceId: raced.vpcEndpointId, state: raced.state })
      : failed;
  }
}

async function applyPlan(ec2: Ec2Client, actions: Action[], context: ApplyContext): Promise<ActionResult[]> {
  if (actions.length === 0) return [];
  const interfaceServices = actions.flatMap((action) =>
    action.kind === 'create-interface-endpoint' ? [action.serviceName] : []
  );
  const [view, serviceZones] = await Promise.all([
    describeApplyView(ec2, context.vpcId, context.signal),
    describeServiceAvailabilityZones(ec2, interfaceServices, context.signal),
  ]);
  const state: ApplyState = { view, serviceZones, endpointGroupId: view.endpointSecurityGroupId };
  // Write-ahead: what this run is about to do is on record before the first write starts.
  ensureTimeFor(context, 'the changes');
  await context.writeAhead?.(actions.map((action) => intentFor(action, tokenOf(action, context), context.now)));
  const results = new Map<Action, ActionResult>();
  // The endpoint security group first: the interface endpoints need its id.
  for (const action of actions.filter((candidate) => candidate.kind === 'create-endpoint-security-group')) {
    results.set(action, await applySafely(ec2, action, state, context));
  }
  // The endpoints do not depend on each other: create them side by side (one round, not four).
  const rest = actions.filter((candidate) => candidate.kind !== 'create-endpoint-security-group');
  const settled = await Promise.allSettled(rest.map((action) => applySafely(ec2, action, state, context)));
  settled.forEach((outcome, index) => {
    const action = rest[index];
    if (action && outcome.status === 'fulfilled') results.set(action, outcome.value);
  });
  // A transient failure aborts the run (Lambda retries it; the rerun finds what was created).
  const rejected = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  await recordOutcomes([...results.values()], context);
  if (rejected) {
    const created = [...results.values()].filter((done) => done.status === 'created' || done.status === 'modified');
    if (created.length > 0) await context.onInterrupted?.(created);
    throw rejected.reason;
  }
  return actions.map((action) => results.get(action) ?? result(action, 'skipped', { note: 'not run' }));
}

function tokenOf(action: Action, context: ApplyContext): string | null {
  return action.kind === 'create-interface-endpoint' || action.kind === 'create-gateway-endpoint'
    ? clientToken(action, context)
    : null;
}

/** The outcomes go on record too; losing them only costs a lookup on the next run (the intents stay). */
async function recordOutcomes(results: ActionResult[], context: ApplyContext): Promise<void> {
  const written = results.filter((done) => done.status === 'created' || done.status === 'modified');
  if (written.length === 0 || context.writeAhead === undefined) return;
  try {
    await context.writeAhead(written.map(outcomeOf));
  } catch (error) {
    assertIsError(error);
    logger.error('Recording the outcome of the writes failed (the intents are on record)', error);
  }
}

export { applyPlan };
export type { ApplyContext };
