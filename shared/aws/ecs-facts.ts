/** Pure conversions from ECS API shapes to the project's plain facts. */
import type { ContainerInstance, Service, Task } from '@aws-sdk/client-ecs';
import type { StoppedTask } from '../intake/request.js';
import type { ContainerInstanceFacts, ServiceFacts, TaskNetworkFacts } from '../model/snapshot.js';

function tagsOf(tags: { key?: string; value?: string }[] | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.key !== undefined) result[tag.key] = tag.value ?? '';
  return result;
}

function toServiceFacts(service: Service): ServiceFacts {
  return {
    serviceName: service.serviceName ?? '',
    serviceArn: service.serviceArn ?? null,
    status: service.status ?? null,
    desiredCount: service.desiredCount ?? null,
    runningCount: service.runningCount ?? null,
    tags: tagsOf(service.tags),
  };
}

/** A described container instance, before its EC2 instance is read (null: ECS does not know it). */
function toContainerInstanceFacts(containerInstanceArn: string, described: ContainerInstance | null): ContainerInstanceFacts {
  return {
    containerInstanceArn,
    // ECS Anywhere instances carry `mi-...` managed instance ids: not EC2, nothing to describe.
    ec2InstanceId: described?.ec2InstanceId?.startsWith('i-') === true ? described.ec2InstanceId : null,
    agentConnected: described?.agentConnected ?? null,
    status: described?.status ?? null,
    instance: null,
    subnet: null,
  };
}

/** The failed task's own subnet first, then the other subnets the service may place tasks in. */
function serviceNetwork(service: Service, taskSubnetId: string | null): TaskNetworkFacts {
  const awsvpc = service.networkConfiguration?.awsvpcConfiguration;
  const serviceSubnets = awsvpc?.subnets ?? [];
  const subnetIds = [...new Set([...(taskSubnetId ? [taskSubnetId] : []), ...serviceSubnets])];
  return {
    subnetIds,
    securityGroupIds: awsvpc ? (awsvpc.securityGroups ?? []) : null,
    assignPublicIp: awsvpc ? awsvpc.assignPublicIp === 'ENABLED' : null,
    source: 'service',
  };
}

/** Every subnet the service may place tasks in: its network configuration and each deployment's. */
function serviceSubnetIds(service: Service): string[] {
  const configured = service.networkConfiguration?.awsvpcConfiguration?.subnets ?? [];
  const deployed = (service.deployments ?? []).flatMap(
    (deployment) => deployment.networkConfiguration?.awsvpcConfiguration?.subnets ?? []
  );
  return [...new Set([...configured, ...deployed])];
}

function arnPart(arn: string, index: number): string | null {
  const value = arn.split(':')[index];
  return value === undefined || value === '' ? null : value;
}

function lastPathPart(arn: string): string {
  const parts = arn.split('/');
  return parts[parts.length - 1] ?? arn;
}

function launchTypeOf(value: string | undefined): StoppedTask['launchType'] {
  return value === 'FARGATE' || value === 'EC2' || value === 'EXTERNAL' ? value : null;
}

/** The ENI attachment's detail `name` -> `value` (subnetId, privateIPv4Address, ...). */
function eniDetail(task: Task, name: string): string | null {
  for (const attachment of task.attachments ?? []) {
    if (attachment.type !== 'ElasticNetworkInterface' && attachment.type !== 'eni') continue;
    const detail = attachment.details?.find((candidate) => candidate.name === name);
    if (detail?.value) return detail.value;
  }
  return null;
}

/** A described task as the same StoppedTask an EventBridge event would give. */
function toStoppedTask(task: Task, region: string): StoppedTask {
  const taskArn = task.taskArn ?? '';
  const clusterArn = task.clusterArn ?? '';
  const group = task.group ?? null;
  return {
    region: arnPart(taskArn, 3) ?? region,
    accountId: arnPart(taskArn, 4),
    clusterArn,
    clusterName: lastPathPart(clusterArn),
    taskArn,
    taskId: lastPathPart(taskArn),
    taskDefinitionArn: task.taskDefinitionArn ?? null,
    group,
    serviceName: group?.startsWith('service:') ? group.slice('service:'.length) : null,
    launchType: launchTypeOf(task.launchType),
    // Only EC2 tasks have a host; Fargate tasks keep the shape they always had.
    ...(task.containerInstanceArn ? { containerInstanceArn: task.containerInstanceArn } : {}),
    platformVersion: task.platformVersion ?? null,
    availabilityZone: task.availabilityZone ?? null,
    subnetId: eniDetail(task, 'subnetId'),
    privateIp: eniDetail(task, 'privateIPv4Address'),
    stopCode: task.stopCode ?? null,
    stoppedReason: task.stoppedReason ?? null,
    containerReasons: (task.containers ?? [])
      .filter((container) => container.reason !== undefined && container.reason !== '')
      .map((container) => ({ container: container.name ?? '', reason: container.reason ?? '' })),
    stoppedAt: task.stoppedAt ? task.stoppedAt.toISOString() : null,
    eventId: null,
  };
}

export { serviceNetwork, serviceSubnetIds, toContainerInstanceFacts, toServiceFacts, toStoppedTask };
