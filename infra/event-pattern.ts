/**
 * The EventBridge pattern that wakes ecs-netfix: an ECS task STOPPED because it could not pull its
 * image, registry auth or secrets. Kept as plain data so tests can run it through a real matcher.
 */

/**
 * Error families that start a stop reason when a task cannot reach ECR, S3 or Secrets Manager.
 * `The task cannot pull` is the 2024+ wording; the others are the Fargate 1.3/1.4 and agent ones.
 */
const STARTUP_FAILURE_FAMILIES = [
  'ResourceInitializationError',
  'CannotPullContainerError',
  'CannotPullImageManifestError',
  'CannotPullECRContainerError',
  'The task cannot pull',
] as const;

type ReasonFilter =
  | { prefix: { 'equals-ignore-case': string } }
  | { wildcard: string };

/**
 * `prefix` + `equals-ignore-case` catches every casing at the start of a reason
 * (`Resourceinitializationerror: ...` is seen in the wild). `wildcard` catches the family later in
 * the text (`Task failed: CannotPullContainerError ...`); EventBridge wildcards are case-sensitive,
 * so they use the casing AWS writes. `CannotStartContainerError: ResourceInitializationError`
 * matches too: the Lambda's classifier drops it, which costs one cheap invocation.
 */
function reasonFilters(): ReasonFilter[] {
  return [
    ...STARTUP_FAILURE_FAMILIES.map((family) => ({ prefix: { 'equals-ignore-case': family } })),
    ...STARTUP_FAILURE_FAMILIES.map((family) => ({ wildcard: `*${family}*` })),
  ];
}

interface TaskStartupFailurePattern {
  source: string[];
  'detail-type': string[];
  detail: {
    lastStatus: string[];
    $or: [{ stoppedReason: ReasonFilter[] }, { containers: { reason: ReasonFilter[] } }];
  };
}

/**
 * The task-level reason is often only `Task failed to start`; the useful text is then in a
 * container's `reason`. EventBridge flattens arrays of objects, so `containers.reason` matches
 * when any container's reason matches.
 */
function taskStartupFailurePattern(): TaskStartupFailurePattern {
  return {
    source: ['aws.ecs'],
    'detail-type': ['ECS Task State Change'],
    detail: {
      lastStatus: ['STOPPED'],
      $or: [{ stoppedReason: reasonFilters() }, { containers: { reason: reasonFilters() } }],
    },
  };
}

/** Recovery signals: a service deployment finished, or a service cannot start tasks at all. */
function serviceDeploymentCompletedPattern() {
  return {
    source: ['aws.ecs'],
    'detail-type': ['ECS Deployment State Change'],
    detail: { eventName: ['SERVICE_DEPLOYMENT_COMPLETED'] },
  };
}

function serviceTaskStartImpairedPattern() {
  return {
    source: ['aws.ecs'],
    'detail-type': ['ECS Service Action'],
    detail: { eventName: ['SERVICE_TASK_START_IMPAIRED'] },
  };
}

export {
  STARTUP_FAILURE_FAMILIES,
  serviceDeploymentCompletedPattern,
  serviceTaskStartImpairedPattern,
  taskStartupFailurePattern,
};
export type { ReasonFilter, TaskStartupFailurePattern };
