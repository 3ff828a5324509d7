/**
 * `ecs-netfix rollback --vpc V [--yes]`: deletes what ecs-netfix created in one VPC: its tagged
 * endpoints first, then its security group once no endpoint uses it. Without --yes it only
 * prints the plan. Every resource's tag is checked again right before it is deleted, and a
 * second run finds nothing to do.
 */
import { systemClock } from '../../clock.js';
import { deleteManagedEndpoint, deleteManagedSecurityGroup, detachRecordedAttachments } from '../../aws/ec2-rollback.js';
import type { DeleteResult } from '../../aws/ec2-rollback.js';
import { findExistingEndpoints, findManagedSecurityGroups, isManagedByNetfix } from '../../aws/managed-resources.js';
import type { ManagedEndpoint, ManagedSecurityGroup } from '../../aws/managed-resources.js';
import { assertIsError } from '../../errors.js';
import { type LeftAlone, type RollbackPlan, type RollbackStepPlan, planRollback } from '../rollback-plan.js';
import { regionFromProfile } from '../../aws/profile-region.js';
import type { AwsClients } from '../../aws/clients.js';
import { AWS_OPTIONS, resolveAwsTarget, stringOption } from '../aws-options.js';
import { ACCOUNT_OPTIONS, openAccountSession, readAccountTarget } from '../spoke-options.js';
import type { CliCommand, CommandContext } from '../command.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { ExitCode } from '../exit-codes.js';
import { buildInventory, formatUsd } from '../managed-inventory.js';
import type { Inventory, ManagedResource } from '../managed-inventory.js';
import { runAwsCommand } from '../run-aws-command.js';
import type { Style } from '../style.js';
import { UsageError } from '../../errors.js';

const NAME = 'rollback';

/** A security group whose endpoints were just deleted may stay attached to their ENIs briefly. */
const GROUP_DELETE_ATTEMPTS = 6;
const GROUP_DELETE_WAIT_MS = 5000;

const rollbackCommand: CliCommand = {
  name: NAME,
  summary: 'delete what ecs-netfix created in a VPC (plan only without --yes)',
  description: [
    'Undoes what ecs-netfix did in the VPC: deletes the endpoints it created (every one of its tags',
    'ManagedBy=ecs-netfix, ecs-netfix:incident and ecs-netfix:created-at is required), detaches the',
    'route tables and subnets it added to endpoints of yours (recorded as ecs-netfix:added:<id>),',
    'then deletes its ecs-netfix-endpoints security group once no endpoint uses it. An endpoint of',
    'ecs-netfix that also serves a route table or subnet someone else added is kept, with only what',
    'ecs-netfix added removed. Without --yes, prints the plan and changes nothing. Each resource is',
    'read again right before it is changed, handled on its own, and every step is printed with its',
    'result. Safe to run twice.',
  ].join('\n'),
  options: {
    vpc: { type: 'string', valueName: 'VPC', description: 'the VPC to clean up (required)' },
    yes: { type: 'boolean', short: 'y', description: 'really delete (default: print the plan only)' },
    ...AWS_OPTIONS,
    ...ACCOUNT_OPTIONS,
  },
  arguments: [],
  examples: ['ecs-netfix rollback --vpc vpc-0abc1234', 'ecs-netfix rollback --vpc vpc-0abc1234 --yes'],
  run: runRollback,
};

interface RollbackStep {
  resource: ManagedResource | null;
  /** What the step does, for people. */
  label: string;
  result: DeleteResult;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function describeRow(row: ManagedResource): string {
  const cost = row.monthlyUsd > 0 ? `, ≈ ${formatUsd(row.monthlyUsd)}/month` : '';
  const what = row.kind === 'security-group' ? `security group ${row.name}` : `${row.kind} ${row.name}`;
  return `${row.resourceId}  ${what} (created ${row.createdAt ?? 'at an unknown time'}${cost})`;
}

function attachmentWord(endpoint: ManagedEndpoint): string {
  return endpoint.type === 'Gateway' ? 'route table(s)' : 'subnet(s)';
}

/** One line per planned step, the same words before (plan) and after (results). */
function stepLabel(step: RollbackStepPlan, byId: ReadonlyMap<string, ManagedResource>): string {
  switch (step.kind) {
    case 'delete-endpoint': {
      const row = byId.get(step.endpoint.vpcEndpointId);
      return `delete  ${row ? describeRow(row) : step.endpoint.vpcEndpointId}`;
    }
    case 'delete-group': {
      const row = byId.get(step.group.groupId);
      return `delete  ${row ? describeRow(row) : step.group.groupId}`;
    }
    case 'detach': {
      const what = attachmentWord(step.endpoint);
      const owner = step.ours ? 'created by ecs-netfix' : 'yours';
      const kept =
        step.keep.length > 0
          ? `; keeps ${step.keep.join(', ')} (not added by ecs-netfix)${step.ours ? ', so the endpoint is kept' : ''}`
          : '';
      return `detach  ${step.detach.join(', ') || 'nothing'} from ${step.endpoint.vpcEndpointId} (${step.endpoint.serviceName}, ${owner}): ${what} ecs-netfix added${kept}`;
    }
  }
}

function renderPlan(plan: RollbackPlan, inventory: Inventory, vpcId: string, style: Style): string {
  const byId = new Map(inventory.resources.map((row) => [row.resourceId, row]));
  return [
    style.bold(`Rollback plan for ${vpcId} (nothing changed; add --yes to apply):`),
    ...plan.steps.map((step) => `  ${stepLabel(step, byId)}`),
    ...renderLeftAlone(plan.leftAlone),
    '',
    `Saves ≈ ${formatUsd(savedBy(plan, byId))}/month. Only what ecs-netfix created or added is touched: a route table or subnet it did not add is never removed.`,
    '',
  ].join('\n');
}

function renderLeftAlone(leftAlone: readonly LeftAlone[]): string[] {
  return leftAlone.map((item) => `  keep    ${item.resourceId}: ${item.reason}`);
}

function savedBy(plan: RollbackPlan, byId: ReadonlyMap<string, ManagedResource>): number {
  const deleted = plan.steps.flatMap((step) =>
    step.kind === 'delete-endpoint' ? [step.endpoint.vpcEndpointId] : step.kind === 'delete-group' ? [step.group.groupId] : []
  );
  return deleted.reduce((sum, id) => sum + (byId.get(id)?.monthlyUsd ?? 0), 0);
}

const STEP_MARK: Record<DeleteResult['status'], string> = {
  deleted: '✔ deleted',
  detached: '✔ detached',
  gone: '· already gone',
  refused: '✘ left alone',
  'in-use': '✘ still in use',
  failed: '✘ FAILED',
};

function renderSteps(steps: readonly RollbackStep[], leftAlone: readonly LeftAlone[], vpcId: string, style: Style): string {
  const deleted = steps.filter((step) => step.result.status === 'deleted');
  const saved = deleted.reduce((sum, step) => sum + (step.resource?.monthlyUsd ?? 0), 0);
  const lines = steps.map((step) => {
    const mark = STEP_MARK[step.result.status];
    const done = step.result.status === 'deleted' || step.result.status === 'detached';
    const paint = done ? style.green : step.result.status === 'gone' ? style.dim : style.red;
    const note = step.result.note ? `: ${step.result.note}` : '';
    const what = step.resource ? describeRow(step.resource) : step.label;
    return `  ${paint(mark)} ${what}${note}`;
  });
  const detached = steps.filter((step) => step.result.status === 'detached').length;
  return [
    style.bold(`Rollback of ${vpcId}:`),
    ...lines,
    ...renderLeftAlone(leftAlone),
    '',
    `Deleted ${deleted.length} of ${steps.filter((step) => step.resource !== null).length}${detached > 0 ? `, detached from ${detached} endpoint(s)` : ''}; saves ≈ ${formatUsd(saved)}/month.`,
    '',
  ].join('\n');
}

/** One step on its own: an error is its result, never the end of the run. */
async function settle(resourceId: string, run: () => Promise<DeleteResult>): Promise<DeleteResult> {
  try {
    return await run();
  } catch (error) {
    assertIsError(error);
    return { resourceId, status: 'failed', note: error.message };
  }
}

/** Deletes the group unless an endpoint still uses it; waits out ENIs that are going away. */
async function deleteGroupWhenFree(
  ec2: AwsClients['ec2'],
  group: ManagedSecurityGroup,
  vpcId: string,
  deletedEndpointIds: ReadonlySet<string>
): Promise<DeleteResult> {
  const users = (await findExistingEndpoints(ec2, vpcId)).filter(
    (endpoint) => endpoint.securityGroupIds.includes(group.groupId) && !deletedEndpointIds.has(endpoint.vpcEndpointId)
  );
  if (users.length > 0) {
    return {
      resourceId: group.groupId,
      status: 'in-use',
      note: `still used by ${users.map((endpoint) => endpoint.vpcEndpointId).join(', ')}`,
    };
  }
  let result = await deleteManagedSecurityGroup(ec2, group.groupId, vpcId);
  for (
    let attempt = 1;
    result.status === 'in-use' && deletedEndpointIds.size > 0 && attempt < GROUP_DELETE_ATTEMPTS;
    attempt += 1
  ) {
    await sleep(GROUP_DELETE_WAIT_MS);
    result = await deleteManagedSecurityGroup(ec2, group.groupId, vpcId);
  }
  if (result.status === 'in-use') result.note = `${result.note}; run rollback again in a minute`;
  return result;
}

async function runRollback(context: CommandContext): Promise<ExitCode> {
  const { values, io, style } = context;
  const vpcId = stringOption(values, 'vpc');
  if (vpcId === null) throw new UsageError('--vpc VPC is required', NAME);
  if (!/^vpc-[0-9a-f]+$/.test(vpcId))
    throw new UsageError(`--vpc ${JSON.stringify(vpcId.slice(0, 40))} is not a VPC id (vpc-...)`, NAME);
  const spoke = readAccountTarget(values, NAME);
  const target = await resolveAwsTarget(values, io, NAME, regionFromProfile);
  const json = values.json === true;
  return runAwsCommand(io, NAME, target, async () => {
    const { ec2 } = (await openAccountSession(target, spoke, `cli-${NAME}`)).clientsFor(target.region);
    const [existing, groups] = await Promise.all([findExistingEndpoints(ec2, vpcId), findManagedSecurityGroups(ec2, { vpcId })]);
    const endpoints = existing.filter((endpoint) => isManagedByNetfix(endpoint.tags));
    const inventory = buildInventory(endpoints, groups, { region: target.region, now: systemClock() });
    const plan = planRollback(existing, groups);
    const byId = new Map(inventory.resources.map((row) => [row.resourceId, row]));
    const planned = plan.steps.map((step) => stepLabel(step, byId));
    if (plan.steps.length === 0) {
      if (json)
        io.stdout.write(
          `${JSON.stringify({ vpcId, applied: values.yes === true, plan: [], steps: [], leftAlone: plan.leftAlone, results: [] }, null, 2)}\n`
        );
      else
        io.stdout.write(
          [
            `Nothing to roll back in ${vpcId}: nothing created or added by ecs-netfix.`,
            ...renderLeftAlone(plan.leftAlone),
            '',
          ].join('\n')
        );
      return EXIT_CODES.ok;
    }
    if (values.yes !== true) {
      if (json)
        io.stdout.write(
          `${JSON.stringify({ vpcId, applied: false, plan: inventory.resources, steps: planned, leftAlone: plan.leftAlone, results: [] }, null, 2)}\n`
        );
      else io.stdout.write(renderPlan(plan, inventory, vpcId, style));
      return EXIT_CODES.ok;
    }

    const steps: RollbackStep[] = [];
    // Endpoints first (detach, delete): a security group cannot go while an endpoint's ENIs use it.
    for (const step of plan.steps) {
      if (step.kind === 'delete-group') continue;
      const id = step.endpoint.vpcEndpointId;
      const result =
        step.kind === 'delete-endpoint'
          ? await settle(id, () => deleteManagedEndpoint(ec2, id, vpcId))
          : await settle(id, () => detachRecordedAttachments(ec2, id, vpcId, step.detach));
      steps.push({
        resource: step.kind === 'delete-endpoint' ? (byId.get(id) ?? null) : null,
        label: stepLabel(step, byId),
        result,
      });
    }
    const deletedIds = new Set(
      steps
        .filter((step) => step.result.status === 'deleted' || step.result.status === 'gone')
        .map((step) => step.result.resourceId)
    );
    for (const step of plan.steps) {
      if (step.kind !== 'delete-group') continue;
      const result = await settle(step.group.groupId, () => deleteGroupWhenFree(ec2, step.group, vpcId, deletedIds));
      steps.push({ resource: byId.get(step.group.groupId) ?? null, label: stepLabel(step, byId), result });
    }
    if (json) {
      io.stdout.write(
        `${JSON.stringify({ vpcId, applied: true, plan: inventory.resources, steps: planned, leftAlone: plan.leftAlone, results: steps.map((step) => step.result) }, null, 2)}\n`
      );
    } else {
      io.stdout.write(renderSteps(steps, plan.leftAlone, vpcId, style));
    }
    const ok = steps.every((step) => ['deleted', 'detached', 'gone'].includes(step.result.status));
    return ok ? EXIT_CODES.ok : EXIT_CODES.problems;
  });
}

export { rollbackCommand };
