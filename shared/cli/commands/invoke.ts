/**
 * `ecs-netfix invoke`: asks the deployed function to diagnose a task (always a dry run), to test
 * a deployment with its own role and network. Prints the returned report like `diagnose`.
 */
import { shellQuote } from '../../diagnosis/fix-commands.js';
import { createLambdaClient, invokeFunction } from '../../aws/lambda-invoke.js';
import { regionFromProfile } from '../../aws/profile-region.js';
import type { Report } from '../../report/report.js';
import { AWS_OPTIONS, resolveAwsTarget, stringOption } from '../aws-options.js';
import type { CliCommand, CommandContext } from '../command.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { ExitCode } from '../exit-codes.js';
import { TOOL } from '../help.js';
import { readAll } from '../read-all.js';
import { exitCodeForReport, writeReport } from '../report-output.js';
import { runAwsCommand } from '../run-aws-command.js';
import { TASK_TARGET_OPTIONS, buildManualPayload, readTaskTarget } from '../task-target.js';
import { UsageError } from '../../errors.js';
import { EVENT_ACCOUNT_OPTIONS, openAccountSession, readAccountTarget, readEventAccountTarget } from '../spoke-options.js';

const NAME = 'invoke';

const invokeCommand: CliCommand = {
  name: NAME,
  summary: 'run the deployed function on a failed task (always a dry run)',
  description: [
    'Invokes the deployed ecs-netfix function synchronously with a manual request and prints the',
    'report it returns. The request always carries dryRun: true, so the function changes nothing',
    "even where it may. Useful to test a deployment's role, network and configuration.",
  ].join('\n'),
  options: {
    function: { type: 'string', valueName: 'NAME', description: 'function name or ARN (required)' },
    ...TASK_TARGET_OPTIONS,
    ...AWS_OPTIONS,
    ...EVENT_ACCOUNT_OPTIONS,
  },
  arguments: [],
  examples: [
    'ecs-netfix invoke --function ecs-netfix-remediate --cluster prod --service orders-api',
    'ecs-netfix invoke --function ecs-netfix-remediate --event stopped-task.json --json',
  ],
  run: runInvoke,
};

function isReport(value: unknown): value is Report {
  if (value === null || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  return typeof record.outcome === 'string' && typeof record.summary === 'string' && Array.isArray(record.findings);
}

async function runInvoke(context: CommandContext): Promise<ExitCode> {
  const { values, io, style } = context;
  const functionName = stringOption(values, 'function');
  if (functionName === null) throw new UsageError('--function NAME is required', NAME);
  const taskTarget = readTaskTarget(values, NAME);
  const target = await resolveAwsTarget(values, io, NAME, regionFromProfile);
  // Never let a test invocation change anything, whatever the deployment allows.
  const payload = await buildManualPayload(taskTarget, {
    dryRun: true,
    region: target.region,
    command: NAME,
    readStdin: () => readAll(io.stdin),
  });
  // With --spoke-role, the function deployed in that member account is the one invoked.
  const spoke = 'event' in payload ? readEventAccountTarget(values, payload.event, NAME) : readAccountTarget(values, NAME);
  return runAwsCommand(io, NAME, target, async () => {
    const { credentials } = await openAccountSession(target, spoke, `cli-${NAME}`);
    const lambda = createLambdaClient({
      region: target.region,
      ...(target.profile ? { profile: target.profile } : {}),
      ...(credentials ? { credentials } : {}),
    });
    const answer = await invokeFunction(lambda, functionName, payload);
    if (answer.kind === 'function-error') {
      io.stderr.write(
        `${TOOL} ${NAME}: the function ${functionName} failed: ${answer.errorType}: ${answer.errorMessage.split('\n')[0]}\n` +
          `  fix: read its log ('aws logs tail ${shellQuote(`/aws/lambda/${functionName.split(':').at(-1)}`)} --since 10m')\n`
      );
      return EXIT_CODES.problems;
    }
    if (!isReport(answer.payload)) {
      io.stderr.write(`${TOOL} ${NAME}: ${functionName} did not return an ecs-netfix report; is it the right function?\n`);
      return EXIT_CODES.problems;
    }
    writeReport(io, answer.payload, {
      json: values.json === true,
      style,
      command: NAME,
      target: taskTarget,
      region: target.region,
    });
    return exitCodeForReport(answer.payload);
  });
}

export { invokeCommand };
