/**
 * `ecs-netfix diagnose`: the Lambda's pipeline from a laptop, for one failed task. Dry run unless
 * `--apply`, which creates the missing endpoints exactly as the deployed function would.
 */
import { randomUUID } from 'node:crypto';
import { regionFromProfile } from '../../aws/profile-region.js';
import { pathMermaid } from '../../diagnosis/path-diagram.js';
import { logger } from '../../observability.js';
import { handleRequest } from '../../pipeline/handle-request.js';
import { AWS_OPTIONS, resolveAwsTarget } from '../aws-options.js';
import { EVENT_ACCOUNT_OPTIONS, openAccountSession, readAccountTarget, readEventAccountTarget } from '../spoke-options.js';
import { buildCliConfig } from '../cli-config.js';
import type { CliCommand, CommandContext } from '../command.js';
import type { ExitCode } from '../exit-codes.js';
import { readAll } from '../read-all.js';
import { exitCodeForReport, writeReport } from '../report-output.js';
import { runAwsCommand } from '../run-aws-command.js';
import { UsageError } from '../../errors.js';
import { TASK_TARGET_OPTIONS, buildManualPayload, readTaskTarget } from '../task-target.js';

const NAME = 'diagnose';

const diagnoseCommand: CliCommand = {
  name: NAME,
  summary: 'diagnose one failed task (and fix it with --apply)',
  description: [
    'Runs the same pipeline as the deployed function: classifies the stop reason, inspects the',
    "task's subnets, routes, endpoints, security groups, NACLs, DNS and execution role, and names",
    'what is missing with the exact fix. Read-only unless --apply is given; --apply creates the',
    'missing VPC endpoints (tagged ManagedBy=ecs-netfix; undo with ecs-netfix rollback).',
    'Name the task with --event FILE, --cluster C --task T, or --cluster C --service S.',
  ].join('\n'),
  options: {
    ...TASK_TARGET_OPTIONS,
    apply: { type: 'boolean', description: 'create the missing VPC endpoints (default: dry run, changes nothing)' },
    format: { type: 'string', description: 'text (default) or mermaid: the network path as a Mermaid flowchart' },
    ...AWS_OPTIONS,
    ...EVENT_ACCOUNT_OPTIONS,
  },
  arguments: [],
  examples: [
    'ecs-netfix diagnose --cluster prod --service orders-api',
    'ecs-netfix diagnose --cluster prod --task 0f4a1e2b3c4d5e6f7a8b9c0d1e2f3a4b --json',
    'ecs-netfix diagnose --event stopped-task.json --region eu-west-1',
    'ecs-netfix diagnose --cluster prod --service orders-api --apply',
    'ecs-netfix diagnose --cluster prod --service orders-api --format mermaid',
  ],
  run: runDiagnose,
};

async function runDiagnose(context: CommandContext): Promise<ExitCode> {
  const { values, io, style } = context;
  // Usage problems are reported before any AWS call.
  const taskTarget = readTaskTarget(values, NAME);
  const target = await resolveAwsTarget(values, io, NAME, regionFromProfile);
  const apply = values.apply === true;
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'mermaid') {
    throw new UsageError(`--format must be text or mermaid, not ${JSON.stringify(String(format).slice(0, 40))}`, NAME);
  }
  const payload = await buildManualPayload(taskTarget, {
    dryRun: !apply,
    region: target.region,
    command: NAME,
    readStdin: () => readAll(io.stdin),
  });
  const spoke = 'event' in payload ? readEventAccountTarget(values, payload.event, NAME) : readAccountTarget(values, NAME);
  // The function's JSON log lines would mix with the report on stdout.
  logger.setLogLevel('SILENT');
  return runAwsCommand(io, NAME, target, async () => {
    const session = await openAccountSession(target, spoke, `cli-${NAME}`);
    const report = await handleRequest(
      payload,
      {
        config: buildCliConfig({ apply }),
        clientsFor: session.clientsFor,
        permissionsFor: session.permissionsFor,
        defaultRegion: target.region,
      },
      { requestId: `cli-${randomUUID()}`, allowAlerts: false }
    );
    if (format === 'mermaid') {
      io.stdout.write(pathMermaid(report.path));
      return exitCodeForReport(report);
    }
    writeReport(io, report, { json: values.json === true, style, command: NAME, target: taskTarget, region: target.region });
    return exitCodeForReport(report);
  });
}

export { diagnoseCommand };
