/** A hop's one-line detail names what needs it only when something does (no dangling "needed for"). */
import { describe, expect, it } from '@jest/globals';
import { type PathHop, hopDetailLine } from '../../../shared/diagnosis/path.js';

function hop(neededFor?: string[]): PathHop {
  return {
    kind: 'endpoint',
    label: 'logs endpoint',
    status: 'broken',
    detail: 'no path',
    findings: [],
    ...(neededFor === undefined ? {} : { neededFor }),
  };
}

describe('hopDetailLine', () => {
  it.each([
    ['nothing said', undefined],
    ['an empty list', []],
  ])('is the detail alone when %s needs the hop', (_case, neededFor) => {
    expect(hopDetailLine(hop(neededFor))).toBe('no path');
  });

  it('adds what needs the hop', () => {
    expect(hopDetailLine(hop(['awslogs driver (container app)', 'secrets']))).toBe(
      'no path; needed for awslogs driver (container app); secrets'
    );
  });
});
