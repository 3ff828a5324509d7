import { describe, expect, it } from '@jest/globals';
import { MESSAGES_EN } from '../../../shared/alerts/messages-en.js';
import { MESSAGES_KO } from '../../../shared/alerts/messages-ko.js';
import { formatDuration, formatMessage, formatUsd, translatorFor } from '../../../shared/alerts/messages.js';

/** Keys whose Korean text is pure layout (icons, IDs, punctuation) and needs no Hangul. */
const LAYOUT_KEYS = new Set(['applied.line', 'summary.incident', 'update.endpoint']);
const HANGUL = /[\uAC00-\uD7A3]/;

function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort();
}

describe('alert message tables', () => {
  it('have the same keys in English and Korean', () => {
    expect(Object.keys(MESSAGES_KO).sort()).toEqual(Object.keys(MESSAGES_EN).sort());
  });

  it('use the same placeholders in both languages', () => {
    for (const [key, english] of Object.entries(MESSAGES_EN)) {
      expect({ key, placeholders: placeholders(MESSAGES_KO[key as keyof typeof MESSAGES_EN]) }).toEqual({
        key,
        placeholders: placeholders(english),
      });
    }
  });

  it('leave no Korean string in English, except layout-only templates', () => {
    const untranslated = Object.entries(MESSAGES_KO)
      .filter(([key]) => !LAYOUT_KEYS.has(key))
      .filter(([, text]) => !HANGUL.test(text))
      .map(([key]) => key);
    expect(untranslated).toEqual([]);
  });
});

describe('formatMessage', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(formatMessage('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });
});

describe('formatDuration', () => {
  it('reads naturally in both languages', () => {
    expect(formatDuration(161, translatorFor('en'))).toBe('2 min 41 s');
    expect(formatDuration(161, translatorFor('ko'))).toBe('2분 41초');
    expect(formatDuration(42, translatorFor('en'))).toBe('42 s');
    expect(formatDuration(3_900, translatorFor('ko'))).toBe('1시간 5분');
  });
});

describe('formatUsd', () => {
  it('shows dollars with cents', () => {
    expect(formatUsd(16.06)).toBe('$16.06');
    expect(formatUsd(7.3)).toBe('$7.30');
  });
});
