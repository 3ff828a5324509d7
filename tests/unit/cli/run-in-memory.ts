/** Runs the CLI in-process with in-memory streams and returns what a terminal would show. */
import { Readable } from 'node:stream';
import type { CliCommand } from '../../../shared/cli/command.js';
import { runCli } from '../../../shared/cli/run-cli.js';

interface MemoryRunOptions {
  stdin?: string;
  stdinIsTTY?: boolean;
  stdoutIsTTY?: boolean;
  env?: Record<string, string | undefined>;
  commands?: readonly CliCommand[];
}

interface MemoryRunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function memoryStream(isTTY: boolean): { write(chunk: string): boolean; isTTY: boolean; text(): string } {
  const chunks: string[] = [];
  return {
    isTTY,
    write(chunk: string) {
      chunks.push(chunk);
      return true;
    },
    text: () => chunks.join(''),
  };
}

async function runInMemory(argv: string[], options: MemoryRunOptions = {}): Promise<MemoryRunResult> {
  const stdin = Object.assign(Readable.from([options.stdin ?? '']), {
    isTTY: options.stdinIsTTY ?? false,
  });
  const stdout = memoryStream(options.stdoutIsTTY ?? false);
  const stderr = memoryStream(false);
  const code = await runCli(argv, { stdin, stdout, stderr, env: options.env ?? {} }, options.commands);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

export { runInMemory };
