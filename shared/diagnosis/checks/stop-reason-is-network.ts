/**
 * `stop-reason-is-network`: the stop reason is a network failure (or IAM, which the role checks
 * cover). Anything else (image gone, registry credentials, rate limits, disk) must never lead to
 * creating endpoints; the finding names the real problem instead.
 */
import type { Category } from '../../classify/classification.js';
import type { Check } from '../check.js';
import { pass } from '../check.js';
import { makeFinding, makeFix } from './support.js';

interface RealProblem {
  what: string;
  summary: string;
  console: string[];
  cli: (region: string) => string[];
}

const REAL_PROBLEMS: Partial<Record<Category, RealProblem>> = {
  image_not_found: {
    what: 'the image tag or digest does not exist in the repository',
    summary: 'Push the image or fix the tag/digest in the task definition.',
    console: ['ECR console > Repositories > the repository > check the tag exists'],
    cli: (region) => [`aws ecr describe-images --repository-name <repository> --image-ids imageTag=<tag> --region ${region}`],
  },
  registry_auth_failed: {
    what: 'the registry refused the credentials (private registry credentials or repository policy)',
    summary: 'Fix repositoryCredentials (Secrets Manager secret) or the ECR repository policy.',
    console: [
      'ECS console > Task definitions > container > Private registry authentication',
      'ECR console > Repositories > Permissions',
    ],
    cli: (region) => [`aws ecr get-repository-policy --repository-name <repository> --region ${region}`],
  },
  rate_limited: {
    what: 'the public registry rate-limited the pulls (toomanyrequests)',
    summary: 'Pull through an ECR pull-through cache (or authenticate to the registry).',
    console: ['ECR console > Private registry > Pull through cache > Add rule (e.g. Docker Hub)'],
    cli: (region) => [
      `aws ecr create-pull-through-cache-rule --ecr-repository-prefix docker-hub --upstream-registry-url registry-1.docker.io --credential-arn <secret-arn> --region ${region}`,
    ],
  },
  disk_or_host_problem: {
    what: 'the host ran out of disk space or failed',
    summary: 'Increase ephemeral storage (Fargate) or free/enlarge the container instance volume (EC2).',
    console: ['ECS console > Task definitions > Create new revision > Ephemeral storage'],
    cli: () => [
      'aws ecs register-task-definition --cli-input-json file://task-definition.json  # set ephemeralStorage.sizeInGiB',
    ],
  },
};

const OTHER: RealProblem = {
  what: 'the container or the task start failed for a reason other than the network',
  summary: 'Read the stop reason and the container logs.',
  console: ['ECS console > Cluster > Tasks > Stopped > the task > Stopped reason and Logs'],
  cli: (region) => [`aws ecs describe-tasks --cluster <cluster> --tasks <task-id> --region ${region}`],
};

const stopReasonIsNetwork: Check = {
  id: 'stop-reason-is-network',
  codes: ['NOT_A_NETWORK_PROBLEM'],
  scope: 'always',
  evaluate: (context) => {
    const { category } = context.classification;
    if (context.isNetworkFailure || category === 'iam_permission_denied') {
      return pass(`the stop reason is ${category}`);
    }
    const problem = REAL_PROBLEMS[category] ?? OTHER;
    return {
      status: 'fail',
      explanation: `${category}: not a network problem`,
      findings: [
        makeFinding({
          code: 'NOT_A_NETWORK_PROBLEM',
          severity: 'warning',
          message: `The task stopped because ${problem.what} (${category}). No network change fixes this; ecs-netfix changes nothing.`,
          resources: [context.task.taskArn],
          fix: makeFix(problem.summary, problem.console, problem.cli(context.region), false),
          cause: true,
        }),
      ],
    };
  },
};

export { stopReasonIsNetwork };
