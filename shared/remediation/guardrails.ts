/**
 * The safety rules that decide whether ecs-netfix may touch a task's VPC at all, and whether this
 * run is a dry run. Pure: the handler asks, these answer.
 */
import { OPT_OUT_TAG_KEY } from '../aws-names.js';
import type { Config } from '../config.js';
import { type Snapshot, vpcIdOf } from '../model/snapshot.js';
import { type RequestOrigin, type StoppedTask, isAutomatedOrigin } from '../intake/request.js';

type ScopeVerdict = { inScope: true } | { inScope: false; reason: string };

/**
 * A deployment with DRY_RUN=true can never be switched to apply by a request. In a live
 * deployment, events from ECS apply; a person's manual invoke is a dry run unless it says
 * `"dryRun": false` (people invoke by hand to look, not to change).
 */
function resolveDryRun(deploymentDryRun: boolean, requested: boolean | null, origin: RequestOrigin = 'eventbridge'): boolean {
  if (deploymentDryRun) return true;
  if (requested !== null) return requested;
  return !isAutomatedOrigin(origin);
}

/** Checked before any AWS call: the cluster allowlist. */
function checkClusterScope(config: Pick<Config, 'allowedClusters'>, task: StoppedTask): ScopeVerdict {
  if (config.allowedClusters.length === 0) return { inScope: true };
  const allowed = config.allowedClusters.some((entry) => entry === task.clusterName || entry === task.clusterArn);
  return allowed ? { inScope: true } : { inScope: false, reason: `cluster ${task.clusterName} is not in ALLOWED_CLUSTERS` };
}

function isOptedOut(tags: Record<string, string> | undefined): boolean {
  return tags?.[OPT_OUT_TAG_KEY]?.trim().toLowerCase() === 'true';
}

/** Checked once the VPC is known: the VPC allowlist and the opt-out tags. */
function checkNetworkScope(config: Pick<Config, 'allowedVpcIds'>, snapshot: Snapshot): ScopeVerdict {
  const vpcId = vpcIdOf(snapshot);
  if (config.allowedVpcIds.length > 0 && (vpcId === null || !config.allowedVpcIds.includes(vpcId))) {
    return { inScope: false, reason: `VPC ${vpcId ?? '(unknown)'} is not in ALLOWED_VPC_IDS` };
  }
  if (isOptedOut(snapshot.vpc?.tags)) {
    return { inScope: false, reason: `VPC ${vpcId} is tagged ${OPT_OUT_TAG_KEY}=true` };
  }
  if (isOptedOut(snapshot.service?.tags)) {
    return {
      inScope: false,
      reason: `service ${snapshot.service?.serviceName} is tagged ${OPT_OUT_TAG_KEY}=true`,
    };
  }
  return { inScope: true };
}

export { checkClusterScope, checkNetworkScope, isOptedOut, resolveDryRun };
export type { ScopeVerdict };
