/**
 * The README's first command, end to end: `npm run demo` builds, starts its own moto on a free
 * loopback port, plays the incident through the built bundle and stops moto again.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
// @ts-expect-error: a plain .mjs script without types; motoEnv(url, region) returns the AWS_* variables.
import { motoEnv } from '../../scripts/lib/moto.mjs';

function runDemo(args: string[], extraEnv: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['scripts/demo.mjs', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', AWS_ENDPOINT_URL: '', NETFIX_MOTO_URL: '', ...extraEnv },
    timeout: 300_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Whether a process with this id still runs (signal 0 only asks). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs one printed command as a newcomer would paste it (npx, but never from the registry). */
function runPrinted(command: string, env: Record<string, string>) {
  const result = spawnSync('sh', ['-c', command.replace(/^npx /, 'npx --no-install ')], {
    encoding: 'utf8',
    env: { ...process.env, ...env, NO_COLOR: '1' },
    timeout: 120_000,
  });
  return { command, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run demo', () => {
  it('plays the default scenario and every step does what it should', () => {
    const { status, output } = runDemo([]);

    expect(output).toContain('[1/7] The broken world, built in moto');
    expect(output).toContain('[7/7] ECS reports the deployment completed');
    expect(output).not.toContain('✘ outcome');
    expect(output).toContain('Every step did what it should');
    expect(status).toBe(0);
  });

  it('plays the public-registry scenario: no endpoint helps, the alert explains the NAT route', () => {
    const { status, output } = runDemo(['--scenario', 'public-registry']);

    expect(output).toContain('NO_EGRESS_ROUTE');
    expect(output).toContain('Every step did what it should');
    expect(status).toBe(0);
  });

  it('plays the multi-account scenario: the hub fixes the member VPC and the alert names the account', () => {
    const { status, output } = runDemo(['--scenario', 'multi-account']);

    expect(output).toContain('[1/4] The broken world, built in moto in member account 210987654321');
    expect(output).toContain("✔ 4 endpoints in the member's VPC, owned by 210987654321");
    expect(output).toContain('✔ nothing was created in the hub account 123456789012');
    expect(output).toContain('✔ one alert with attribute account=210987654321');
    expect(output).toContain('Every step did what it should');
    expect(status).toBe(0);
  });

  it('--keep leaves the broken world with its failed tasks, and every command it prints works there', async () => {
    const demoTmp = mkdtempSync(join(tmpdir(), 'demo-keep-'));
    let leftovers: string[] = [];
    const { status, output } = runDemo(['--keep'], { TMPDIR: demoTmp, TMP: demoTmp, TEMP: demoTmp });
    const kept = /moto keeps running on (\S+) \(pid (\d+), log (\S+)\)/.exec(output);
    const [url, pid, log] = [kept?.[1] ?? '', Number(kept?.[2]), kept?.[3] ?? ''];
    try {
      expect({ status, kept: kept !== null }).toEqual({ status: 0, kept: true });
      expect(output).toContain('[3/3] The alert');
      expect(output).not.toContain('ecs-netfix creates the endpoints');
      const printed = output
        .split('\n')
        .filter((line) => line.startsWith('  npx ecs-netfix '))
        .map((line) => line.trim().replace(/\s+#.*$/, ''));
      const alertCommand = /```(ecs-netfix diagnose --cluster \S+ --task \S+)\n/.exec(output.replace(/│ /g, ''))?.[1];
      expect(printed).toContain(`npx ${alertCommand}`);
      expect(printed.map((command) => command.split(' ')[2])).toEqual(
        expect.arrayContaining(['diagnose', 'check', 'scan', 'resources'])
      );
      const export_ = /export (AWS_ENDPOINT_URL=\S+) /.exec(output)?.[1];
      expect(export_).toBe(`AWS_ENDPOINT_URL=${url}`);

      const env = motoEnv(url, 'ap-northeast-2') as Record<string, string>;
      const results = printed.map((command) => runPrinted(command, env));
      const expectedStatus = (command: string) => (/ecs-netfix (check|scan) /.test(command) ? 1 : 0);
      expect(results.map((result) => [result.command, result.status, result.stderr])).toEqual(
        printed.map((command) => [command, expectedStatus(command), ''])
      );
      // Before the fix, in the kept world: the alert's own command finds the task and the missing endpoints.
      const diagnosed = results.find((result) => result.command === `npx ${alertCommand}`);
      expect(diagnosed?.stdout).toContain('ECR_API_ENDPOINT_MISSING');
      // The last command applies the fix; then the world is whole.
      expect(printed.at(-1)).toMatch(/--apply$/);
      const after = runPrinted(`npx ${alertCommand}`, env);
      expect(after.stdout).not.toContain('ECR_API_ENDPOINT_MISSING');
    } finally {
      if (pid > 0 && running(pid)) process.kill(pid, 'SIGTERM');
      while (pid > 0 && running(pid)) await new Promise((resolve) => setTimeout(resolve, 100));
      if (log !== '') rmSync(log, { force: true });
      // Read, then remove, even when an expectation above failed: the run's temp directory stays clean.
      leftovers = readdirSync(demoTmp);
      rmSync(demoTmp, { recursive: true, force: true });
    }
    expect(running(pid)).toBe(false);
    expect(leftovers).toEqual([]);
    // The demo builds, plays three steps and each printed command starts a CLI: minutes on a busy machine.
  }, 900_000);

  it('lists the scenarios without starting anything', () => {
    const { status, output } = runDemo(['--list']);

    expect(output).toMatch(/private-subnets\s+A Fargate service/);
    expect(output).toMatch(/public-registry\s+/);
    expect(output).toMatch(/multi-account\s+One hub/);
    expect(status).toBe(0);
  });

  it('rejects an unknown scenario with exit code 2', () => {
    expect(runDemo(['--scenario', 'nope']).status).toBe(2);
  });
});
