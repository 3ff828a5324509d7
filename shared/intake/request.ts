/**
 * What the intake turns any Lambda input into. Everything downstream works on this validated,
 * plain-data request and never on the raw event.
 */

/** Where the failure facts came from. */
type RequestOrigin =
  | 'eventbridge'
  | 'manual-event'
  | 'manual-task'
  | 'manual-service'
  /** An "ECS Service Action" SERVICE_TASK_START_IMPAIRED event: once per service, no task in it. */
  | 'service-action'
  /** The one-time EventBridge Scheduler schedule that ecs-netfix sets after a fix. */
  | 'schedule';

/** Facts about the stopped task that the event carries (the ENI itself is gone by then). */
interface StoppedTask {
  region: string;
  accountId: string | null;
  clusterArn: string;
  clusterName: string;
  taskArn: string;
  taskId: string;
  taskDefinitionArn: string | null;
  /** `service:NAME` or `family:NAME`, as ECS sets it. */
  group: string | null;
  /** From `group: service:NAME`; null for standalone tasks. */
  serviceName: string | null;
  launchType: 'FARGATE' | 'EC2' | 'EXTERNAL' | null;
  /**
   * The host of an EC2 (or EXTERNAL) task: `detail.containerInstanceArn`. Without an ENI
   * (bridge/host network mode) its instance's subnet and security groups are the task's network.
   * Optional: absent on Fargate and in older saved events.
   */
  containerInstanceArn?: string | null;
  platformVersion: string | null;
  availabilityZone: string | null;
  /** From the ENI attachment details. */
  subnetId: string | null;
  privateIp: string | null;
  stopCode: string | null;
  /** Task level stop reason, as sent (not trusted, not escaped). */
  stoppedReason: string | null;
  /** Container level reasons, `{ container, reason }`, as sent. */
  containerReasons: { container: string; reason: string }[];
  stoppedAt: string | null;
  /** EventBridge event id, when there was one: used to recognise re-deliveries. */
  eventId: string | null;
}

/** A request that names a task to diagnose. */
interface DiagnoseRequest {
  kind: 'diagnose';
  origin: RequestOrigin;
  /** Only a manual invoke can ask; a deployment's DRY_RUN=true always wins. */
  dryRunRequested: boolean | null;
  /**
   * For EventBridge events and saved events, the task facts are in the event. For manual
   * `{cluster, taskArn}` or `{cluster, service}` requests they are looked up (DescribeTasks).
   */
  task: StoppedTask | null;
  lookup: { region: string | null; cluster: string; taskArn?: string; service?: string } | null;
}

/** An input that is well formed but not ours to handle (running task, user stop, app exit). */
interface IgnoredRequest {
  kind: 'ignored';
  origin: RequestOrigin;
  reason: string;
  task: StoppedTask | null;
}

/**
 * A sign that a service runs again: its deployment completed, it reached steady state, or one of
 * its tasks is RUNNING. Closes the service's open incident.
 */
interface LifecycleRequest {
  kind: 'lifecycle';
  origin: 'eventbridge';
  signal: 'deployment-completed' | 'steady-state' | 'task-running';
  region: string;
  accountId: string | null;
  clusterArn: string;
  clusterName: string;
  serviceName: string;
  /** When it happened (the event's time), ISO 8601. */
  at: string;
}

/** Sent by the verify schedule: follow the endpoints ecs-netfix created until they are available. */
interface VerifyRequest {
  kind: 'verify';
  origin: 'schedule';
  region: string;
  incident: { pk: string; sk: string };
  /** 1 for the first check after the fix. */
  attempt: number;
}

/** Services that ECS reports (automated origins) take part in incidents; manual runs do not. */
function isAutomatedOrigin(origin: RequestOrigin): boolean {
  return origin === 'eventbridge' || origin === 'service-action';
}

type NetfixRequest = DiagnoseRequest | IgnoredRequest | LifecycleRequest | VerifyRequest;

export { isAutomatedOrigin };
export type { DiagnoseRequest, IgnoredRequest, LifecycleRequest, NetfixRequest, RequestOrigin, StoppedTask, VerifyRequest };
