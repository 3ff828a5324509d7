/**
 * The EventBridge patterns that wake ecs-netfix: an ECS task STOPPED because it could not pull its
 * image, registry auth or secrets, and the service events that tell how an incident goes on. Kept
 * as plain data so tests can run them through a real matcher.
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

type ReasonFilter = { prefix: { 'equals-ignore-case': string } } | { wildcard: string };

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

/**
 * "ECS Service Action" events the function handles (one event per service, no task inside):
 * SERVICE_STEADY_STATE closes the service's open incidents ("recovered" in the Slack thread), and
 * SERVICE_TASK_START_IMPAIRED starts a diagnosis of the service. Other service actions (capacity,
 * discovery, placement) never invoke the function.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_service_events.html
 */
const SERVICE_ACTION_EVENT_NAMES = ['SERVICE_STEADY_STATE', 'SERVICE_TASK_START_IMPAIRED'] as const;

/** A finished deployment means the service runs again: it closes the open incidents too. */
const DEPLOYMENT_EVENT_NAMES = ['SERVICE_DEPLOYMENT_COMPLETED'] as const;

interface EcsLifecyclePattern {
  source: string[];
  'detail-type': string[];
  detail: { eventName: string[] };
}

function serviceActionPattern(): EcsLifecyclePattern {
  return {
    source: ['aws.ecs'],
    'detail-type': ['ECS Service Action'],
    detail: { eventName: [...SERVICE_ACTION_EVENT_NAMES] },
  };
}

function serviceDeploymentCompletedPattern(): EcsLifecyclePattern {
  return {
    source: ['aws.ecs'],
    'detail-type': ['ECS Deployment State Change'],
    detail: { eventName: [...DEPLOYMENT_EVENT_NAMES] },
  };
}

/** The rules that deliver these events, by name: the hub's own, on its bus, and a spoke's forwarders. */
const HANDLED_EVENT_RULES = [
  {
    name: 'TaskStartupFailure',
    description: 'ECS tasks STOPPED because they could not pull images, registry auth or secrets',
    pattern: taskStartupFailurePattern(),
  },
  // Always on, dry-run included: a person may fix the problem by hand, and the incident's thread
  // should still say "recovered"; an impaired service opens or confirms an incident.
  {
    name: 'ServiceAction',
    description: 'ECS services that reached a steady state (recovered) or cannot start tasks',
    pattern: serviceActionPattern(),
  },
  {
    name: 'ServiceDeploymentCompleted',
    description: 'ECS service deployments that completed: the service runs again',
    pattern: serviceDeploymentCompletedPattern(),
  },
] as const;

export { HANDLED_EVENT_RULES, serviceActionPattern, serviceDeploymentCompletedPattern, taskStartupFailurePattern };
