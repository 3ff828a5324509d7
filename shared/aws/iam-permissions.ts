/**
 * The real PermissionChecker: asks IAM's policy simulator whether the execution role may do what
 * the task needs. A failed simulation never fails the diagnosis: it is recorded as "not evaluated"
 * with the reason, because the network findings are still worth reporting.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html
 */
import { type ContextEntry, type EvaluationResult, type IAMClient, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { assertIsError, awsErrorName } from '../errors.js';
import { notEvaluated } from '../model/permissions.js';
import type { PermissionChecker, PermissionContext, PermissionRequest } from '../model/permissions.js';
import type { EndpointService, PermissionDecision, PermissionFacts, PermissionResult } from '../model/snapshot.js';

type PermissionCheckMode = 'simulate' | 'off';

interface SimulationBatch {
  actions: string[];
  resources: string[];
  /** The service the calls go through: it decides the context (one context per call). */
  service: EndpointService | null;
}

/**
 * One call per distinct service and resource set, with every action asked of that set (ECR
 * repos, logs, ...): a call carries one request context, and the context differs per endpoint.
 */
function batchRequests(requests: PermissionRequest[]): SimulationBatch[] {
  const resourcesByAction = new Map<string, { resources: string[]; service: EndpointService | null }>();
  for (const request of requests) {
    const entry = resourcesByAction.get(request.action) ?? { resources: [], service: request.service ?? null };
    if (!entry.resources.includes(request.resource)) entry.resources.push(request.resource);
    resourcesByAction.set(request.action, entry);
  }
  const batches = new Map<string, SimulationBatch>();
  for (const [action, { resources, service }] of resourcesByAction) {
    const key = `${service ?? ''}\n${[...resources].sort().join('\n')}`;
    const batch = batches.get(key) ?? { actions: [], resources, service };
    batch.actions.push(action);
    batches.set(key, batch);
  }
  return [...batches.values()];
}

/** The context keys a request through this service's path carries (none over NAT/internet). */
function contextEntriesFor(batch: SimulationBatch, context: PermissionContext | undefined): ContextEntry[] {
  const endpointId = batch.service === null ? undefined : context?.endpointIdByService[batch.service];
  if (context === undefined || endpointId === undefined || context.vpcId === null) return [];
  return [
    { ContextKeyName: 'aws:SourceVpc', ContextKeyValues: [context.vpcId], ContextKeyType: 'string' },
    { ContextKeyName: 'aws:SourceVpce', ContextKeyValues: [endpointId], ContextKeyType: 'string' },
  ];
}

/**
 * A decision that needed context the simulation lacked (`MissingContextValues`) cannot be
 * trusted either way: a condition on `aws:SourceVpce` reads as a deny without it.
 */
function toDecision(value: string | undefined, missing: string[] | undefined): PermissionDecision {
  if (value === 'allowed') return 'allowed';
  if ((missing ?? []).length > 0) return 'missingContext';
  if (value === 'explicitDeny') return value;
  return 'implicitDeny';
}

function withMissing(result: PermissionResult, missing: string[] | undefined): PermissionResult {
  return result.decision === 'missingContext' ? { ...result, missingContextKeys: [...new Set(missing ?? [])] } : result;
}

/** Since 2025 IAM returns one result per action, with per-resource decisions nested inside it. */
function toResults(evaluation: EvaluationResult, batch: SimulationBatch): PermissionResult[] {
  const action = evaluation.EvalActionName ?? '';
  const specific = evaluation.ResourceSpecificResults ?? [];
  if (specific.length > 0) {
    return specific.map((result) => {
      const missing = [...(result.MissingContextValues ?? []), ...(evaluation.MissingContextValues ?? [])];
      return withMissing(
        { action, resource: result.EvalResourceName ?? '', decision: toDecision(result.EvalResourceDecision, missing) },
        missing
      );
    });
  }
  const named = evaluation.EvalResourceName;
  const resources = named !== undefined && batch.resources.includes(named) ? [named] : batch.resources;
  const missing = evaluation.MissingContextValues;
  return resources.map((resource) =>
    withMissing({ action, resource, decision: toDecision(evaluation.EvalDecision, missing) }, missing)
  );
}

async function simulateBatch(
  iam: IAMClient,
  roleArn: string,
  batch: SimulationBatch,
  signal?: AbortSignal,
  context?: PermissionContext
): Promise<PermissionResult[]> {
  const results: PermissionResult[] = [];
  const contextEntries = contextEntriesFor(batch, context);
  let marker: string | undefined;
  do {
    const page = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: roleArn,
        ActionNames: batch.actions,
        ResourceArns: batch.resources,
        ...(contextEntries.length > 0 ? { ContextEntries: contextEntries } : {}),
        ...(marker ? { Marker: marker } : {}),
      }),
      { abortSignal: signal }
    );
    for (const evaluation of page.EvaluationResults ?? []) results.push(...toResults(evaluation, batch));
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return results;
}

/** Plain words for why the simulation could not run. */
function explainFailure(error: Error, roleArn: string): string {
  const name = awsErrorName(error);
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (name === 'AccessDenied' || name === 'AccessDeniedException') {
    return 'permission check skipped: this function may not call iam:SimulatePrincipalPolicy';
  }
  if (name === 'NoSuchEntity' || name === 'NoSuchEntityException') {
    return `permission check skipped: the execution role ${roleArn} does not exist`;
  }
  if (status === 501 || status === 500 || name === 'NotImplemented') {
    return 'permission check skipped: iam:SimulatePrincipalPolicy is not available on this endpoint (moto does not implement it)';
  }
  return `permission check skipped: iam:SimulatePrincipalPolicy failed (${name})`;
}

function createPermissionChecker(iam: IAMClient, mode: PermissionCheckMode): PermissionChecker {
  if (mode === 'off') {
    return {
      check: async (roleArn) => notEvaluated(roleArn, 'permission check disabled (PERMISSION_CHECK=off)'),
    };
  }
  return {
    async check(roleArn, requests, signal, context): Promise<PermissionFacts> {
      if (requests.length === 0) {
        return { evaluated: true, roleArn, results: [], note: 'the task definition needs no role permissions at start-up' };
      }
      try {
        const batches = batchRequests(requests);
        const perBatch = await Promise.all(batches.map((batch) => simulateBatch(iam, roleArn, batch, signal, context)));
        return { evaluated: true, roleArn, results: perBatch.flat(), note: null };
      } catch (error) {
        assertIsError(error);
        // An aborted run must stop, not report a half-done check as "not evaluated".
        if (error.name === 'AbortError' || signal?.aborted) throw error;
        return notEvaluated(roleArn, explainFailure(error, roleArn));
      }
    },
  };
}

export { batchRequests, createPermissionChecker };
