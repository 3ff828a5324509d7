/**
 * Reads an EventBridge "ECS Task State Change" event into a StoppedTask, validating every
 * field it uses. Field map: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_task_events.html
 * Unknown fields are allowed here: AWS adds fields to its events over time.
 */
import * as v from 'valibot';
import { InvalidRequestError } from '../errors.js';
import { isAccountId, isRegionName, parseClusterArn, parseContainerInstanceArn, parseTaskArn } from './ecs-arn.js';
import {
  type UnknownRecord,
  exactly,
  fieldPath,
  finiteNumber,
  identifier,
  identifierThat,
  list,
  parseFields,
  record,
  requiredIdentifier,
  text,
} from './fields.js';
import type { StoppedTask } from './request.js';

const TASK_STATE_CHANGE = 'ECS Task State Change';
const ECS_SOURCE = 'aws.ecs';

/** A container that ran and exited: its exit code says the application stopped, not its start. */
interface ExitedContainer {
  container: string;
  exitCode: number;
}

interface ParsedTaskEvent {
  task: StoppedTask;
  /** `PROVISIONING`, `PENDING`, `RUNNING`, `STOPPED`, ... as sent. */
  lastStatus: string;
  exitedContainers: ExitedContainer[];
}

interface ParseTaskEventOptions {
  /** Field path of the event in the input: `` for EventBridge, `event` for a manual invoke. */
  path: string;
}

const LAUNCH_TYPES = ['FARGATE', 'EC2', 'EXTERNAL'] as const;
type LaunchType = (typeof LAUNCH_TYPES)[number];

/** The ENI attachment is `eni` in events and `ElasticNetworkInterface` in DescribeTasks output. */
const ENI_ATTACHMENT_TYPES = new Set(['eni', 'elasticnetworkinterface']);
const SUBNET_ID_PATTERN = /^subnet-[0-9a-f]{8,17}$/;
const IPV4_PATTERN = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$/;

/** True when the input claims to be an EventBridge event (so it is validated as one). */
function looksLikeEventBridgeEvent(record: UnknownRecord): boolean {
  return 'source' in record || 'detail-type' in record || 'detail' in record;
}

const attachmentDetail = record({ name: identifier, value: identifier });
const attachment = record({ type: identifier, details: list(attachmentDetail) });
const container = record({ name: identifier, reason: text, exitCode: finiteNumber });

/** The fields ecs-netfix reads, in the order a person fixing the event would want them checked. */
const taskStateChangeEvent = v.looseObject({
  source: exactly(ECS_SOURCE),
  'detail-type': exactly(TASK_STATE_CHANGE),
  detail: record({
    clusterArn: v.pipe(
      requiredIdentifier,
      v.check((arn) => parseClusterArn(arn) !== null, 'is not an ECS cluster ARN (arn:aws:ecs:<region>:<account>:cluster/<name>)')
    ),
    taskArn: v.pipe(
      requiredIdentifier,
      v.check((arn) => parseTaskArn(arn) !== null, 'is not an ECS task ARN (arn:aws:ecs:<region>:<account>:task/<cluster>/<id>)')
    ),
    lastStatus: requiredIdentifier,
    group: identifier,
    attachments: list(attachment),
    containers: list(container),
    taskDefinitionArn: identifier,
    launchType: identifier,
    containerInstanceArn: identifier,
    platformVersion: identifier,
    availabilityZone: identifier,
    stopCode: identifier,
    stoppedReason: text,
    stoppedAt: identifier,
  }),
  region: identifierThat(isRegionName, 'is not an AWS region name'),
  account: identifierThat(isAccountId, 'must be a 12-digit account id'),
  id: identifier,
});

type TaskStateChangeEvent = v.InferOutput<typeof taskStateChangeEvent>;
type TaskDetail = TaskStateChangeEvent['detail'];

function parseTaskStateChangeEvent(event: UnknownRecord, options: ParseTaskEventOptions): ParsedTaskEvent {
  const { path } = options;
  const parsed = parseFields(taskStateChangeEvent, event, path);
  const { detail } = parsed;
  const detailPath = fieldPath(path, 'detail');
  // Both parse: the schema checked them.
  const cluster = parseClusterArn(detail.clusterArn);
  const task = parseTaskArn(detail.taskArn);
  if (cluster === null || task === null) throw new InvalidRequestError(detailPath, 'names no cluster or task');
  if (task.clusterName !== null && task.clusterName !== cluster.clusterName) {
    throw new InvalidRequestError(
      fieldPath(detailPath, 'taskArn'),
      `belongs to cluster ${task.clusterName}, but clusterArn names ${cluster.clusterName}`
    );
  }
  const network = eniDetails(detail, detailPath);

  return {
    lastStatus: detail.lastStatus,
    exitedContainers: exitedContainers(detail),
    task: {
      // The cluster ARN is required, so the region is always known without a default.
      region: parsed.region ?? cluster.region,
      accountId: parsed.account ?? cluster.accountId,
      clusterArn: detail.clusterArn,
      clusterName: cluster.clusterName,
      taskArn: detail.taskArn,
      taskId: task.taskId,
      taskDefinitionArn: detail.taskDefinitionArn,
      group: detail.group,
      serviceName: serviceNameOf(detail.group, path),
      launchType: toLaunchType(detail.launchType),
      ...hostOf(containerInstanceArnOf(detail.containerInstanceArn, detailPath, cluster)),
      platformVersion: detail.platformVersion,
      availabilityZone: detail.availabilityZone,
      subnetId: network.subnetId,
      privateIp: network.privateIp,
      stopCode: detail.stopCode,
      stoppedReason: detail.stoppedReason,
      containerReasons: containerReasons(detail),
      stoppedAt: detail.stoppedAt,
      eventId: parsed.id,
    },
  };
}

/**
 * The task's host, when it ran on a container instance. It must be an instance of the task's own
 * cluster, account and region: a forged host elsewhere would have the diagnosis read (and blame)
 * another account's network.
 */
function containerInstanceArnOf(
  arn: string | null,
  detailPath: string,
  cluster: { partition: string; region: string; accountId: string; clusterName: string }
): string | null {
  if (arn === null) return null;
  const parsed = parseContainerInstanceArn(arn);
  const path = fieldPath(detailPath, 'containerInstanceArn');
  if (parsed === null) {
    throw new InvalidRequestError(
      path,
      'is not an ECS container instance ARN (arn:aws:ecs:<region>:<account>:container-instance/<cluster>/<id>)'
    );
  }
  const sameHome =
    parsed.partition === cluster.partition && parsed.region === cluster.region && parsed.accountId === cluster.accountId;
  if (!sameHome || (parsed.clusterName !== null && parsed.clusterName !== cluster.clusterName)) {
    throw new InvalidRequestError(
      path,
      `is not a container instance of cluster ${cluster.clusterName} (${cluster.region}, ${cluster.accountId})`
    );
  }
  return arn;
}

/** Only EC2 tasks have a host; Fargate tasks keep the shape they always had. */
function hostOf(containerInstanceArn: string | null): Pick<StoppedTask, 'containerInstanceArn'> {
  return containerInstanceArn === null ? {} : { containerInstanceArn };
}

/** ECS service names: up to 255 letters, digits, hyphens and underscores. */
const SERVICE_NAME_PATTERN = /^[A-Za-z0-9_-]{1,255}$/;

function serviceNameOf(group: string | null, path: string): string | null {
  if (group === null || !group.startsWith('service:')) return null;
  const name = group.slice('service:'.length);
  if (name === '') return null;
  if (!SERVICE_NAME_PATTERN.test(name)) {
    throw new InvalidRequestError(fieldPath(path, 'detail.group'), 'names a service that ECS would not accept');
  }
  return name;
}

/** Launch types we do not know yet (AWS adds some) become null rather than failing the event. */
function toLaunchType(value: string | null): LaunchType | null {
  return LAUNCH_TYPES.find((type) => type === value) ?? null;
}

/** A container without a name is called by its place in the list, as people count. */
function containerName(name: string | null, index: number): string {
  return name ?? `container ${index + 1}`;
}

function containerReasons(detail: TaskDetail): StoppedTask['containerReasons'] {
  return detail.containers.flatMap((item, index) =>
    item.reason === null ? [] : [{ container: containerName(item.name, index), reason: item.reason }]
  );
}

function exitedContainers(detail: TaskDetail): ExitedContainer[] {
  return detail.containers.flatMap((item, index) =>
    item.exitCode === null ? [] : [{ container: containerName(item.name, index), exitCode: item.exitCode }]
  );
}

/** Subnet and private IP from the task ENI attachment (the ENI itself is deleted by now). */
function eniDetails(detail: TaskDetail, detailPath: string): { subnetId: string | null; privateIp: string | null } {
  const index = detail.attachments.findIndex((item) => item.type !== null && ENI_ATTACHMENT_TYPES.has(item.type.toLowerCase()));
  const eni = detail.attachments[index];
  if (eni === undefined) return { subnetId: null, privateIp: null };
  const attachmentPath = fieldPath(fieldPath(detailPath, 'attachments'), index);
  let subnetId: string | null = null;
  let privateIp: string | null = null;
  for (const [pairIndex, pair] of eni.details.entries()) {
    const pairPath = fieldPath(fieldPath(attachmentPath, 'details'), pairIndex);
    if (pair.name === 'subnetId') subnetId = matching(pair.value, pairPath, SUBNET_ID_PATTERN, 'a subnet id (subnet-...)');
    else if (pair.name === 'privateIPv4Address') privateIp = matching(pair.value, pairPath, IPV4_PATTERN, 'an IPv4 address');
  }
  return { subnetId, privateIp };
}

function matching(value: string | null, pairPath: string, pattern: RegExp, expected: string): string | null {
  if (value !== null && !pattern.test(value)) {
    throw new InvalidRequestError(fieldPath(pairPath, 'value'), `must be ${expected}`);
  }
  return value;
}

export { looksLikeEventBridgeEvent, parseTaskStateChangeEvent };
export type { ParsedTaskEvent };
