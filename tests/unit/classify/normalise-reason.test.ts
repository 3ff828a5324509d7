import { describe, expect, it } from '@jest/globals';

import { MAX_REASON_CHARS, normaliseReasonText } from '../../../shared/classify/normalise-reason.js';

describe('normaliseReasonText', () => {
  it('turns curly quotes into straight ones', () => {
    // Act
    const result = normaliseReasonText('pull \u2018app:1\u2019 from \u201Chttps://x\u201D');

    // Assess
    expect(result).toBe('pull \'app:1\' from "https://x"');
  });

  it('collapses line breaks, tabs, non-breaking spaces and JSON escapes into single spaces', () => {
    // Act
    const result = normaliseReasonText('a\r\n\tb\u00A0\u00A0c\\nd \\"e\\"');

    // Assess
    expect(result).toBe('a b c d "e"');
  });

  it('removes zero-width characters that would split words', () => {
    // Act
    const result = normaliseReasonText('i/o\u200B time\u200Dout');

    // Assess
    expect(result).toBe('i/o timeout');
  });

  it('keeps the case of the text', () => {
    // Act
    const result = normaliseReasonText('ResourceInitializationError');

    // Assess
    expect(result).toBe('ResourceInitializationError');
  });

  it('caps the text at MAX_REASON_CHARS', () => {
    // Act
    const result = normaliseReasonText('y'.repeat(MAX_REASON_CHARS * 3));

    // Assess
    expect(result).toHaveLength(MAX_REASON_CHARS);
  });
});
