/** Reads a whole input stream as text (an event piped to `--event -`). */
import type { CliInputStream } from './cli-io.js';

async function readAll(stream: CliInputStream): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of stream) {
    text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  }
  return text + decoder.decode();
}

export { readAll };
