/** Reads a whole input stream as lines (LF or CRLF), for commands that take input on stdin. */
import type { CliInputStream } from './cli-io.js';
import { UsageError } from '../errors.js';

/**
 * The lines of stdin. Input without one non-blank line is a usage error, not an empty answer:
 * `classify </dev/null` must not print nothing and exit 0 as if all went well.
 */
async function readLines(stream: CliInputStream): Promise<string[]> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of stream) {
    text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  }
  text += decoder.decode();
  const lines = text.split(/\r?\n/);
  // A trailing newline ends the last line; it does not start an empty one.
  if (lines.at(-1) === '') lines.pop();
  if (lines.every((line) => line.trim() === '')) {
    throw new UsageError('stdin is empty: give the input as an argument, or pipe it on stdin (one per line)');
  }
  return lines;
}

export { readLines };
