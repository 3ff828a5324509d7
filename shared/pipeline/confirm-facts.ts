/**
 * Facts come from AWS, not from the event. Before a live run may write, the facts that decide
 * where it writes (cluster, service, task definition, subnet, VPC) are read back from ECS and EC2:
 * DescribeTasks while ECS still shows the task, else DescribeServices' network configuration (and
 * every deployment's). Anyone allowed to invoke the function can hand it any event, so an event
 * whose facts disagree with AWS changes nothing: the run ends as `invalid`, naming the difference.
 *
 * The security groups never come from the event (it carries none): gather reads them from
 * DescribeServices and keeps only the inspected VPC's groups.
 */
import type { AwsClients } from '../aws/clients.js';
import { describeSubnetFacts } from '../aws/ec2-read.js';
import { serviceSubnetIds, toStoppedTask } from '../aws/ecs-facts.js';
import { describeService, describeTasks } from '../aws/ecs-read.js';
import { AwsCallError, assertIsError } from '../errors.js';
import type { StoppedTask } from '../intake/request.js';

/** What ECS and EC2 say about the task the event names. */
interface AwsTaskFacts {
  /** The task as DescribeTasks shows it in the event's cluster, or null when ECS does not show it. */
  task: StoppedTask | null;
  /** The service's subnets (configuration and deployments); null when no service is involved. */
  service: { found: true; subnetIds: string[] } | { found: false; reason: string } | null;
  /** The VPC of each subnet DescribeSubnets returned (a subnet it does not know is absent). */
  subnetVpcs: Record<string, string>;
}

type Confirmation = { confirmed: true; task: StoppedTask; vpcId: string | null } | { confirmed: false; disagreement: string };

function disagree(disagreement: string): Confirmation {
  return { confirmed: false, disagreement: `The event's facts disagree with AWS: ${disagreement}. Nothing was changed.` };
}

/** Pure: the event's task with every place-deciding fact replaced by AWS's, or the first disagreement. */
function reconcileTaskFacts(event: StoppedTask, aws: AwsTaskFacts): Confirmation {
  let confirmed: StoppedTask = event;
  if (aws.task !== null) {
    const real = aws.task;
    if (real.clusterName !== event.clusterName) {
      return disagree(`task ${event.taskId} belongs to cluster ${real.clusterName}, not ${event.clusterName}`);
    }
    if ((event.group ?? real.group) !== real.group) {
      return disagree(`task ${event.taskId} was started by ${real.group ?? 'RunTask'}, not ${event.group}`);
    }
    if (
      event.taskDefinitionArn !== null &&
      real.taskDefinitionArn !== null &&
      event.taskDefinitionArn !== real.taskDefinitionArn
    ) {
      return disagree(`task ${event.taskId} runs ${real.taskDefinitionArn}, not ${event.taskDefinitionArn}`);
    }
    if (event.subnetId !== null && real.subnetId !== null && event.subnetId !== real.subnetId) {
      return disagree(`task ${event.taskId} ran in subnet ${real.subnetId}, not ${event.subnetId}`);
    }
    confirmed = {
      ...event,
      group: real.group,
      serviceName: real.serviceName,
      taskDefinitionArn: real.taskDefinitionArn ?? event.taskDefinitionArn,
      subnetId: real.subnetId,
    };
  }

  const service = aws.service;
  if (confirmed.serviceName !== null) {
    if (service === null || !service.found) {
      return disagree(
        `service ${confirmed.serviceName} is not in cluster ${confirmed.clusterName} (${service?.found === false ? service.reason : 'not read'})`
      );
    }
    // ECS no longer shows the task: its subnet must be one its service places tasks in.
    if (aws.task === null && confirmed.subnetId !== null && !service.subnetIds.includes(confirmed.subnetId)) {
      return disagree(
        `subnet ${confirmed.subnetId} is not one of service ${confirmed.serviceName}'s subnets (${service.subnetIds.join(', ') || 'none'})`
      );
    }
  } else if (aws.task === null) {
    return disagree(
      `task ${event.taskId} is not in cluster ${event.clusterName} (ECS shows stopped tasks for about an hour) and names no service, so its network cannot be confirmed`
    );
  }

  const subnetIds = [...(confirmed.subnetId !== null ? [confirmed.subnetId] : []), ...(service?.found ? service.subnetIds : [])];
  const unknown = subnetIds.filter((id) => aws.subnetVpcs[id] === undefined);
  if (unknown.length > 0) return disagree(`subnet ${unknown.join(', ')} does not exist in this account and region`);
  const vpcIds = [...new Set(subnetIds.map((id) => aws.subnetVpcs[id] as string))];
  if (vpcIds.length > 1) {
    return disagree(
      `the task's subnets lie in several VPCs (${subnetIds.map((id) => `${id} in ${aws.subnetVpcs[id]}`).join(', ')})`
    );
  }
  return { confirmed: true, task: confirmed, vpcId: vpcIds[0] ?? null };
}

/** A subnet id that EC2 does not know makes the whole DescribeSubnets call fail: read one by one then. */
async function subnetVpcsOf(clients: AwsClients, subnetIds: string[], signal?: AbortSignal): Promise<Record<string, string>> {
  const vpcs: Record<string, string> = {};
  const read = async (ids: string[]): Promise<void> => {
    for (const subnet of await describeSubnetFacts(clients.ec2, ids, { signal })) vpcs[subnet.subnetId] = subnet.vpcId;
  };
  if (subnetIds.length === 0) return vpcs;
  try {
    await read(subnetIds);
  } catch (error) {
    assertIsError(error);
    if (!(error instanceof AwsCallError) || !error.code.startsWith('InvalidSubnetID')) throw error;
    for (const id of subnetIds) {
      try {
        await read([id]);
      } catch (single) {
        assertIsError(single);
        if (!(single instanceof AwsCallError) || !single.code.startsWith('InvalidSubnetID')) throw single;
      }
    }
  }
  return vpcs;
}

/** Reads the task, its service and their subnets, then reconciles them with the event. */
async function confirmTaskFacts(clients: AwsClients, event: StoppedTask, signal?: AbortSignal): Promise<Confirmation> {
  const [described] = await describeTasks(clients.ecs, event.clusterArn, [event.taskArn], { signal });
  const task = described !== undefined ? toStoppedTask(described, event.region) : null;
  const serviceName = task !== null ? task.serviceName : event.serviceName;
  let service: AwsTaskFacts['service'] = null;
  if (serviceName !== null) {
    const lookup = await describeService(clients.ecs, event.clusterArn, serviceName, { signal });
    service = lookup.found
      ? { found: true, subnetIds: serviceSubnetIds(lookup.service) }
      : { found: false, reason: lookup.reason };
  }
  const subnetIds = [
    ...new Set([
      ...(task?.subnetId ? [task.subnetId] : event.subnetId ? [event.subnetId] : []),
      ...(service?.found ? service.subnetIds : []),
    ]),
  ];
  return reconcileTaskFacts(event, { task, service, subnetVpcs: await subnetVpcsOf(clients, subnetIds, signal) });
}

export { confirmTaskFacts, reconcileTaskFacts };
export type { AwsTaskFacts };
