/**
 * Reads an EventBridge "ECS Task State Change" event into a StoppedTask, validating every
 * field it uses. Field map: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_task_events.html
 * Unknown fields are allowed here: AWS adds fields to its events over time.
 */
import { InvalidRequestError } from '../errors.js';
import { isAccountId, isRegionName, parseClusterArn, parseContainerInstanceArn, parseTaskArn } from './ecs-arn.js';
import {
  fieldPath,
  readOptionalIdentifier,
  readOptionalList,
  readOptionalNumber,
  readOptionalText,
  readRequiredIdentifier,
  requireRecord,
} from './read-fields.js';
import type { StoppedTask } from './request.js';
import type { UnknownRecord } from './read-fields.js';

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

function parseTaskStateChangeEvent(
  event: UnknownRecord,
  options: ParseTaskEventOptions
): ParsedTaskEvent {
  const { path } = options;
  assertTaskStateChange(event, path);
  const detailPath = fieldPath(path, 'detail');
  const detail = requireRecord(event.detail, detailPath);

  const clusterArn = readRequiredIdentifier(detail, 'clusterArn', detailPath);
  const cluster = parseClusterArn(clusterArn);
  if (cluster === null) {
    throw new InvalidRequestError(
      fieldPath(detailPath, 'clusterArn'),
      'is not an ECS cluster ARN (arn:aws:ecs:<region>:<account>:cluster/<name>)'
    );
  }
  const taskArn = readRequiredIdentifier(detail, 'taskArn', detailPath);
  const task = parseTaskArn(taskArn);
  if (task === null) {
    throw new InvalidRequestError(
      fieldPath(detailPath, 'taskArn'),
      'is not an ECS task ARN (arn:aws:ecs:<region>:<account>:task/<cluster>/<id>)'
    );
  }
  if (task.clusterName !== null && task.clusterName !== cluster.clusterName) {
    throw new InvalidRequestError(
      fieldPath(detailPath, 'taskArn'),
      `belongs to cluster ${task.clusterName}, but clusterArn names ${cluster.clusterName}`
    );
  }
  const lastStatus = readRequiredIdentifier(detail, 'lastStatus', detailPath);
  const group = readOptionalIdentifier(detail, 'group', detailPath);
  const network = readEniDetails(detail, detailPath);

  return {
    lastStatus,
    exitedContainers: readExitedContainers(detail, detailPath),
    task: {
      // The cluster ARN is required, so the region is always known without a default.
      region: readRegion(event, path) ?? cluster.region,
      accountId: readAccount(event, path) ?? cluster.accountId,
      clusterArn,
      clusterName: cluster.clusterName,
      taskArn,
      taskId: task.taskId,
      taskDefinitionArn: readOptionalIdentifier(detail, 'taskDefinitionArn', detailPath),
      group,
      serviceName: serviceNameOf(group, path),
      launchType: toLaunchType(readOptionalIdentifier(detail, 'launchType', detailPath)),
      ...hostOf(readContainerInstanceArn(detail, detailPath, cluster)),
      platformVersion: readOptionalIdentifier(detail, 'platformVersion', detailPath),
      availabilityZone: readOptionalIdentifier(detail, 'availabilityZone', detailPath),
      subnetId: network.subnetId,
      privateIp: network.privateIp,
      stopCode: readOptionalIdentifier(detail, 'stopCode', detailPath),
      stoppedReason: readOptionalText(detail, 'stoppedReason', detailPath),
      containerReasons: readContainerReasons(detail, detailPath),
      stoppedAt: readOptionalIdentifier(detail, 'stoppedAt', detailPath),
      eventId: readOptionalIdentifier(event, 'id', path),
    },
  };
}

/**
 * The task's host, when it ran on a container instance. It must be an instance of the task's own
 * cluster, account and region: a forged host elsewhere would have the diagnosis read (and blame)
 * another account's network.
 */
function readContainerInstanceArn(
  detail: UnknownRecord,
  detailPath: string,
  cluster: { partition: string; region: string; accountId: string; clusterName: string }
): string | null {
  const arn = readOptionalIdentifier(detail, 'containerInstanceArn', detailPath);
  if (arn === null) return null;
  const parsed = parseContainerInstanceArn(arn);
  const path = fieldPath(detailPath, 'containerInstanceArn');
  if (parsed === null) {
    throw new InvalidRequestError(path, 'is not an ECS container instance ARN (arn:aws:ecs:<region>:<account>:container-instance/<cluster>/<id>)');
  }
  const sameHome = parsed.partition === cluster.partition && parsed.region === cluster.region && parsed.accountId === cluster.accountId;
  if (!sameHome || (parsed.clusterName !== null && parsed.clusterName !== cluster.clusterName)) {
    throw new InvalidRequestError(path, `is not a container instance of cluster ${cluster.clusterName} (${cluster.region}, ${cluster.accountId})`);
  }
  return arn;
}

/** Only EC2 tasks have a host; Fargate tasks keep the shape they always had. */
function hostOf(containerInstanceArn: string | null): Pick<StoppedTask, 'containerInstanceArn'> {
  return containerInstanceArn === null ? {} : { containerInstanceArn };
}

function assertTaskStateChange(event: UnknownRecord, path: string): void {
  const source = event.source;
  if (source !== ECS_SOURCE) {
    throw new InvalidRequestError(
      fieldPath(path, 'source'),
      `must be "${ECS_SOURCE}", got ${quoteForMessage(source)}`
    );
  }
  const detailType = event['detail-type'];
  if (detailType !== TASK_STATE_CHANGE) {
    throw new InvalidRequestError(
      fieldPath(path, 'detail-type'),
      `must be "${TASK_STATE_CHANGE}", got ${quoteForMessage(detailType)}`
    );
  }
}

function quoteForMessage(value: unknown): string {
  if (typeof value !== 'string') return value === undefined ? 'nothing' : typeof value;
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}...` : value);
}

function readRegion(event: UnknownRecord, path: string): string | null {
  const region = readOptionalIdentifier(event, 'region', path);
  if (region !== null && !isRegionName(region)) {
    throw new InvalidRequestError(fieldPath(path, 'region'), `is not an AWS region name`);
  }
  return region;
}

function readAccount(event: UnknownRecord, path: string): string | null {
  const account = readOptionalIdentifier(event, 'account', path);
  if (account !== null && !isAccountId(account)) {
    throw new InvalidRequestError(fieldPath(path, 'account'), 'must be a 12-digit account id');
  }
  return account;
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

function readContainerReasons(
  detail: UnknownRecord,
  detailPath: string
): StoppedTask['containerReasons'] {
  const listPath = fieldPath(detailPath, 'containers');
  return readOptionalList(detail, 'containers', detailPath).flatMap((item, index) => {
    const itemPath = fieldPath(listPath, index);
    const container = requireRecord(item, itemPath);
    const reason = readOptionalText(container, 'reason', itemPath);
    if (reason === null) return [];
    const name = readOptionalIdentifier(container, 'name', itemPath) ?? `container ${index + 1}`;
    return [{ container: name, reason }];
  });
}

function readExitedContainers(detail: UnknownRecord, detailPath: string): ExitedContainer[] {
  const listPath = fieldPath(detailPath, 'containers');
  return readOptionalList(detail, 'containers', detailPath).flatMap((item, index) => {
    const itemPath = fieldPath(listPath, index);
    const container = requireRecord(item, itemPath);
    const exitCode = readOptionalNumber(container, 'exitCode', itemPath);
    if (exitCode === null) return [];
    const name = readOptionalIdentifier(container, 'name', itemPath) ?? `container ${index + 1}`;
    return [{ container: name, exitCode }];
  });
}

/** Subnet and private IP from the task ENI attachment (the ENI itself is deleted by now). */
function readEniDetails(
  detail: UnknownRecord,
  detailPath: string
): { subnetId: string | null; privateIp: string | null } {
  const listPath = fieldPath(detailPath, 'attachments');
  const attachments = readOptionalList(detail, 'attachments', detailPath);
  for (const [index, item] of attachments.entries()) {
    const itemPath = fieldPath(listPath, index);
    const attachment = requireRecord(item, itemPath);
    const type = readOptionalIdentifier(attachment, 'type', itemPath);
    if (type === null || !ENI_ATTACHMENT_TYPES.has(type.toLowerCase())) continue;
    return readAttachmentDetails(attachment, itemPath);
  }
  return { subnetId: null, privateIp: null };
}

function readAttachmentDetails(
  attachment: UnknownRecord,
  attachmentPath: string
): { subnetId: string | null; privateIp: string | null } {
  let subnetId: string | null = null;
  let privateIp: string | null = null;
  const listPath = fieldPath(attachmentPath, 'details');
  for (const [index, item] of readOptionalList(attachment, 'details', attachmentPath).entries()) {
    const itemPath = fieldPath(listPath, index);
    const pair = requireRecord(item, itemPath);
    const name = readOptionalIdentifier(pair, 'name', itemPath);
    if (name === 'subnetId') {
      subnetId = readMatching(pair, itemPath, SUBNET_ID_PATTERN, 'a subnet id (subnet-...)');
    } else if (name === 'privateIPv4Address') {
      privateIp = readMatching(pair, itemPath, IPV4_PATTERN, 'an IPv4 address');
    }
  }
  return { subnetId, privateIp };
}

function readMatching(
  pair: UnknownRecord,
  pairPath: string,
  pattern: RegExp,
  expected: string
): string | null {
  const value = readOptionalIdentifier(pair, 'value', pairPath);
  if (value !== null && !pattern.test(value)) {
    throw new InvalidRequestError(fieldPath(pairPath, 'value'), `must be ${expected}`);
  }
  return value;
}

export { looksLikeEventBridgeEvent, parseTaskStateChangeEvent };
export type { ExitedContainer, ParsedTaskEvent, ParseTaskEventOptions };
