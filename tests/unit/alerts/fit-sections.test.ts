import { describe, expect, it } from '@jest/globals';
import { TRUNCATION_MARKER } from '../../../shared/alerts/escape-slack.js';
import { type AlertSection, renderSections } from '../../../shared/alerts/fit-sections.js';

function finding(n: number) {
  return {
    full: `*${n}.* explanation ${'e'.repeat(100)}\n\`\`\`aws command ${n}\`\`\``,
    medium: `*${n}.*\n\`\`\`aws command ${n}\`\`\``,
    short: `*${n}.* summary`,
  };
}

describe('renderSections', () => {
  it('gives every finding the same level of detail: all keep their commands when only the explanations do not fit', () => {
    // Prepare: three findings whose full forms overflow but whose medium forms fit.
    const fix: AlertSection = { heading: 'How to fix by hand', blocks: [finding(1), finding(2), finding(3)] };

    // Act
    const text = renderSections([fix], 120);

    // Assess
    expect(text).toBe('*How to fix by hand*\n*1.*\n```aws command 1```\n*2.*\n```aws command 2```\n*3.*\n```aws command 3```');
  });

  it('gives the details section only what the main sections leave', () => {
    // Prepare
    const main: AlertSection = { heading: 'Main', blocks: ['m'.repeat(80), 'n'.repeat(80)] };
    const details: AlertSection = { heading: 'Path', blocks: ['p'.repeat(80), 'q'.repeat(80)], details: true };

    // Act
    const text = renderSections([main, details], 220);

    // Assess
    expect({
      main: text.startsWith(`*Main*\n${'m'.repeat(80)}\n${'n'.repeat(80)}\n\n*Path*`),
      cut: text.endsWith(`_${TRUNCATION_MARKER}_`),
      fits: text.length <= 220,
    }).toEqual({
      main: true,
      cut: true,
      fits: true,
    });
  });
});
