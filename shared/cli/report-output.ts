/** How `diagnose` and `invoke` print a report and which exit code it gives. */
import { renderReport } from '../report/render-text.js';
import type { Report } from '../report/report.js';
import type { CliIo } from './cli-io.js';
import { EXIT_CODES } from './exit-codes.js';
import type { ExitCode } from './exit-codes.js';
import type { Style } from './style.js';

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

function writeReport(io: Pick<CliIo, 'stdout' | 'stderr'>, report: Report, options: { json: boolean; style: Style }): void {
  if (report.outcome === 'invalid' && !options.json) {
    // Rejected input (an unknown task or service, a malformed event): one line, as for usage errors.
    io.stderr.write(`ecs-netfix: ${report.note ?? report.summary}\n`);
    return;
  }
  if (options.json) {
    io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  io.stdout.write(renderReport(report, { color: options.style.enabled }));
}

export { exitCodeForReport, writeReport };
