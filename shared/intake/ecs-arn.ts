/**
 * Parses the two ECS ARNs the intake trusts: cluster and task.
 * Shapes: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-account-settings.html#ecs-resource-ids
 * Tasks launched before the long ARN format have no cluster segment (`task/<id>`).
 */

interface ClusterArn {
  partition: string;
  region: string;
  accountId: string;
  clusterName: string;
}

interface TaskArn {
  partition: string;
  region: string;
  accountId: string;
  /** Null for the old short format `task/<id>`. */
  clusterName: string | null;
  taskId: string;
}

/** ARNs are at most 2048 characters; anything longer is not one. */
const MAX_ARN_LENGTH = 2048;

const PARTITION = 'aws(?:-[a-z]+)*';
const REGION = '[a-z]{2}(?:-[a-z]+)+-\\d{1,2}';
const ACCOUNT = '\\d{12}';
/** Cluster names: up to 255 letters, digits, hyphens and underscores. */
const CLUSTER_NAME = '[A-Za-z0-9_-]{1,255}';
/** Task ids are 32 hex characters today; older EC2 tasks used UUIDs with hyphens. */
const TASK_ID = '[A-Za-z0-9-]{1,64}';

const CLUSTER_ARN_PATTERN = new RegExp(`^arn:(${PARTITION}):ecs:(${REGION}):(${ACCOUNT}):cluster/(${CLUSTER_NAME})$`);
const TASK_ARN_PATTERN = new RegExp(`^arn:(${PARTITION}):ecs:(${REGION}):(${ACCOUNT}):task/(?:(${CLUSTER_NAME})/)?(${TASK_ID})$`);
/** Service ARNs: `service/<cluster>/<name>` (long format) or `service/<name>` (old format). */
const SERVICE_ARN_PATTERN = new RegExp(
  `^arn:(${PARTITION}):ecs:(${REGION}):(${ACCOUNT}):service/(?:(${CLUSTER_NAME})/)?(${CLUSTER_NAME})$`
);
/** Container instance ARNs: `container-instance/<cluster>/<id>` (long format) or `container-instance/<id>`. */
const CONTAINER_INSTANCE_ARN_PATTERN = new RegExp(
  `^arn:(${PARTITION}):ecs:(${REGION}):(${ACCOUNT}):container-instance/(?:(${CLUSTER_NAME})/)?(${TASK_ID})$`
);
const CLUSTER_NAME_PATTERN = new RegExp(`^${CLUSTER_NAME}$`);
const TASK_ID_PATTERN = new RegExp(`^${TASK_ID}$`);
const REGION_PATTERN = new RegExp(`^${REGION}$`);
const ACCOUNT_PATTERN = new RegExp(`^${ACCOUNT}$`);

/** The parts of a cluster ARN, or null when `arn` is not one. */
function parseClusterArn(arn: string): ClusterArn | null {
  if (arn.length > MAX_ARN_LENGTH) return null;
  const match = CLUSTER_ARN_PATTERN.exec(arn);
  if (match === null) return null;
  const [, partition = '', region = '', accountId = '', clusterName = ''] = match;
  return { partition, region, accountId, clusterName };
}

/** The parts of a task ARN (long or short format), or null when `arn` is not one. */
function parseTaskArn(arn: string): TaskArn | null {
  if (arn.length > MAX_ARN_LENGTH) return null;
  const match = TASK_ARN_PATTERN.exec(arn);
  if (match === null) return null;
  const [, partition = '', region = '', accountId = '', clusterName, taskId = ''] = match;
  return { partition, region, accountId, clusterName: clusterName ?? null, taskId };
}

interface ServiceArn {
  partition: string;
  region: string;
  accountId: string;
  /** Null for the old short format `service/<name>`. */
  clusterName: string | null;
  serviceName: string;
}

/** The parts of a service ARN, or null when `arn` is not one. */
function parseServiceArn(arn: string): ServiceArn | null {
  if (arn.length > MAX_ARN_LENGTH) return null;
  const match = SERVICE_ARN_PATTERN.exec(arn);
  if (match === null) return null;
  const [, partition = '', region = '', accountId = '', clusterName, serviceName = ''] = match;
  return { partition, region, accountId, clusterName: clusterName ?? null, serviceName };
}

interface ContainerInstanceArn {
  partition: string;
  region: string;
  accountId: string;
  /** Null for the old short format `container-instance/<id>`. */
  clusterName: string | null;
  containerInstanceId: string;
}

/** The parts of a container instance ARN (an EC2 task's host), or null when `arn` is not one. */
function parseContainerInstanceArn(arn: string): ContainerInstanceArn | null {
  if (arn.length > MAX_ARN_LENGTH) return null;
  const match = CONTAINER_INSTANCE_ARN_PATTERN.exec(arn);
  if (match === null) return null;
  const [, partition = '', region = '', accountId = '', clusterName, containerInstanceId = ''] = match;
  return { partition, region, accountId, clusterName: clusterName ?? null, containerInstanceId };
}

function isClusterName(value: string): boolean {
  return CLUSTER_NAME_PATTERN.test(value);
}

function isTaskId(value: string): boolean {
  return TASK_ID_PATTERN.test(value);
}

function isRegionName(value: string): boolean {
  return REGION_PATTERN.test(value);
}

function isAccountId(value: string): boolean {
  return ACCOUNT_PATTERN.test(value);
}

export {
  isAccountId,
  isClusterName,
  isRegionName,
  isTaskId,
  parseClusterArn,
  parseContainerInstanceArn,
  parseServiceArn,
  parseTaskArn,
};
