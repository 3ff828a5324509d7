/**
 * The README's first command, end to end: `npm run demo` builds, starts its own moto on a free
 * loopback port, plays the incident through the built bundle and stops moto again.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';

function runDemo(args: string[]) {
  const result = spawnSync(process.execPath, ['scripts/demo.mjs', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', AWS_ENDPOINT_URL: '', NETFIX_MOTO_URL: '' },
    timeout: 120_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
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
