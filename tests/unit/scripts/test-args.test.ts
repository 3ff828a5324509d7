/** What `npm test -- ARGS` hands to jest, and whether the run needs moto (scripts/lib/test-args.mjs). */
import { describe, expect, it } from '@jest/globals';
import { planTestRun } from '../../../scripts/lib/test-args.mjs';

const INTEGRATION = ['/repo/tests/integration/lambda/remediate.test.ts', '/repo/tests/integration/demo.test.ts'];

describe('planTestRun', () => {
  it('runs every project, with moto, when nothing is selected', () => {
    expect(planTestRun([], INTEGRATION)).toEqual({
      jestArgs: [],
      projects: ['unit', 'integration', 'infra'],
      needsMoto: true,
    });
  });

  it('needs no moto for the unit or infra project alone', () => {
    expect(planTestRun(['--selectProjects', 'unit'], INTEGRATION)).toMatchObject({
      jestArgs: ['--selectProjects', 'unit'],
      projects: ['unit'],
      needsMoto: false,
    });
    expect(planTestRun(['--selectProjects', 'unit', 'infra'], INTEGRATION).needsMoto).toBe(false);
    expect(planTestRun(['--ignoreProjects', 'integration'], INTEGRATION)).toMatchObject({
      projects: ['unit', 'infra'],
      needsMoto: false,
    });
  });

  it('takes the vitest form --project X as --selectProjects X', () => {
    expect(planTestRun(['--project', 'unit'], INTEGRATION)).toMatchObject({
      jestArgs: ['--selectProjects', 'unit'],
      needsMoto: false,
    });
    expect(planTestRun(['--project=integration'], INTEGRATION)).toMatchObject({
      jestArgs: ['--selectProjects', 'integration'],
      needsMoto: true,
    });
  });

  it('keeps paths after --selectProjects as paths, placed before it', () => {
    expect(planTestRun(['--selectProjects', 'integration', 'tests/integration/lambda'], INTEGRATION)).toEqual({
      jestArgs: ['tests/integration/lambda', '--selectProjects', 'integration'],
      projects: ['integration'],
      needsMoto: true,
    });
  });

  it('starts no moto when the paths select no integration file', () => {
    expect(planTestRun(['tests/unit/classify'], INTEGRATION).needsMoto).toBe(false);
    expect(planTestRun(['tests/integration/lambda'], INTEGRATION).needsMoto).toBe(true);
    expect(planTestRun(['--testPathPatterns', 'demo'], INTEGRATION)).toMatchObject({
      jestArgs: ['demo'],
      needsMoto: true,
    });
  });

  it('does not take the value of an option for a path', () => {
    expect(planTestRun(['-t', 'integration', '--selectProjects', 'unit'], INTEGRATION)).toEqual({
      jestArgs: ['-t', 'integration', '--selectProjects', 'unit'],
      projects: ['unit'],
      needsMoto: false,
    });
  });
});
