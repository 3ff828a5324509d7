import { describe, expect, it } from '@jest/globals';
import { alignColumns } from '../../../shared/cli/align-columns.js';
import { createStyle } from '../../../shared/cli/style.js';

const terminal = { isTTY: true, write: () => true };
const pipe = { isTTY: false, write: () => true };

describe('createStyle', () => {
  it('colors output for a terminal', () => {
    expect(createStyle(terminal, {}).red('x')).toBe('\u001b[31mx\u001b[39m');
  });

  it('prints plain text to a pipe', () => {
    expect(createStyle(pipe, {}).red('x')).toBe('x');
  });

  it('prints plain text to a terminal when NO_COLOR is set', () => {
    expect(createStyle(terminal, { NO_COLOR: '1' }).bold('x')).toBe('x');
  });

  it('keeps colors when NO_COLOR is set but empty, as no-color.org specifies', () => {
    expect(createStyle(terminal, { NO_COLOR: '' }).enabled).toBe(true);
  });

  it('prints plain text to a dumb terminal', () => {
    expect(createStyle(terminal, { TERM: 'dumb' }).enabled).toBe(false);
  });

  it('colors a pipe when FORCE_COLOR asks for it', () => {
    expect(createStyle(pipe, { FORCE_COLOR: '1' }).enabled).toBe(true);
  });
});

describe('alignColumns', () => {
  it('aligns columns by their plain text even when cells are painted', () => {
    const paint = (text: string): string => `<${text}>`;

    const lines = alignColumns([
      ['CATEGORY', 'SERVICE'],
      [{ text: 'ecr_api_unreachable', paint }, 'ecr.api'],
    ]);

    expect(lines).toEqual(['CATEGORY             SERVICE', '<ecr_api_unreachable>  ecr.api']);
  });
});
