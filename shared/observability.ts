/**
 * One structured logger and one metrics emitter (CloudWatch EMF) for the whole function.
 * Service name, level and namespace come from the Powertools environment variables that the stack
 * sets (POWERTOOLS_SERVICE_NAME, POWERTOOLS_LOG_LEVEL, POWERTOOLS_METRICS_NAMESPACE).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

const logger = new Logger({ serviceName: 'ecs-netfix' });
const metrics = new Metrics({ namespace: 'EcsNetfix', serviceName: 'ecs-netfix' });

/** One metric per outcome, with the category as a dimension: diagnoses, remediations, alerts. */
function recordOutcomeMetrics(outcome: string, category: string | null, created: number, alerted: boolean): void {
  const single = metrics.singleMetric();
  single.addDimension('outcome', outcome);
  single.addDimension('category', category ?? 'none');
  single.addMetric('Diagnoses', MetricUnit.Count, 1);
  if (created > 0) single.addMetric('ResourcesCreated', MetricUnit.Count, created);
  if (alerted) single.addMetric('Alerts', MetricUnit.Count, 1);
}

export { logger, metrics, recordOutcomeMetrics };
