/**
 * `ecs-netfix rollback --vpc V [--yes]`: deletes what ecs-netfix created in one VPC: its tagged
 * endpoints first, then its security group once no endpoint uses it. Without --yes it only
 * prints the plan. Every resource's tag is checked again right before it is deleted, and a
 * second run finds nothing to do.
 */
import { deleteManagedEndpoint, deleteManagedSecurityGroup } from '../../aws/ec2-rollback.js';
import type { DeleteResult } from '../../aws/ec2-rollback.js';
import { findExistingEndpoints, findManagedEndpoints, findManagedSecurityGroups } from '../../aws/managed-resources.js';
import type { ManagedSecurityGroup } from '../../aws/managed-resources.js';
import { regionFromProfile } from '../../aws/profile-region.js';
import type { AwsClients } from '../../aws/clients.js';
import { AWS_OPTIONS, resolveAwsTarget, stringOption } from '../aws-options.js';
import { createAwsSession } from '../aws-session.js';
import type { CliCommand, CommandContext } from '../command.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { ExitCode } from '../exit-codes.js';
import { buildInventory, formatUsd } from '../managed-inventory.js';
import type { Inventory, ManagedResource } from '../managed-inventory.js';
import { runAwsCommand } from '../run-aws-command.js';
import type { Style } from '../style.js';
import { UsageError } from '../usage-error.js';

const NAME = 'rollback';

/** A security group whose endpoints were just deleted may stay attached to their ENIs briefly. */
const GROUP_DELETE_ATTEMPTS = 6;
const GROUP_DELETE_WAIT_MS = 5000;

const rollbackCommand: CliCommand = {
  name: NAME,
  summary: 'delete what ecs-netfix created in a VPC (plan only without --yes)',
  description: [
    'Deletes the VPC endpoints tagged ManagedBy=ecs-netfix in the VPC, then the ecs-netfix-endpoints',
    'security group once no endpoint uses it. Without --yes, prints what it would delete and',
    'changes nothing. Never touches a resource without the tag: the tag is checked again right',
    'before each delete. Safe to run twice.',
  ].join('\n'),
  options: {
    vpc: { type: 'string', valueName: 'VPC', description: 'the VPC to clean up (required)' },
    yes: { type: 'boolean', short: 'y', description: 'really delete (default: print the plan only)' },
    ...AWS_OPTIONS,
  },
  arguments: [],
  examples: ['ecs-netfix rollback --vpc vpc-0abc1234', 'ecs-netfix rollback --vpc vpc-0abc1234 --yes'],
  run: runRollback,
};

interface RollbackStep {
  resource: ManagedResource;
  result: DeleteResult;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function describeRow(row: ManagedResource): string {
  const cost = row.monthlyUsd > 0 ? `, ≈ ${formatUsd(row.monthlyUsd)}/month` : '';
  const what = row.kind === 'security-group' ? `security group ${row.name}` : `${row.kind} ${row.name}`;
  return `${row.resourceId}  ${what} (created ${row.createdAt ?? 'at an unknown time'}${cost})`;
}

function renderPlan(inventory: Inventory, vpcId: string, style: Style): string {
  return [
    style.bold(`Rollback plan for ${vpcId} (nothing deleted; add --yes to delete):`),
    ...inventory.resources.map((row) => `  delete  ${describeRow(row)}`),
    '',
    `Saves ≈ ${formatUsd(inventory.totalMonthlyUsd)}/month. Resources without the ManagedBy=ecs-netfix tag are never touched.`,
    '',
  ].join('\n');
}

const STEP_MARK: Record<DeleteResult['status'], string> = {
  deleted: '✔ deleted',
  gone: '· already gone',
  refused: '✘ left alone',
  'in-use': '✘ still in use',
  failed: '✘ FAILED',
};

function renderSteps(steps: readonly RollbackStep[], vpcId: string, style: Style): string {
  const deleted = steps.filter((step) => step.result.status === 'deleted');
  const saved = deleted.reduce((sum, step) => sum + step.resource.monthlyUsd, 0);
  const lines = steps.map((step) => {
    const mark = STEP_MARK[step.result.status];
    const paint = step.result.status === 'deleted' ? style.green : step.result.status === 'gone' ? style.dim : style.red;
    const note = step.result.note ? `: ${step.result.note}` : '';
    return `  ${paint(mark)} ${describeRow(step.resource)}${note}`;
  });
  return [
    style.bold(`Rollback of ${vpcId}:`),
    ...lines,
    '',
    `Deleted ${deleted.length} of ${steps.length}; saves ≈ ${formatUsd(saved)}/month.`,
    '',
  ].join('\n');
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
  for (let attempt = 1; result.status === 'in-use' && deletedEndpointIds.size > 0 && attempt < GROUP_DELETE_ATTEMPTS; attempt += 1) {
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
  if (!/^vpc-[0-9a-f]+$/.test(vpcId)) throw new UsageError(`--vpc ${JSON.stringify(vpcId.slice(0, 40))} is not a VPC id (vpc-...)`, NAME);
  const target = await resolveAwsTarget(values, io, NAME, regionFromProfile);
  const json = values.json === true;
  return runAwsCommand(io, NAME, target, async () => {
    const { ec2 } = createAwsSession(target).clientsFor(target.region);
    const [endpoints, groups] = await Promise.all([findManagedEndpoints(ec2, { vpcId }), findManagedSecurityGroups(ec2, { vpcId })]);
    const inventory = buildInventory(endpoints, groups, { region: target.region, now: new Date() });
    if (inventory.resources.length === 0) {
      if (json) io.stdout.write(`${JSON.stringify({ vpcId, applied: values.yes === true, plan: [], results: [] }, null, 2)}\n`);
      else io.stdout.write(`Nothing to roll back in ${vpcId}: no resources tagged ManagedBy=ecs-netfix.\n`);
      return EXIT_CODES.ok;
    }
    if (values.yes !== true) {
      if (json) io.stdout.write(`${JSON.stringify({ vpcId, applied: false, plan: inventory.resources, results: [] }, null, 2)}\n`);
      else io.stdout.write(renderPlan(inventory, vpcId, style));
      return EXIT_CODES.ok;
    }

    const steps: RollbackStep[] = [];
    const byId = new Map(inventory.resources.map((row) => [row.resourceId, row]));
    // Endpoints first: a security group cannot go while an endpoint's ENIs use it.
    for (const endpoint of endpoints) {
      const result = await deleteManagedEndpoint(ec2, endpoint.vpcEndpointId, vpcId);
      steps.push({ resource: byId.get(endpoint.vpcEndpointId) as ManagedResource, result });
    }
    const deletedIds = new Set(
      steps.filter((step) => step.result.status === 'deleted' || step.result.status === 'gone').map((step) => step.result.resourceId)
    );
    for (const group of groups) {
      const result = await deleteGroupWhenFree(ec2, group, vpcId, deletedIds);
      steps.push({ resource: byId.get(group.groupId) as ManagedResource, result });
    }
    if (json) {
      io.stdout.write(
        `${JSON.stringify({ vpcId, applied: true, plan: inventory.resources, results: steps.map((step) => step.result) }, null, 2)}\n`
      );
    } else {
      io.stdout.write(renderSteps(steps, vpcId, style));
    }
    const ok = steps.every((step) => step.result.status === 'deleted' || step.result.status === 'gone');
    return ok ? EXIT_CODES.ok : EXIT_CODES.problems;
  });
}

export { rollbackCommand };
