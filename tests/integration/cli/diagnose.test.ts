import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DescribeVpcEndpointsCommand } from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Report } from '../../../shared/report/report.js';
import { buildWorld } from '../../helpers/moto-world.js';
import type { World } from '../../helpers/moto-world.js';
import { motoClients } from '../../helpers/moto.js';
import { useTempDirs } from '../../helpers/temp-dir.js';
import { runInMemory } from '../../unit/cli/run-in-memory.js';

const clients = motoClients();
const makeTempDir = useTempDirs();
const REGION = ['--region', 'eu-west-1'];

async function endpointCount(vpcId: string): Promise<number> {
  const response = await clients.ec2.send(
    new DescribeVpcEndpointsCommand({
      Filters: [
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: 'vpc-endpoint-state', Values: ['available'] },
      ],
    })
  );
  return response.VpcEndpoints?.length ?? 0;
}

describe('ecs-netfix diagnose (moto)', () => {
  let world: World;

  beforeAll(async () => {
    world = await buildWorld(clients, { name: 'cli-diag', azs: 2 });
  });

  it('names the missing ECR endpoints for a service and changes nothing (dry run)', async () => {
    // Act
    const result = await runInMemory(['diagnose', '--cluster', world.clusterName, '--service', world.serviceName ?? '', ...REGION]);

    // Assess
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('ecs-netfix · dry run');
    expect(result.stdout).toContain('ECR_API_ENDPOINT_MISSING');
    expect(result.stdout).toContain('Plan (not applied: dry run)');
    expect(result.stdout).not.toContain('\u001b[');
    expect(await endpointCount(world.vpcId)).toBe(0);
  });

  it('prints the report as JSON with --json', async () => {
    const result = await runInMemory(['diagnose', '--cluster', world.clusterName, '--task', world.taskArn, '--json', ...REGION]);

    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.outcome).toBe('would-fix');
    expect(report.dryRun).toBe(true);
    expect(report.task?.taskArn).toBe(world.taskArn);
    expect(report.task?.vpcId).toBe(world.vpcId);
    expect(report.findings.map((finding) => finding.code)).toEqual(
      expect.arrayContaining(['ECR_API_ENDPOINT_MISSING', 'ECR_DKR_ENDPOINT_MISSING', 'S3_GATEWAY_ENDPOINT_MISSING'])
    );
    expect(report.alert.published).toBe(false);
  });

  it('diagnoses a saved event file', async () => {
    // Prepare
    const directory = makeTempDir('netfix-cli-');
    const file = join(directory, 'event.json');
    await writeFile(file, JSON.stringify(world.event));

    // Act
    const result = await runInMemory(['diagnose', '--event', file, '--json']);

    // Assess
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.origin).toBe('manual-event');
    expect(report.task?.taskArn).toBe(world.taskArn);
    expect(report.classification?.category).toBe('ecr_api_unreachable');
  });

  it('exits 2 with the field named when the event file is not an ECS event', async () => {
    const directory = makeTempDir('netfix-cli-');
    const file = join(directory, 'event.json');
    await writeFile(file, JSON.stringify({ detail: { nothing: true } }));

    const result = await runInMemory(['diagnose', '--event', file, '--json']);

    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.outcome).toBe('invalid');
    expect(report.note).not.toBeNull();
  });

  it('exits 2 without an AWS call when the task is not named', async () => {
    const result = await runInMemory(['diagnose', '--cluster', world.clusterName, ...REGION]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('name the task');
    expect(result.stdout).toBe('');
  });

  it('exits 2 with one line when the cluster has no such task (bad input, not an AWS failure)', async () => {
    const result = await runInMemory(['diagnose', '--cluster', world.clusterName, '--service', 'no-such-service', ...REGION]);

    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('No stopped task found for service no-such-service');
  });
});
