/**
 * `ecs-netfix resources`: what ecs-netfix created (tagged ManagedBy=ecs-netfix), how old it is
 * and what it costs per month. Read-only.
 */
import { systemClock } from '../../clock.js';
import { findManagedEndpoints, findManagedSecurityGroups } from '../../aws/managed-resources.js';
import { regionFromProfile } from '../../aws/profile-region.js';
import { alignColumns } from '../align-columns.js';
import type { Cell } from '../align-columns.js';
import { AWS_OPTIONS, resolveAwsTarget, stringOption } from '../aws-options.js';
import { ACCOUNT_OPTIONS, openAccountSession, readAccountTarget } from '../spoke-options.js';
import type { CliCommand, CommandContext } from '../command.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { ExitCode } from '../exit-codes.js';
import { buildInventory, formatAge, formatUsd } from '../managed-inventory.js';
import type { Inventory } from '../managed-inventory.js';
import { runAwsCommand } from '../run-aws-command.js';
import type { Style } from '../style.js';
import { UsageError } from '../../errors.js';

const NAME = 'resources';

const resourcesCommand: CliCommand = {
  name: NAME,
  summary: 'list what ecs-netfix created, with age and monthly cost',
  description: [
    'Lists the VPC endpoints (available or pending) and the ecs-netfix-endpoints security groups',
    'tagged ManagedBy=ecs-netfix in the region (or one VPC), with their age and the estimated',
    'monthly cost: interface endpoints per AZ, gateway endpoints free. Read-only.',
  ].join('\n'),
  options: {
    vpc: { type: 'string', valueName: 'VPC', description: 'only this VPC (vpc-...)' },
    ...AWS_OPTIONS,
    ...ACCOUNT_OPTIONS,
  },
  arguments: [],
  examples: ['ecs-netfix resources', 'ecs-netfix resources --vpc vpc-0abc1234 --json'],
  run: runResources,
};

function renderInventory(inventory: Inventory, style: Style): string {
  if (inventory.resources.length === 0) {
    return `Nothing created by ecs-netfix in ${inventory.region} (no resources tagged ManagedBy=ecs-netfix).\n`;
  }
  const header: Cell[] = ['VPC', 'RESOURCE', 'KIND', 'SERVICE / NAME', 'STATE', 'AZS', 'AGE', 'PER MONTH'].map((text) => ({
    text,
    paint: style.dim,
  }));
  const rows = inventory.resources.map((row): Cell[] => [
    row.vpcId,
    row.resourceId,
    row.kind,
    row.name,
    row.state,
    row.kind === 'interface-endpoint' ? String(row.azCount) : '-',
    formatAge(row.ageSeconds),
    row.monthlyUsd > 0 ? `≈ ${formatUsd(row.monthlyUsd)}` : 'free',
  ]);
  return [
    ...alignColumns([header, ...rows]),
    '',
    style.bold(
      `Total: ≈ ${formatUsd(inventory.totalMonthlyUsd)}/month for ${inventory.resources.length} resource(s) in ${inventory.region}.`
    ),
    style.dim(inventory.note),
    '',
  ].join('\n');
}

async function runResources(context: CommandContext): Promise<ExitCode> {
  const { values, io, style } = context;
  const vpcId = stringOption(values, 'vpc');
  if (vpcId !== null && !/^vpc-[0-9a-f]+$/.test(vpcId))
    throw new UsageError(`--vpc ${JSON.stringify(vpcId.slice(0, 40))} is not a VPC id (vpc-...)`, NAME);
  const spoke = readAccountTarget(values, NAME);
  const target = await resolveAwsTarget(values, io, NAME, regionFromProfile);
  return runAwsCommand(io, NAME, target, async () => {
    const { ec2 } = (await openAccountSession(target, spoke, `cli-${NAME}`)).clientsFor(target.region);
    const scope = vpcId === null ? {} : { vpcId };
    const [endpoints, groups] = await Promise.all([findManagedEndpoints(ec2, scope), findManagedSecurityGroups(ec2, scope)]);
    const inventory = buildInventory(endpoints, groups, { region: target.region, now: systemClock() });
    io.stdout.write(values.json === true ? `${JSON.stringify(inventory, null, 2)}\n` : renderInventory(inventory, style));
    return EXIT_CODES.ok;
  });
}

export { resourcesCommand };
