import { DescribeVpcEndpointsCommand } from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Inventory } from '../../../shared/cli/managed-inventory.js';
import type { Report } from '../../../shared/report/report.js';
import { buildWorld } from '../../helpers/moto-world.js';
import type { World } from '../../helpers/moto-world.js';
import { motoClients } from '../../helpers/moto.js';
import { runInMemory } from '../../unit/cli/run-in-memory.js';

const clients = motoClients();
const REGION = ['--region', 'eu-west-1'];

/** Endpoints of the VPC that exist (moto keeps deleted ones listed as `deleted`). */
async function liveEndpointIds(vpcId: string): Promise<string[]> {
  const response = await clients.ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
  return (response.VpcEndpoints ?? [])
    .filter((endpoint) => String(endpoint.State) === 'available') // EC2 sends lower case
    .map((endpoint) => endpoint.VpcEndpointId ?? '')
    .sort();
}

describe('ecs-netfix diagnose --apply, resources and rollback (moto)', () => {
  let world: World;
  /** An endpoint the user created (no ManagedBy tag): nothing may touch it. */
  let userEndpointId: string;
  let created: string[];

  beforeAll(async () => {
    world = await buildWorld(clients, { name: 'cli-apply', interfaceEndpoints: { services: ['sts'] } });
    userEndpointId = world.interfaceEndpointIds.sts ?? '';
  });

  it('creates the missing endpoints with --apply and reports each created resource', async () => {
    // Act
    const result = await runInMemory([
      'diagnose',
      '--cluster',
      world.clusterName,
      '--task',
      world.taskArn,
      '--apply',
      '--json',
      ...REGION,
    ]);

    // Assess
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.dryRun).toBe(false);
    expect(report.outcome).toBe('fixed');
    created = report.actions.filter((action) => action.status === 'created').map((action) => action.resourceId ?? '');
    const createdEndpoints = created.filter((id) => id.startsWith('vpce-'));
    expect(createdEndpoints.length).toBeGreaterThanOrEqual(4);
    expect(await liveEndpointIds(world.vpcId)).toEqual([...createdEndpoints, userEndpointId].sort());
  });

  it('lists what ecs-netfix created, with age and cost, and leaves the user endpoint out', async () => {
    // Act
    const text = await runInMemory(['resources', '--vpc', world.vpcId, ...REGION]);
    const json = await runInMemory(['resources', '--vpc', world.vpcId, '--json', ...REGION]);
    const regionWide = await runInMemory(['resources', '--json', ...REGION]);

    // Assess
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^VPC\s+RESOURCE\s+KIND\s+SERVICE \/ NAME\s+STATE\s+AZS\s+AGE\s+PER MONTH$/m);
    expect(text.stdout).toContain('com.amazonaws.eu-west-1.ecr.api');
    expect(text.stdout).toContain('ecs-netfix-endpoints');
    expect(text.stdout).toMatch(/Total: ≈ \$\d+\.\d\d\/month/);
    expect(text.stdout).not.toContain(userEndpointId);
    const inventory = JSON.parse(json.stdout) as Inventory;
    expect(inventory.resources.map((row) => row.resourceId).sort()).toEqual([...created].sort());
    const gateway = inventory.resources.find((row) => row.kind === 'gateway-endpoint');
    expect(gateway?.monthlyUsd).toBe(0);
    const ecrApi = inventory.resources.find((row) => row.name.endsWith('.ecr.api'));
    expect(ecrApi).toMatchObject({ kind: 'interface-endpoint', azCount: 2 });
    expect(ecrApi?.monthlyUsd).toBeGreaterThan(0);
    expect(ecrApi?.ageSeconds).toBeLessThan(600);
    expect(inventory.totalMonthlyUsd).toBeGreaterThan(0);
    const everywhere = (JSON.parse(regionWide.stdout) as Inventory).resources.map((row) => row.resourceId);
    expect(everywhere).toEqual(expect.arrayContaining(created));
    expect(everywhere).not.toContain(userEndpointId);
  });

  it('prints the rollback plan without --yes and deletes nothing', async () => {
    const before = await liveEndpointIds(world.vpcId);

    const result = await runInMemory(['rollback', '--vpc', world.vpcId, ...REGION]);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Rollback plan for ${world.vpcId} (nothing changed; add --yes to apply):`);
    expect(result.stdout.match(/^ {2}delete {2}/gm)).toHaveLength(created.length);
    expect(result.stdout).not.toContain(userEndpointId);
    expect(await liveEndpointIds(world.vpcId)).toEqual(before);
  });

  it('deletes only the tagged resources with --yes, then finds nothing the second time', async () => {
    // Act
    const first = await runInMemory(['rollback', '--vpc', world.vpcId, '--yes', ...REGION]);
    const second = await runInMemory(['rollback', '--vpc', world.vpcId, '--yes', ...REGION]);
    const after = await runInMemory(['resources', '--vpc', world.vpcId, '--json', ...REGION]);

    // Assess
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Deleted ${created.length} of ${created.length}`);
    expect(await liveEndpointIds(world.vpcId)).toEqual([userEndpointId]);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(`Nothing to roll back in ${world.vpcId}: nothing created or added by ecs-netfix.\n`);
    expect((JSON.parse(after.stdout) as Inventory).resources).toEqual([]);
  });
});
