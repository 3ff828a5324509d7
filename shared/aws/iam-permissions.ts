/**
 * The real PermissionChecker: asks IAM's policy simulator whether the execution role may do what
 * the task needs. A failed simulation never fails the diagnosis: it is recorded as "not evaluated"
 * with the reason, because the network findings are still worth reporting.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html
 */
import { type EvaluationResult, type IAMClient, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { assertIsError, awsErrorName } from '../errors.js';
import { notEvaluated } from '../inspect/permissions.js';
import type { PermissionChecker, PermissionRequest } from '../inspect/permissions.js';
import type { PermissionDecision, PermissionFacts, PermissionResult } from '../inspect/snapshot.js';

type PermissionCheckMode = 'simulate' | 'off';

interface SimulationBatch {
  actions: string[];
  resources: string[];
}

/** One call per distinct resource set, with every action asked of that set (ECR repos, logs, ...). */
function batchRequests(requests: PermissionRequest[]): SimulationBatch[] {
  const resourcesByAction = new Map<string, string[]>();
  for (const request of requests) {
    const resources = resourcesByAction.get(request.action) ?? [];
    if (!resources.includes(request.resource)) resources.push(request.resource);
    resourcesByAction.set(request.action, resources);
  }
  const batches = new Map<string, SimulationBatch>();
  for (const [action, resources] of resourcesByAction) {
    const key = [...resources].sort().join('\n');
    const batch = batches.get(key) ?? { actions: [], resources };
    batch.actions.push(action);
    batches.set(key, batch);
  }
  return [...batches.values()];
}

function toDecision(value: string | undefined): PermissionDecision {
  if (value === 'allowed' || value === 'explicitDeny') return value;
  return 'implicitDeny';
}

/** Since 2025 IAM returns one result per action, with per-resource decisions nested inside it. */
function toResults(evaluation: EvaluationResult, batch: SimulationBatch): PermissionResult[] {
  const action = evaluation.EvalActionName ?? '';
  const specific = evaluation.ResourceSpecificResults ?? [];
  if (specific.length > 0) {
    return specific.map((result) => ({
      action,
      resource: result.EvalResourceName ?? '',
      decision: toDecision(result.EvalResourceDecision),
    }));
  }
  const named = evaluation.EvalResourceName;
  const resources = named !== undefined && batch.resources.includes(named) ? [named] : batch.resources;
  return resources.map((resource) => ({ action, resource, decision: toDecision(evaluation.EvalDecision) }));
}

async function simulateBatch(
  iam: IAMClient,
  roleArn: string,
  batch: SimulationBatch,
  signal?: AbortSignal
): Promise<PermissionResult[]> {
  const results: PermissionResult[] = [];
  let marker: string | undefined;
  do {
    const page = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: roleArn,
        ActionNames: batch.actions,
        ResourceArns: batch.resources,
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
    async check(roleArn, requests, signal): Promise<PermissionFacts> {
      if (requests.length === 0) {
        return { evaluated: true, roleArn, results: [], note: 'the task definition needs no role permissions at start-up' };
      }
      try {
        const batches = batchRequests(requests);
        const perBatch = await Promise.all(batches.map((batch) => simulateBatch(iam, roleArn, batch, signal)));
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
export type { PermissionCheckMode };
