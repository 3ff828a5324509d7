/**
 * The `ecs-netfix` CLI entry point (bundled to dist/cli/index.mjs). All behaviour lives in
 * runCli; this file only connects it to the process.
 */
import { runCli } from './run-cli.js';

// `ecs-netfix classify ... | head` closes the pipe early; that is not an error worth a trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
