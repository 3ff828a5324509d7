/** How `diagnose` and `invoke` print a report and which exit code it gives. */
import { renderReport } from '../report/render-text.js';
import type { Report } from '../report/report.js';
import type { CliIo } from './cli-io.js';
import { EXIT_CODES } from './exit-codes.js';
import type { ExitCode } from './exit-codes.js';
import type { Style } from './style.js';
import { commandLine } from '../diagnosis/fix-commands.js';
import { TOOL } from './help.js';
import type { TaskTarget } from './task-target.js';

/**
 * 0: a report was produced (whatever it found); 2: the input was rejected; 1: an apply step
 * failed. AWS read failures never get here: they are errors (exit 1).
 */
function exitCodeForReport(report: Pick<Report, 'outcome' | 'actions'>): ExitCode {
  if (report.outcome === 'invalid') return EXIT_CODES.usage;
  if (report.outcome === 'failed') return EXIT_CODES.problems;
  // `partially-fixed` with a failed step is a failure of --apply too.
  if (report.actions.some((result) => result.status === 'failed')) return EXIT_CODES.problems;
  return EXIT_CODES.ok;
}

interface ReportOutputOptions {
  json: boolean;
  style: Style;
  /** The command that ran, named in the error line. */
  command: string;
  /** What the input named, for the fix line of a rejected input. */
  target: TaskTarget;
  region: string;
}

/** The fix line for a rejected input: how to find the right names, as commands to paste. */
function fixForRejectedInput(command: string, target: TaskTarget, region: string): string {
  switch (target.kind) {
    case 'event':
      return `give a saved "ECS Task State Change" event as EventBridge delivers it (${TOOL} ${command} --help)`;
    case 'task':
      return `check --cluster, --task and --region; '${commandLine([{ flag: 'aws' }, { flag: 'ecs' }, { flag: 'list-tasks' }, { flag: '--cluster' }, target.cluster, { flag: '--desired-status' }, 'STOPPED', { flag: '--region' }, region])}' lists the stopped tasks ECS still shows (about an hour)`;
    case 'service':
      return `check --cluster, --service and --region; '${commandLine([{ flag: 'aws' }, { flag: 'ecs' }, { flag: 'list-services' }, { flag: '--cluster' }, target.cluster, { flag: '--region' }, region])}' lists the services (and 'aws ecs list-clusters' the clusters)`;
  }
}

function writeReport(io: Pick<CliIo, 'stdout' | 'stderr'>, report: Report, options: ReportOutputOptions): void {
  if (report.outcome === 'invalid' && !options.json) {
    // Rejected input (an unknown cluster, task or service, a malformed event): as for usage errors.
    io.stderr.write(
      `${TOOL} ${options.command}: ${report.note ?? report.summary}\n  fix: ${fixForRejectedInput(options.command, options.target, options.region)}\n`
    );
    return;
  }
  if (options.json) {
    io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  io.stdout.write(renderReport(report, { color: options.style.enabled }));
}

export { exitCodeForReport, writeReport };
