import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DescribeSecurityGroupsCommand, DescribeVpcEndpointsCommand, EC2Client, type VpcEndpoint } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createProgress } from '../../../../shared/cli/progress.js';
import { useTempDirs } from '../../../helpers/temp-dir.js';
import { runInMemory } from '../run-in-memory.js';

const ENV = { AWS_REGION: 'eu-west-1' };
const makeTempDir = useTempDirs();
const ESCAPE = '\u001b[';

function captured(isTTY: boolean) {
  const chunks: string[] = [];
  return { isTTY, write: (chunk: string) => chunks.push(chunk), text: () => chunks.join('') };
}

describe('createProgress', () => {
  it('draws a bar with the count on a terminal and clears it at the end', () => {
    const stream = captured(true);

    const progress = createProgress(stream, 4, 'checking services');
    progress.tick('orders-api');
    progress.tick('payments');
    progress.done();

    const frames = stream.text().split('\r');
    expect(frames).toContain(`${ESCAPE}2Kchecking services ████████████░░░░░░░░░░░░ 2/4 payments`);
    expect(stream.text().endsWith(`\r${ESCAPE}2K`)).toBe(true);
  });

  it('writes nothing to a pipe or a file', () => {
    const stream = captured(false);

    const progress = createProgress(stream, 4, 'checking services');
    progress.tick('orders-api');
    progress.done();

    expect(stream.text()).toBe('');
  });
});

describe('naming the task (diagnose, invoke)', () => {
  it.each([
    [
      ['diagnose', '--event', 'e.json', '--cluster', 'prod'],
      'give either --event FILE, or --cluster with --task or --service, not both',
    ],
    [['diagnose', '--cluster', 'prod', '--task', 't', '--service', 's'], 'give either --task or --service, not both'],
    [['diagnose', '--service', 'api'], '--service needs --cluster'],
    [
      ['invoke', '--function', 'f', '--cluster', 'prod'],
      'name the task: --event FILE, --cluster C --task T, or --cluster C --service S',
    ],
  ])('rejects %j with exit 2 before any AWS call', async (argv, message) => {
    const result = await runInMemory(argv, { env: ENV });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  });

  it('exits 2 when the event file is missing or not JSON', async () => {
    const directory = makeTempDir('netfix-usage-');
    const broken = join(directory, 'broken.json');
    await writeFile(broken, '{"detail": ');

    const missing = await runInMemory(['diagnose', '--event', join(directory, 'nope.json')], { env: ENV });
    const notJson = await runInMemory(['diagnose', '--event', broken], { env: ENV });

    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read --event');
    expect(missing.stderr).toContain('(ENOENT)');
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain('is not valid JSON');
  });

  it('needs exactly one --service with --task-definition-file', async () => {
    const result = await runInMemory(['check', '--cluster', 'prod', '--task-definition-file', 'td.json'], { env: ENV });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--task-definition-file needs exactly one --service');
  });
});

describe('colors (resources)', () => {
  const ec2Mock = mockClient(EC2Client);
  const tagged: VpcEndpoint = {
    VpcEndpointId: 'vpce-1',
    VpcId: 'vpc-1',
    ServiceName: 'com.amazonaws.eu-west-1.logs',
    VpcEndpointType: 'Interface',
    State: 'available' as VpcEndpoint['State'],
    SubnetIds: ['subnet-a'],
    Tags: [
      { Key: 'ManagedBy', Value: 'ecs-netfix' },
      { Key: 'ecs-netfix:incident', Value: 'ecs-netfix/prod/service:web/network/20261120T100000' },
      { Key: 'ecs-netfix:created-at', Value: '2026-11-20T10:00:00.000Z' },
    ],
  };

  afterEach(() => {
    ec2Mock.reset();
  });

  it('paints a terminal, but not with NO_COLOR set', async () => {
    ec2Mock.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [tagged] });
    ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });

    const painted = await runInMemory(['resources'], { env: ENV, stdoutIsTTY: true });
    const plain = await runInMemory(['resources'], { env: { ...ENV, NO_COLOR: '1' }, stdoutIsTTY: true });

    expect(painted.stdout).toContain(ESCAPE);
    expect(plain.stdout).not.toContain(ESCAPE);
    expect(plain.stdout).toContain('Total: ≈ $8.03/month for 1 resource(s) in eu-west-1.');
  });

  it('never lists an endpoint without the tag, even when the filter was ignored', async () => {
    ec2Mock.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [{ ...tagged, VpcEndpointId: 'vpce-user', Tags: [] }] });
    ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });

    const result = await runInMemory(['resources'], { env: ENV });

    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Nothing created by ecs-netfix in eu-west-1 (no resources tagged ManagedBy=ecs-netfix).\n');
  });
});
