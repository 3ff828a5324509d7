/**
 * Every run's report is logged exactly once at INFO (the audit trail in CloudWatch Logs): before
 * the alert by a leader (so an SNS failure cannot lose it), at the end of the run otherwise.
 */
import { logger } from '../observability.js';
import type { Report } from '../report/report.js';

const logged = new WeakSet<Report>();

function logReport(report: Report): void {
  if (logged.has(report)) return;
  logged.add(report);
  logger.info('Report', { report });
}

export { logReport };
