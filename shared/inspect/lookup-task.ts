/**
 * Finds the stopped task for a manual invoke (`{ cluster, taskArn }` or `{ cluster, service }`) and
 * turns it into the same StoppedTask an EventBridge event gives. ECS keeps stopped tasks visible
 * for about an hour only, so "nothing found" is a normal, clearly worded outcome.
 */
import type { AwsClients } from '../aws/clients.js';
import { toStoppedTask } from '../aws/ecs-facts.js';
import { hasErrorName } from '../aws/aws-call.js';
import { describeService, describeTasks, listStoppedServiceTaskArns } from '../aws/ecs-read.js';
import { NetfixError, StoppedTaskNotFoundError } from '../errors.js';
import type { StoppedTask } from '../intake/request.js';

interface TaskLookup {
  region: string;
  cluster: string;
  taskArn?: string;
  service?: string;
}

interface LookupOptions {
  signal?: AbortSignal;
}

/** Most recently stopped first; tasks without `stoppedAt` (moto) keep ListTasks' order. */
function mostRecentlyStopped<T extends { stoppedAt?: Date }>(tasks: T[]): T | undefined {
  const withTime = tasks.filter((task) => task.stoppedAt !== undefined);
  if (withTime.length === 0) return tasks[0];
  return withTime.reduce((latest, task) =>
    (task.stoppedAt?.getTime() ?? 0) > (latest.stoppedAt?.getTime() ?? 0) ? task : latest
  );
}

async function lookupStoppedTask(clients: AwsClients, lookup: TaskLookup, options: LookupOptions = {}): Promise<StoppedTask> {
  try {
    return await findStoppedTask(clients, lookup, options);
  } catch (error) {
    // A misspelt cluster is not the one-hour retention: say that it does not exist.
    if (hasErrorName(error, ['ClusterNotFoundException'])) {
      throw new StoppedTaskNotFoundError(
        lookup.cluster,
        `cluster ${lookup.cluster}`,
        `Cluster ${lookup.cluster} does not exist in ${lookup.region}`
      );
    }
    throw error;
  }
}

async function findStoppedTask(clients: AwsClients, lookup: TaskLookup, options: LookupOptions): Promise<StoppedTask> {
  const { signal } = options;
  if (lookup.taskArn) {
    const [task] = await describeTasks(clients.ecs, lookup.cluster, [lookup.taskArn], { signal });
    if (task === undefined) throw new StoppedTaskNotFoundError(lookup.cluster, `task ${lookup.taskArn}`);
    return toStoppedTask(task, lookup.region);
  }
  if (lookup.service) {
    const arns = await listStoppedServiceTaskArns(clients.ecs, lookup.cluster, lookup.service, { signal });
    const described = await describeTasks(clients.ecs, lookup.cluster, arns, { signal });
    // moto ignores ListTasks' serviceName: keep only the service's own tasks.
    const tasks = described.filter((task) => task.group === `service:${lookup.service}`);
    const task = mostRecentlyStopped(tasks);
    if (task === undefined) {
      // Only now is it worth a call: a service that does not exist is not a retention problem.
      const service = await describeService(clients.ecs, lookup.cluster, lookup.service, { signal });
      if (!service.found) {
        throw new StoppedTaskNotFoundError(
          lookup.cluster,
          `service ${lookup.service}`,
          `Service ${lookup.service} does not exist in cluster ${lookup.cluster} (${lookup.region})`
        );
      }
      throw new StoppedTaskNotFoundError(lookup.cluster, `service ${lookup.service}`);
    }
    return toStoppedTask(task, lookup.region);
  }
  throw new NetfixError(`A lookup in cluster ${lookup.cluster} needs a taskArn or a service`, {
    resource: lookup.cluster,
  });
}

export { lookupStoppedTask, mostRecentlyStopped };
