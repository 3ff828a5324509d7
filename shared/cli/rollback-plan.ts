/**
 * What a rollback of one VPC does, decided from what EC2 lists (pure). Only ecs-netfix's own
 * changes are undone:
 * - an endpoint is ours only with every ownership tag (ManagedBy, ecs-netfix:incident,
 *   ecs-netfix:created-at); ours is deleted, unless a person attached route tables or subnets to it
 *   since: then only what ecs-netfix attached (its `ecs-netfix:added:<id>` tags) is detached and the
 *   endpoint is kept, so the person's routes keep working;
 * - on a person's endpoint, exactly the route tables and subnets ecs-netfix recorded as added are
 *   detached; nothing else is ever removed;
 * - an endpoint with only some of the tags (a hand-set ManagedBy) is left alone, and the plan says so.
 */
import { addedAttachments } from '../aws/ec2-change-record.js';
import type { ManagedEndpoint, ManagedSecurityGroup } from '../aws/managed-resources.js';
import { isManagedByNetfix } from '../aws/managed-resources.js';
import { MANAGED_BY_TAG } from '../aws-names.js';

type RollbackStepPlan =
  | { kind: 'delete-endpoint'; endpoint: ManagedEndpoint }
  | {
      kind: 'detach';
      endpoint: ManagedEndpoint;
      /** What ecs-netfix attached and is still attached: removed. */
      detach: string[];
      /** Attached by someone else: stays. */
      keep: string[];
      ours: boolean;
    }
  | { kind: 'delete-group'; group: ManagedSecurityGroup };

interface LeftAlone {
  resourceId: string;
  reason: string;
}

interface RollbackPlan {
  steps: RollbackStepPlan[];
  leftAlone: LeftAlone[];
}

function attachmentsOf(endpoint: ManagedEndpoint): string[] {
  return endpoint.type === 'Gateway' ? endpoint.routeTableIds : endpoint.subnetIds;
}

function planRollback(endpoints: readonly ManagedEndpoint[], groups: readonly ManagedSecurityGroup[]): RollbackPlan {
  const steps: RollbackStepPlan[] = [];
  const leftAlone: LeftAlone[] = [];
  for (const endpoint of endpoints) {
    const attached = attachmentsOf(endpoint);
    const recorded = addedAttachments(endpoint.tags);
    const ours = isManagedByNetfix(endpoint.tags);
    if (ours) {
      // Created before attachments were recorded: everything on it came with it.
      const foreign = recorded.length === 0 ? [] : attached.filter((id) => !recorded.includes(id));
      if (foreign.length === 0) steps.push({ kind: 'delete-endpoint', endpoint });
      else steps.push({ kind: 'detach', endpoint, detach: attached.filter((id) => recorded.includes(id)), keep: foreign, ours });
      continue;
    }
    const detach = attached.filter((id) => recorded.includes(id));
    if (detach.length > 0) {
      steps.push({ kind: 'detach', endpoint, detach, keep: attached.filter((id) => !recorded.includes(id)), ours });
    }
    if (endpoint.tags[MANAGED_BY_TAG.key] === MANAGED_BY_TAG.value) {
      leftAlone.push({
        resourceId: endpoint.vpcEndpointId,
        reason:
          'tagged ManagedBy=ecs-netfix without the ecs-netfix:incident and ecs-netfix:created-at tags ecs-netfix writes: not created by ecs-netfix',
      });
    }
  }
  for (const group of groups) steps.push({ kind: 'delete-group', group });
  return { steps, leftAlone };
}

export { planRollback };
export type { LeftAlone, RollbackPlan, RollbackStepPlan };
