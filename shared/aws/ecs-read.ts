/**
 * The ECS reads of one diagnosis or lookup: the task definition, the task's service (its network
 * configuration lives only there), and stopped tasks for manual invokes.
 */
import {
  type ContainerInstance,
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  type ECSClient,
  ListTasksCommand,
  type Service,
  type Task,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import { AwsCallError } from '../errors.js';
import { callAws, collectPages, hasErrorName } from './aws-call.js';

interface ReadOptions {
  signal?: AbortSignal;
}

/** null when ECS no longer knows the revision (deregistered and deleted): the run can go on. */
async function describeTaskDefinition(
  ecs: ECSClient,
  taskDefinitionArn: string,
  options: ReadOptions = {}
): Promise<TaskDefinition | null> {
  try {
    const response = await callAws('DescribeTaskDefinition', taskDefinitionArn, () =>
      ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: taskDefinitionArn }), {
        abortSignal: options.signal,
      })
    );
    return response.taskDefinition ?? null;
  } catch (error) {
    if (hasErrorName(error, ['ClientException', 'InvalidParameterException'])) return null;
    throw error;
  }
}

type ServiceLookup = { found: true; service: Service } | { found: false; reason: string };

/** A missing or inactive service is reported, not thrown: the event's own subnet is still known. */
async function describeService(
  ecs: ECSClient,
  clusterArn: string,
  serviceName: string,
  options: ReadOptions = {}
): Promise<ServiceLookup> {
  const response = await callAws('DescribeServices', `${serviceName} in ${clusterArn}`, () =>
    ecs.send(new DescribeServicesCommand({ cluster: clusterArn, services: [serviceName], include: ['TAGS'] }), {
      abortSignal: options.signal,
    })
  );
  const service = response.services?.find(
    (candidate) => candidate.serviceName === serviceName || candidate.serviceArn === serviceName
  );
  if (service) return { found: true, service };
  const failure = response.failures?.[0];
  return { found: false, reason: failure?.reason ?? 'MISSING' };
}

/**
 * The container instance an EC2 task ran on, or null when ECS no longer knows it (deregistered:
 * the response lists it under `failures` with reason MISSING) or the cluster is gone.
 */
async function describeContainerInstance(
  ecs: ECSClient,
  clusterArn: string,
  containerInstanceArn: string,
  options: ReadOptions = {}
): Promise<ContainerInstance | null> {
  try {
    const response = await callAws('DescribeContainerInstances', `${containerInstanceArn} in ${clusterArn}`, () =>
      ecs.send(new DescribeContainerInstancesCommand({ cluster: clusterArn, containerInstances: [containerInstanceArn] }), {
        abortSignal: options.signal,
      })
    );
    return response.containerInstances?.find((instance) => instance.containerInstanceArn === containerInstanceArn) ?? null;
  } catch (error) {
    if (hasErrorName(error, ['ClusterNotFoundException', 'InvalidParameterException'])) return null;
    throw error;
  }
}

/** Up to 100 tasks per call (the ECS limit); the tags carry the service's and the user's labels. */
async function describeTasks(ecs: ECSClient, cluster: string, taskArns: string[], options: ReadOptions = {}): Promise<Task[]> {
  if (taskArns.length === 0) return [];
  const response = await callAws('DescribeTasks', `${taskArns.slice(0, 3).join(',')} in ${cluster}`, () =>
    ecs.send(new DescribeTasksCommand({ cluster, tasks: taskArns.slice(0, 100), include: ['TAGS'] }), {
      abortSignal: options.signal,
    })
  );
  return response.tasks ?? [];
}

async function listStoppedServiceTaskArns(
  ecs: ECSClient,
  cluster: string,
  serviceName: string,
  options: ReadOptions = {}
): Promise<string[]> {
  try {
    return await callAws('ListTasks', `service ${serviceName} in ${cluster}`, () =>
      collectPages(async (token) => {
        const page = await ecs.send(new ListTasksCommand({ cluster, serviceName, desiredStatus: 'STOPPED', nextToken: token }), {
          abortSignal: options.signal,
        });
        return { items: page.taskArns, nextToken: page.nextToken };
      })
    );
  } catch (error) {
    if (error instanceof AwsCallError && hasErrorName(error, ['ClusterNotFoundException', 'ServiceNotFoundException'])) {
      return [];
    }
    throw error;
  }
}

export { describeContainerInstance, describeService, describeTaskDefinition, describeTasks, listStoppedServiceTaskArns };
