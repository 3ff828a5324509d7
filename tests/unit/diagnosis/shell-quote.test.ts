/**
 * A value that needs ANSI-C quoting ($'…') and also holds a single quote: unescaped, the quote
 * would end the word and let the rest of the value run as shell code when a person pastes the
 * command. bash must read back exactly the value.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import { shellQuote } from '../../../shared/diagnosis/fix-commands.js';

/** What bash reads back from the quoted word (printf %s, so nothing is added). */
function readBack(word: string): string {
  const result = spawnSync('bash', ['--norc', '--noprofile', '-c', `printf %s ${word}`], { encoding: 'utf8' });
  return result.stdout;
}

describe('shellQuote in ANSI-C quoting', () => {
  it.each([
    ['a quote and a newline', "team's\nsecret"],
    ['a quote after a backtick', "`x';echo injected;'"],
    ['a quote and a tab', "a\t'b'"],
  ])('keeps %s one word that bash reads back unchanged', (_case, value) => {
    const word = shellQuote(value);

    expect(word.startsWith("$'")).toBe(true);
    expect(readBack(word)).toBe(value);
  });
});
