import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { ServiceReadiness } from '../../../shared/cli/service-readiness.js';
import { buildWorld } from '../../helpers/moto-world.js';
import type { World } from '../../helpers/moto-world.js';
import { motoClients } from '../../helpers/moto.js';
import { useTempDirs } from '../../helpers/temp-dir.js';
import { runInMemory } from '../../unit/cli/run-in-memory.js';

const clients = motoClients();
const makeTempDir = useTempDirs();
const REGION = ['--region', 'eu-west-1'];

describe('ecs-netfix check and scan (moto)', () => {
  /** ecr.api, ecr.dkr and S3 are there; CloudWatch Logs is not, and there is no NAT. */
  let noLogs: World;
  /** Every endpoint the task definition needs. */
  let complete: World;

  beforeAll(async () => {
    noLogs = await buildWorld(clients, {
      name: 'cli-check-nologs',
      interfaceEndpoints: { services: ['ecr.api', 'ecr.dkr'] },
      s3Gateway: { on: 'private' },
    });
    complete = await buildWorld(clients, {
      name: 'cli-check-ready',
      interfaceEndpoints: { services: ['ecr.api', 'ecr.dkr', 'logs'] },
      s3Gateway: { on: 'private' },
    });
  });

  it('flags a service whose task definition needs logs when the VPC has no path to CloudWatch Logs', async () => {
    // Act
    const result = await runInMemory([
      'check',
      '--cluster',
      noLogs.clusterName,
      '--service',
      noLogs.serviceName ?? '',
      ...REGION,
    ]);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✘ would fail');
    expect(result.stdout).toContain('LOGS_ENDPOINT_MISSING');
    expect(result.stdout).toMatch(/needs\s+ecr\.api, ecr\.dkr, s3, logs/);
    expect(result.stdout).not.toContain('ECR_API_ENDPOINT_MISSING');
    expect(result.stdout).toContain('1 service would fail to start; 0 ready.');
  });

  it('says ready and exits 0 when every need has a path', async () => {
    const result = await runInMemory(['check', '--cluster', complete.clusterName, ...REGION]);

    expect(result.stdout).toContain('ready');
    expect(result.stdout).not.toContain('would fail');
    // moto has no IAM simulation: the role check is shown as not done, not as passed.
    expect(result.stdout).toContain('? permission check skipped');
    expect(result.code).toBe(0);
  });

  it('prints one JSON entry per service with --json', async () => {
    const result = await runInMemory(['check', '--cluster', noLogs.clusterName, '--json', ...REGION]);

    expect(result.code).toBe(1);
    const [entry, ...rest] = JSON.parse(result.stdout) as ServiceReadiness[];
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      cluster: noLogs.clusterName,
      service: noLogs.serviceName,
      status: 'would-fail',
      worstSeverity: 'error',
      vpcId: noLogs.vpcId,
    });
    expect(entry?.findings.map((finding) => finding.code)).toContain('LOGS_ENDPOINT_MISSING');
  });

  it('checks a task definition file about to be deployed instead of the current revision', async () => {
    // Prepare: the next revision adds a Secrets Manager secret; the VPC has no secretsmanager endpoint.
    const directory = makeTempDir('netfix-check-');
    const file = join(directory, 'task-definition.json');
    await writeFile(
      file,
      JSON.stringify({
        family: complete.name,
        executionRoleArn: complete.executionRoleArn,
        networkMode: 'awsvpc',
        containerDefinitions: [
          {
            name: 'app',
            image: complete.image,
            secrets: [
              { name: 'DB_PASSWORD', valueFrom: `arn:aws:secretsmanager:eu-west-1:${complete.accountId}:secret:db-AbCdEf` },
            ],
          },
        ],
      })
    );

    // Act
    const result = await runInMemory([
      'check',
      '--cluster',
      complete.clusterName,
      '--service',
      complete.serviceName ?? '',
      '--task-definition-file',
      file,
      ...REGION,
    ]);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('SECRETSMANAGER_ENDPOINT_MISSING');
    expect(result.stdout).toMatch(/needs\s+ecr\.api, ecr\.dkr, s3, secretsmanager/);
  });

  it('says a named service does not exist instead of counting it as a service that would fail', async () => {
    const result = await runInMemory(['check', '--cluster', complete.clusterName, '--service', 'ghost', ...REGION]);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `ecs-netfix check: service ghost does not exist in cluster ${complete.clusterName} (eu-west-1)\n` +
        `  fix: check the name; 'aws ecs list-services --cluster ${complete.clusterName} --region eu-west-1' lists the services\n`
    );
  });

  it('still checks the services that exist when one named service does not', async () => {
    const result = await runInMemory([
      'check',
      '--cluster',
      complete.clusterName,
      '--service',
      complete.serviceName ?? '',
      '--service',
      'ghost',
      ...REGION,
    ]);

    expect(result.code).toBe(2);
    expect(result.stdout).toContain(complete.serviceName ?? '?');
    expect(result.stdout).not.toContain('not found');
    expect(result.stderr).toContain('service ghost does not exist');
  });

  it('never invents a stop reason or a cause for a task that has not failed (--json)', async () => {
    for (const world of [complete, noLogs]) {
      const result = await runInMemory(['check', '--cluster', world.clusterName, '--json', ...REGION]);
      const entries = JSON.parse(result.stdout) as ServiceReadiness[];
      const findings = entries.flatMap((entry) => entry.findings);

      expect(findings.map((finding) => finding.code)).not.toContain('NO_PROBLEM_FOUND');
      expect(findings.filter((finding) => finding.cause)).toEqual([]);
      expect(JSON.stringify(findings)).not.toMatch(/stop reason|stopped because/i);
    }
  });

  it('gives a clean error with the fix for an unknown region, not a raw deserialization error', async () => {
    for (const command of ['scan', 'check']) {
      const result = await runInMemory([command, '--cluster', complete.clusterName, '--region', 'xx-nowhere-9']);

      expect(result.code).toBe(1);
      const [problem, fix, ...rest] = result.stderr.trimEnd().split('\n');
      expect(problem).toMatch(new RegExp(`^ecs-netfix ${command}: the answer to .+ in xx-nowhere-9 was not an AWS API reply$`));
      expect(fix).toMatch(/^ {2}fix: check the --region spelling/);
      expect(rest).toEqual([]);
      expect(result.stderr).not.toMatch(/SyntaxError|Deserialization|doctype/i);
    }
  });

  it('scans several clusters into one table, at-risk services first', async () => {
    // Act
    const result = await runInMemory(['scan', '--cluster', complete.clusterName, '--cluster', noLogs.clusterName, ...REGION]);

    // Assess
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^STATUS\s+CLUSTER\s+SERVICE\s+WHY$/);
    expect(lines[1]).toContain(noLogs.serviceName);
    expect(lines[1]).toContain('LOGS_ENDPOINT_MISSING');
    expect(lines[2]).toContain(complete.serviceName);
    expect(lines[2]).toContain('ready');
    expect(result.stdout).toContain('1 service would fail to start; 1 ready');
    // Not a terminal: no progress bar.
    expect(result.stderr).toBe('');
  });

  it('scans into a JSON list with --json', async () => {
    const result = await runInMemory(['scan', '--cluster', complete.clusterName, '--json', ...REGION]);

    expect(result.code).toBe(0);
    const entries = JSON.parse(result.stdout) as ServiceReadiness[];
    expect(entries.map((entry) => [entry.service, entry.status])).toEqual([[complete.serviceName, 'ready']]);
  });

  it('exits 2 with the fix when the cluster does not exist', async () => {
    for (const command of ['check', 'scan']) {
      const result = await runInMemory([command, '--cluster', 'no-such-cluster-zz', ...REGION]);

      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `ecs-netfix ${command}: the cluster does not exist in eu-west-1\n  fix: check the cluster name and --region ('aws ecs list-clusters --region eu-west-1')\n`
      );
    }
  });
});
