/**
 * Every command ecs-netfix suggests is pasted into a shell by someone. These tests run each one
 * in bash, with a stub `aws` (and `ecs-netfix`) on PATH that only records the argv it received,
 * against hostile values; a canary file must never appear and the stub must receive exactly the
 * intended argv.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';

// Each case starts bash and a stub per command: slow on a busy machine, never timing-dependent.
// Each case starts bash many times: a busy machine needs more than the unit default.
jest.setTimeout(60_000);
import { buildIncidentAlert } from '../../../shared/alerts/build-alert.js';
import {
  attachExecutionPolicyCli,
  createInterfaceEndpointCli,
  createRoleCli,
  endpointSecurityGroupCli,
  enableServicePublicIpCli,
  forceNewDeploymentCli,
  putRolePolicyCli,
  roleNameFromArn,
  shellQuote,
} from '../../../shared/diagnosis/fix-commands.js';
import { renderReport } from '../../../shared/report/render-text.js';
import { buildFinding, buildReport, buildTask } from './report-fixtures.js';

let workDir = '';
let binDir = '';
let recordDir = '';
let canary = '';

const STUB = `#!/bin/bash
# Records its name and argv, NUL-separated, one file per call; never runs anything.
shopt -s nullglob
calls=("$RECORD_DIR"/call-*)
printf -v file '%s/call-%03d' "$RECORD_DIR" "\${#calls[@]}"
printf '%s\\0' "\${0##*/}" "$@" > "$file"
if [ "$2" = create-security-group ]; then echo sg-0stub; fi
exit 0
`;

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'netfix-paste-'));
  binDir = join(workDir, 'bin');
  recordDir = join(workDir, 'records');
  canary = join(workDir, 'canary');
  for (const dir of [binDir, recordDir]) spawnSync('mkdir', ['-p', dir]);
  for (const name of ['aws', 'ecs-netfix']) {
    writeFileSync(join(binDir, name), STUB);
    chmodSync(join(binDir, name), 0o755);
  }
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

/** The values an attacker could put in a name, an ARN or a stop reason. */
function hostileValues(): string[] {
  return [
    `it's "quoted"`,
    `$(touch ${canary})`,
    `\`touch ${canary}\``,
    `x; touch ${canary}`,
    `x && touch ${canary}`,
    `x | touch ${canary}`,
    `x\ntouch ${canary}`,
    `x\r\ntouch ${canary}`,
    `'$(touch ${canary})'`,
    `"$(touch ${canary})"`,
    `a\\'b\\`,
    '$HOME ~ * ? [a] {a,b} !! %1',
    `@\u200Bchannel \u202Eevil\u2066 \uFEFF`,
    `tab\tbell\u0007esc\u001b[31m`,
    '',
    '-',
  ];
}

/**
 * Runs pasted command lines in one bash (one after the other, as a person pasting a block
 * would) and returns every argv the stubs received, in order.
 */
function runPasted(...commands: string[]): string[][] {
  for (const file of readdirSync(recordDir)) rmSync(join(recordDir, file));
  const script = commands.join('\n');
  const result = spawnSync('bash', ['--norc', '--noprofile', '-c', script], {
    env: { PATH: `${binDir}:/usr/bin:/bin`, RECORD_DIR: recordDir, LC_ALL: 'C' },
    encoding: 'utf8',
  });
  expect({ script, status: result.status, stderr: result.stderr }).toMatchObject({ script, status: 0 });
  expect({ script, canaryAppeared: existsSync(canary) }).toEqual({ script, canaryAppeared: false });
  return readdirSync(recordDir)
    .sort()
    .map((file) => readFileSync(join(recordDir, file), 'utf8').split('\0').slice(0, -1));
}

describe('shellQuote', () => {
  it('gives back every hostile value as exactly one word, unchanged', () => {
    const values = hostileValues();
    const calls = runPasted(...values.map((value) => `aws echo ${shellQuote(value)}`));
    expect(calls).toEqual(values.map((value) => ['aws', 'echo', value]));
  });

  it('leaves plain IDs readable and writes invisible characters as visible escapes', () => {
    expect(shellQuote('vpc-0abc')).toBe('vpc-0abc');
    expect(shellQuote('arn:aws:iam::123456789012:role/ecsTaskExecutionRole')).toBe(
      'arn:aws:iam::123456789012:role/ecsTaskExecutionRole'
    );
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('@\u200Bchannel')).toBe("$'@\\xe2\\x80\\x8bchannel'");
    expect(shellQuote('a\nb')).toBe("$'a\\nb'");
    expect(shellQuote('<endpoint-sg-id>')).toBe('"$ENDPOINT_SG_ID"');
  });

  it('turns a NUL, which no argument can hold, into U+FFFD rather than cutting the value short', () => {
    expect(runPasted(`aws echo ${shellQuote('a\u0000; touch x')}`)).toEqual([['aws', 'echo', 'a\uFFFD; touch x']]);
  });
});

describe('the fix commands, pasted into bash', () => {
  it('run exactly the intended aws argv for hostile cluster, service, role and secret names', () => {
    for (const value of hostileValues()) {
      const secretArn = `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${value}`;
      const document = JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [secretArn] }],
      });
      const cases: [string, string[]][] = [
        [
          forceNewDeploymentCli('eu-west-1', value, value),
          ['ecs', 'update-service', '--cluster', value, '--service', value, '--force-new-deployment', '--region', 'eu-west-1'],
        ],
        [
          putRolePolicyCli(
            roleNameFromArn(`arn:aws:iam::123456789012:role/${value}`),
            'ecs-netfix-task-secrets',
            ['secretsmanager:GetSecretValue'],
            [secretArn]
          ),
          [
            'iam',
            'put-role-policy',
            '--role-name',
            roleNameFromArn(`arn:aws:iam::123456789012:role/${value}`),
            '--policy-name',
            'ecs-netfix-task-secrets',
            '--policy-document',
            document,
          ],
        ],
        [
          attachExecutionPolicyCli(value),
          [
            'iam',
            'attach-role-policy',
            '--role-name',
            value,
            '--policy-arn',
            'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy',
          ],
        ],
        [createRoleCli(value, document), ['iam', 'create-role', '--role-name', value, '--assume-role-policy-document', document]],
        [
          enableServicePublicIpCli({
            region: 'eu-west-1',
            cluster: value,
            service: value,
            subnetIds: ['subnet-1'],
            securityGroupIds: ['sg-1'],
          }),
          [
            'ecs',
            'update-service',
            '--cluster',
            value,
            '--service',
            value,
            '--network-configuration',
            'awsvpcConfiguration={subnets=[subnet-1],securityGroups=[sg-1],assignPublicIp=ENABLED}',
            '--region',
            'eu-west-1',
          ],
        ],
      ];
      expect(runPasted(...cases.map(([command]) => command))).toEqual(cases.map(([, argv]) => ['aws', ...argv]));
    }
  });

  it('create the endpoint security group first and hand its id to create-vpc-endpoint', () => {
    // Act
    const script = [
      ...endpointSecurityGroupCli('eu-west-1', 'vpc-0abc', ['sg-task']),
      createInterfaceEndpointCli({
        region: 'eu-west-1',
        vpcId: 'vpc-0abc',
        service: 'ecr.api',
        subnetIds: ['subnet-a'],
        securityGroupId: null,
      }),
    ].join('\n');
    const calls = runPasted(script);

    // Assess
    expect(calls.map((call) => call[2])).toEqual([
      'create-security-group',
      'authorize-security-group-ingress',
      'create-vpc-endpoint',
    ]);
    expect(calls[1]).toEqual([
      'aws',
      'ec2',
      'authorize-security-group-ingress',
      '--group-id',
      'sg-0stub',
      '--protocol',
      'tcp',
      '--port',
      '443',
      '--source-group',
      'sg-task',
      '--region',
      'eu-west-1',
    ]);
    expect(calls[2]).toContain('sg-0stub');
  });
});

/** The code blocks of a Slack description, as a person copies them (entities read back). */
function codeBlocks(description: string): string[] {
  return [...description.matchAll(/```([\s\S]*?)```/g)].map((match) =>
    (match[1] ?? '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
  );
}

describe('the commands in the alert and in the terminal report, pasted into bash', () => {
  it('run exactly the intended argv for a hostile cluster and secret', () => {
    for (const value of hostileValues().filter((candidate) => candidate !== '')) {
      const secretArn = `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${value}`;
      const finding = buildFinding({
        code: 'EXECUTION_ROLE_PERMISSION_MISSING',
        fix: {
          summary: 'Allow the secret',
          console: [],
          cli: [
            putRolePolicyCli('ecsTaskExecutionRole', 'ecs-netfix-task-secrets', ['secretsmanager:GetSecretValue'], [secretArn]),
          ],
          automatic: false,
        },
      });
      const report = buildReport({ task: buildTask({ cluster: value }), findings: [finding] });
      const { message } = buildIncidentAlert(report, { language: 'en', threadId: 't', failureCount: 1 });
      const pasted = codeBlocks(message.content.description).filter((block) => /^(aws|ecs-netfix) /m.test(block));
      expect(pasted.length).toBeGreaterThanOrEqual(2);
      const calls = runPasted(...pasted);
      expect(calls).toContainEqual(['ecs-netfix', 'diagnose', '--cluster', value, '--task', '0f1e2d3c4b5a69788796a5b4c3d2e1f0']);
      const policy = calls.find((call) => call[2] === 'put-role-policy');
      expect(JSON.parse(policy?.at(-1) ?? '{}').Statement[0].Resource).toEqual([secretArn]);

      const terminal = renderReport(report, { color: false })
        .split('\n')
        .filter((line) => line.trimStart().startsWith('$ '))
        .map((line) => line.trimStart().slice(2));
      const terminalPolicy = runPasted(...terminal).find((call) => call[2] === 'put-role-policy');
      expect(JSON.parse(terminalPolicy?.at(-1) ?? '{}').Statement[0].Resource).toEqual([secretArn]);
    }
  });
});

describe('the endpoint security group in the alert', () => {
  it('is created first, and create-vpc-endpoint pasted from Slack receives its id', () => {
    // Prepare: no endpoint security group exists yet, so the command names "$ENDPOINT_SG_ID".
    const endpointCommand = createInterfaceEndpointCli({
      region: 'eu-west-1',
      vpcId: 'vpc-0a1b2c3d4e5f60718',
      service: 'ecr.api',
      subnetIds: ['subnet-0aaa1111bbbb2222c'],
      securityGroupId: null,
    });
    const finding = buildFinding({
      fix: { summary: 'Create the endpoint', console: [], cli: [endpointCommand], automatic: true },
    });
    const report = buildReport({ findings: [finding] });

    // Act
    const { message } = buildIncidentAlert(report, { language: 'en', threadId: 't', failureCount: 1 });
    const blocks = codeBlocks(message.content.description).filter((block) => /^(aws|ENDPOINT_SG_ID=)/m.test(block));
    const calls = runPasted(...blocks);

    // Assess
    expect(message.content.description).toContain('First create the endpoint security group');
    expect(calls.map((call) => call[2])).toEqual([
      'create-security-group',
      'authorize-security-group-ingress',
      'create-vpc-endpoint',
    ]);
    const created = calls[2] ?? [];
    expect(created[created.indexOf('--security-group-ids') + 1]).toBe('sg-0stub');
  });
});
