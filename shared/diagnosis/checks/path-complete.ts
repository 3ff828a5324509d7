/**
 * `path-complete`: the summary check that runs after all others. A network failure whose path
 * now looks complete gets NO_PROBLEM_FOUND: someone fixed it since, or AWS had a transient issue.
 * It stays silent when a check could not run, because then the path was not fully checked.
 */
import type { DiagnosisContext } from '../context.js';
import type { Finding } from '../finding.js';
import { forceNewDeploymentCli } from '../fix-commands.js';
import { makeFinding, makeFix } from './support.js';

function pathCompleteFinding(context: DiagnosisContext, findings: Finding[], erroredCheckIds: string[]): Finding | null {
  if (!context.isNetworkFailure || erroredCheckIds.length > 0) return null;
  if (findings.some((finding) => finding.severity === 'error' || finding.cause)) return null;
  const services = context.routes.map((route) => `${route.need.service} via ${route.via}`);
  return makeFinding({
    code: 'NO_PROBLEM_FOUND',
    severity: 'info',
    message: `The stop reason is a network failure (${context.classification.category}), but the path looks complete now${services.length > 0 ? ` (${services.join(', ')})` : ''}. It may have been fixed since, or AWS had a transient problem.`,
    resources: [context.task.taskArn],
    fix: makeFix(
      'Start the task again; if it fails the same way, check what this tool cannot see (endpoint policies, firewalls, proxies).',
      ['ECS console > Cluster > Service > Update > Force new deployment'],
      context.task.serviceName === null
        ? []
        : [forceNewDeploymentCli(context.region, context.task.clusterName, context.task.serviceName)],
      false
    ),
    cause: false,
  });
}

export { pathCompleteFinding };
