/**
 * Runs the AWS part of a command and turns the AWS errors people meet (credentials, expired
 * token, region, permissions, throttling) into one line and its fix, exit code 1, no stack trace.
 * Usage and input errors go on to runCli, which reports them with exit code 2.
 */
import { assertIsError, InvalidRequestError } from '../errors.js';
import type { CliIo } from './cli-io.js';
import { EXIT_CODES } from './exit-codes.js';
import type { ExitCode } from './exit-codes.js';
import { explainAwsError } from './explain-aws-error.js';
import type { AwsTargetHint } from './explain-aws-error.js';
import { TOOL } from './help.js';
import { UsageError } from '../errors.js';

async function runAwsCommand(
  io: Pick<CliIo, 'stderr'>,
  command: string,
  target: AwsTargetHint,
  work: () => Promise<ExitCode>
): Promise<ExitCode> {
  try {
    return await work();
  } catch (error) {
    assertIsError(error);
    if (error instanceof UsageError || error instanceof InvalidRequestError) throw error;
    const explanation = explainAwsError(error, target);
    if (explanation === null) throw error;
    io.stderr.write(`${TOOL} ${command}: ${explanation.problem}\n  fix: ${explanation.fix}\n`);
    return explanation.badInput === true ? EXIT_CODES.usage : EXIT_CODES.problems;
  }
}

export { runAwsCommand };
