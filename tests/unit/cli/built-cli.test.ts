/**
 * Runs the bundled CLI as a child process, as a user would. The project build
 * (`node esbuild.config.mjs`) is tried first; when another entry point does not compile yet,
 * only the CLI is bundled, with the same esbuild options, into a temporary directory.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const REASONS_FIXTURE = join(ROOT, 'tests/fixtures/reasons/reasons.txt');
const OWN_REASONS = [
  'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): RequestError: send request failed caused by: Post "https://api.ecr.eu-west-1.amazonaws.com/": dial tcp 52.95.121.23:443: i/o timeout',
  '',
  'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders-api:9.9.9: not found',
].join('\n');

let tempDir: string | null = null;
let cliPath = '';

async function buildCliOnly(): Promise<string> {
  tempDir = mkdtempSync(join(tmpdir(), 'ecs-netfix-cli-'));
  const outfile = join(tempDir, 'index.mjs');
  await build({
    entryPoints: [join(ROOT, 'shared/cli/main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    mainFields: ['module', 'main'],
    conditions: ['module', 'import'],
    logLevel: 'silent',
    banner: {
      js: "import { createRequire as __netfixCreateRequire } from 'node:module';const require = __netfixCreateRequire(import.meta.url);",
    },
  });
  return outfile;
}

function runBuilt(args: string[], input: string) {
  return spawnSync(process.execPath, [cliPath, ...args], {
    input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
    timeout: 30_000,
  });
}

beforeAll(async () => {
  const projectBuild = spawnSync(process.execPath, ['esbuild.config.mjs'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const built = join(ROOT, 'dist/cli/index.mjs');
  cliPath = projectBuild.status === 0 && existsSync(built) ? built : await buildCliOnly();
}, 90_000);

afterAll(() => {
  if (tempDir !== null) rmSync(tempDir, { recursive: true, force: true });
});

describe('the built ecs-netfix CLI', () => {
  it('classifies every non-blank stdin line as one JSON object', () => {
    // Prepare
    const input = existsSync(REASONS_FIXTURE) ? readFileSync(REASONS_FIXTURE, 'utf8') : OWN_REASONS;
    const expectedInputs = input.split(/\r?\n/).filter((line) => line.trim() !== '');

    // Act
    const result = runBuilt(['classify', '--json'], input);

    // Assess
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const objects = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { input: string; category: string; endpointFixable: boolean });
    expect(objects.map((object) => object.input)).toEqual(expectedInputs);
    for (const object of objects) {
      expect(typeof object.category).toBe('string');
      expect(typeof object.endpointFixable).toBe('boolean');
    }
  });

  it('never prints the AWS SDK notice about Node versions through the published bin', () => {
    // Prepare: the bin runs dist/cli, which the project build in beforeAll made. The endpoint
    // refuses at once, so an SDK client is created (where the SDK would print its notice) and fails.
    expect(cliPath).toBe(join(ROOT, 'dist/cli/index.mjs'));
    const env = {
      PATH: process.env.PATH ?? '',
      NO_COLOR: '1',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_EC2_METADATA_DISABLED: 'true',
    };

    // Act
    const result = spawnSync(
      process.execPath,
      [
        join(ROOT, 'bin/ecs-netfix.mjs'),
        'diagnose',
        '--cluster',
        'prod',
        '--task',
        '0f4a1e2b3c4d5e6f7a8b9c0d1e2f3a4b',
        '--region',
        'eu-west-1',
      ],
      { encoding: 'utf8', env, timeout: 30_000 }
    );

    // Assess: the CLI's own error is the first line, nothing from the SDK before or after it.
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^ecs-netfix diagnose: could not reach AWS in eu-west-1/);
    expect(result.stderr).not.toMatch(/NodeVersionSupportWarning|AWS SDK for JavaScript|node --trace-warnings/);
  });

  it('exits 2 with one line and no stack trace on an unknown flag', () => {
    const result = runBuilt(['classify', '--nope'], '');

    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe("ecs-netfix classify: unknown option --nope\nRun 'ecs-netfix classify --help' for usage.\n");
  });
});
