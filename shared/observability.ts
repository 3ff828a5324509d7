/**
 * One structured logger and one metrics emitter (CloudWatch EMF) for the whole function.
 * The service name and namespace are fixed here (constructor options win over the stack's
 * POWERTOOLS_SERVICE_NAME and POWERTOOLS_METRICS_NAMESPACE); the level comes from POWERTOOLS_LOG_LEVEL.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

const logger = new Logger({ serviceName: 'ecs-netfix' });
const metrics = new Metrics({ namespace: 'EcsNetfix', serviceName: 'ecs-netfix' });

/**
 * The run's metrics, published in EMF by the Middy `logMetrics` middleware when the invocation
 * ends: `Diagnoses`, `ResourcesCreated` and `Alerts`, by outcome and stop-reason category.
 */
function recordOutcomeMetrics(outcome: string, category: string | null, created: number, alerted: boolean): void {
  metrics.addDimensions({ outcome, category: category ?? 'none' });
  metrics.addMetric('Diagnoses', MetricUnit.Count, 1);
  metrics.addMetric('ResourcesCreated', MetricUnit.Count, created);
  metrics.addMetric('Alerts', MetricUnit.Count, alerted ? 1 : 0);
}

/** Every log line of the run carries the task it is about (reset per invocation by Middy). */
function appendTaskKeys(keys: { clusterArn: string; taskArn: string }): void {
  logger.appendKeys(keys);
}

export { appendTaskKeys, logger, metrics, recordOutcomeMetrics };
