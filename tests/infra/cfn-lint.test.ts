/**
 * cfn-lint on the synthesized ready stack. cfn-lint is a Python tool: when it is not installed the
 * test is skipped with the reason shown, except in CI (CI=true), where a missing linter fails.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { withTempDir } from '../helpers/temp-dir.js';
import { synthHubStack, synthReadyStack, synthSpokeStack } from './synth.js';

function cfnLintVersion(): string | null {
  const probe = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim() : null;
}

const version = cfnLintVersion();
const inCi = process.env.CI === 'true';

describe('cfn-lint', () => {
  (version === null && inCi ? it : it.skip)('is installed in CI', () => {
    throw new Error('cfn-lint is not on PATH: install it (pip install cfn-lint) so CI can lint the template');
  });

  const templates: [string, string, typeof synthReadyStack][] = [
    ['the ready (hub) stack', 'EcsNetfixStack', synthReadyStack],
    ['the ready stack in hub mode', 'EcsNetfixStack', () => synthHubStack()],
    ['the spoke stack (StackSet)', 'ecs-netfix-spoke', synthSpokeStack],
  ];
  for (const [what, name, synth] of templates) {
    (version === null ? it.skip : it)(
      `reports nothing on ${what}${version ? ` (${version})` : ' (skipped: cfn-lint not on PATH)'}`,
      () => {
        const { template } = synth();
        const result = withTempDir('netfix-cfn-lint-', (dir) => {
          const file = join(dir, `${name}.template.json`);
          writeFileSync(file, JSON.stringify(template.toJSON(), null, 1));
          return spawnSync('cfn-lint', ['--format', 'parseable', file], { encoding: 'utf8' });
        });
        expect(result.stdout + result.stderr).toBe('');
        expect(result.status).toBe(0);
      },
      120_000
    );
  }
});
