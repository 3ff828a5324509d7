import { describe, expect, it } from '@jest/globals';
import { runInMemory } from './run-in-memory.js';

describe('diagnose --format', () => {
  it('refuses an unknown format as a usage error before any AWS call', async () => {
    // Act: no credentials or endpoint are given; a usage error must come first.
    const result = await runInMemory([
      'diagnose',
      '--cluster',
      'prod',
      '--task',
      'abc',
      '--region',
      'eu-west-1',
      '--format',
      'svg',
    ]);

    // Assess
    expect({
      code: result.code,
      stdout: result.stdout,
      named: result.stderr.includes('ecs-netfix diagnose: --format must be text or mermaid, not "svg"'),
    }).toEqual({
      code: 2,
      stdout: '',
      named: true,
    });
  });

  it('lists the format in --help', async () => {
    const result = await runInMemory(['diagnose', '--help']);
    expect(result.stdout).toContain('--format');
  });
});
