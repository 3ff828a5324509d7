/** Reads a whole input stream as lines (LF or CRLF), for commands that take input on stdin. */
import type { CliInputStream } from './cli-io.js';

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
  return lines;
}

export { readLines };
