/**
 * Reads a manual invoke that names a task to look up: `{cluster, taskArn}` or `{cluster, service}`
 * (the service's most recent stopped task), with optional `dryRun` and `region`.
 */
import { InvalidRequestError } from '../errors.js';
import { isClusterName, isRegionName, isTaskId, parseClusterArn, parseTaskArn } from './ecs-arn.js';
import { closedRecord, flag, identifier, identifierThat, parseFields } from './fields.js';
import type { DiagnoseRequest } from './request.js';

const lookupRequest = closedRecord({
  cluster: identifier,
  taskArn: identifier,
  service: identifier,
  dryRun: flag,
  region: identifierThat(isRegionName, 'is not an AWS region name (e.g. eu-west-1)'),
});

/** Service names follow the cluster name rules; a service ARN is accepted too. */
const SERVICE_NAME_PATTERN = /^[A-Za-z0-9_-]{1,255}$/;
const SERVICE_ARN_PATTERN =
  /^arn:aws(?:-[a-z]+)*:ecs:[a-z]{2}(?:-[a-z]+)+-\d{1,2}:\d{12}:service\/(?:[A-Za-z0-9_-]{1,255}\/)?([A-Za-z0-9_-]{1,255})$/;

interface ClusterReference {
  /** As given: DescribeTasks accepts a name or an ARN. */
  cluster: string;
  clusterName: string;
  region: string | null;
}

function parseLookupRequest(input: unknown, defaults: { region: string }): DiagnoseRequest {
  const fields = parseFields(lookupRequest, input, '');
  const { dryRun: dryRunRequested, region: explicitRegion, taskArn: taskArnText, service: serviceText } = fields;
  if (taskArnText !== null && serviceText !== null) {
    throw new InvalidRequestError('service', 'give either taskArn or service, not both');
  }
  if (taskArnText === null && serviceText === null) {
    throw new InvalidRequestError('taskArn', 'is required (or give service to use its latest stopped task)');
  }

  const task = taskArnText === null ? null : readTaskReference(taskArnText);
  const cluster = readClusterReference(fields.cluster, task?.clusterName ?? null);
  if (task?.clusterName != null && task.clusterName !== cluster.clusterName) {
    throw new InvalidRequestError('taskArn', `belongs to cluster ${task.clusterName}, but cluster names ${cluster.clusterName}`);
  }
  const region = explicitRegion ?? task?.region ?? cluster.region ?? defaults.region;

  if (taskArnText !== null) {
    return {
      kind: 'diagnose',
      origin: 'manual-task',
      dryRunRequested,
      task: null,
      lookup: { region, cluster: cluster.cluster, taskArn: taskArnText },
    };
  }
  return {
    kind: 'diagnose',
    origin: 'manual-service',
    dryRunRequested,
    task: null,
    lookup: { region, cluster: cluster.cluster, service: readServiceName(serviceText ?? '') },
  };
}

function readTaskReference(text: string): { clusterName: string | null; region: string | null } {
  if (text.startsWith('arn:')) {
    const arn = parseTaskArn(text);
    if (arn === null) {
      throw new InvalidRequestError('taskArn', 'is not an ECS task ARN (arn:aws:ecs:<region>:<account>:task/<cluster>/<id>)');
    }
    return { clusterName: arn.clusterName, region: arn.region };
  }
  if (!isTaskId(text)) {
    throw new InvalidRequestError('taskArn', 'must be a task ARN or a task id');
  }
  return { clusterName: null, region: null };
}

/** `cluster` may be left out when the task ARN names it (long ARN format). */
function readClusterReference(text: string | null, clusterFromTask: string | null): ClusterReference {
  if (text === null) {
    if (clusterFromTask !== null) {
      return { cluster: clusterFromTask, clusterName: clusterFromTask, region: null };
    }
    throw new InvalidRequestError('cluster', 'is required (a cluster name or ARN)');
  }
  if (text.startsWith('arn:')) {
    const arn = parseClusterArn(text);
    if (arn === null) {
      throw new InvalidRequestError('cluster', 'is not an ECS cluster ARN (arn:aws:ecs:<region>:<account>:cluster/<name>)');
    }
    return { cluster: text, clusterName: arn.clusterName, region: arn.region };
  }
  if (!isClusterName(text)) {
    throw new InvalidRequestError('cluster', 'must be a cluster name (letters, digits, - and _) or a cluster ARN');
  }
  return { cluster: text, clusterName: text, region: null };
}

function readServiceName(text: string): string {
  const fromArn = SERVICE_ARN_PATTERN.exec(text)?.[1];
  if (fromArn !== undefined) return fromArn;
  if (!SERVICE_NAME_PATTERN.test(text)) {
    throw new InvalidRequestError('service', 'must be a service name (letters, digits, - and _) or a service ARN');
  }
  return text;
}

export { parseLookupRequest };
