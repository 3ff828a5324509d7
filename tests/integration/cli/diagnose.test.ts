import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DescribeVpcEndpointsCommand } from '@aws-sdk/client-ec2';
import { CreateServiceCommand } from '@aws-sdk/client-ecs';
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
    const result = await runInMemory([
      'diagnose',
      '--cluster',
      world.clusterName,
      '--service',
      world.serviceName ?? '',
      ...REGION,
    ]);

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

  it('says a service does not exist instead of blaming the one-hour retention (exit 2, with the fix)', async () => {
    const result = await runInMemory(['diagnose', '--cluster', world.clusterName, '--service', 'no-such-service', ...REGION]);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `ecs-netfix diagnose: Service no-such-service does not exist in cluster ${world.clusterName} (eu-west-1)\n` +
        `  fix: check --cluster, --service and --region; 'aws ecs list-services --cluster ${world.clusterName} --region eu-west-1' lists the services (and 'aws ecs list-clusters' the clusters)\n`
    );
    expect(result.stderr).not.toContain('hour');
  });

  it('says a misspelt cluster does not exist (ClusterNotFoundException), for --service and --task', async () => {
    for (const target of [
      ['--service', 'x'],
      ['--task', world.taskArn.split('/').at(-1) ?? ''],
    ]) {
      const result = await runInMemory(['diagnose', '--cluster', 'nosuch', ...target, ...REGION]);

      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^ecs-netfix diagnose: Cluster nosuch does not exist in eu-west-1\n {2}fix: check --cluster/);
      expect(result.stderr.split('\n')[0]).not.toContain('hour');
    }
  });

  it('keeps the one-hour explanation for a service that exists but has no stopped task', async () => {
    await clients.ecs.send(
      new CreateServiceCommand({
        cluster: world.clusterName,
        serviceName: 'idle',
        taskDefinition: world.taskDefinitionArn,
        desiredCount: 0,
      })
    );
    const result = await runInMemory(['diagnose', '--cluster', world.clusterName, '--service', 'idle', ...REGION]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ECS shows stopped tasks for about an hour only');
  });

  it('names empty stdin as empty, not as invalid JSON', async () => {
    const result = await runInMemory(['diagnose', '--event', '-'], { stdin: '' });

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'ecs-netfix diagnose: stdin is empty: give a saved "ECS Task State Change" event (JSON)\nRun \'ecs-netfix diagnose --help\' for usage.\n'
    );
  });

  it('names the command and the fix when the event is not an ECS event', async () => {
    const result = await runInMemory(['diagnose', '--event', '-'], { stdin: JSON.stringify({ detail: { nothing: true } }) });

    expect(result.code).toBe(2);
    const [problem, fix, ...rest] = result.stderr.trimEnd().split('\n');
    expect(problem).toMatch(/^ecs-netfix diagnose: /);
    expect(fix).toMatch(/^ {2}fix: give a saved "ECS Task State Change" event/);
    expect(rest).toEqual([]);
  });
});
