/**
 * The host of an EC2 task, for the gather: the container instance (round 1), its EC2 instance
 * (round 2) and the instance's subnet (round 3, with the VPC reads: the instance names its VPC).
 * A bridge/host-mode task has no ENI, so the host's subnet and security groups are its network;
 * an awsvpc task on EC2 keeps its own ENI's network, and the host is read for the ECS agent.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/networking-networkmode.html
 */
import type { AwsClients } from '../aws/clients.js';
import { describeInstanceFacts, describeSubnetFacts } from '../aws/ec2-read.js';
import { toContainerInstanceFacts } from '../aws/ecs-facts.js';
import { describeContainerInstance } from '../aws/ecs-read.js';
import type { StoppedTask } from '../intake/request.js';
import type { ContainerInstanceFacts, Ec2InstanceFacts, SubnetFacts, TaskNetworkFacts } from '../model/snapshot.js';
import { type CacheScope, cachedSubnets, rememberSubnets } from './vpc-facts-cache.js';

/** True when the task ran on a container instance worth reading (EC2, or a capacity provider on EC2). */
function runsOnContainerInstance(task: StoppedTask): task is StoppedTask & { containerInstanceArn: string } {
  return typeof task.containerInstanceArn === 'string' && task.launchType !== 'FARGATE';
}

/** Round 1: the container instance (null when the task has none). */
async function readContainerInstance(
  clients: AwsClients,
  task: StoppedTask,
  unknowns: string[],
  signal?: AbortSignal
): Promise<ContainerInstanceFacts | null> {
  if (!runsOnContainerInstance(task)) return null;
  const described = await describeContainerInstance(clients.ecs, task.clusterArn, task.containerInstanceArn, { signal });
  const facts = toContainerInstanceFacts(task.containerInstanceArn, described);
  if (described === null) {
    unknowns.push(
      `Container instance ${task.containerInstanceArn} is no longer known to ECS (deregistered): the host's network could not be read.`
    );
  } else if (facts.ec2InstanceId === null) {
    unknowns.push(
      `Container instance ${task.containerInstanceArn} is not an EC2 instance (ECS Anywhere): its network is outside AWS and was not inspected.`
    );
  }
  return facts;
}

/** Round 2: the EC2 instance behind it. */
async function readHostInstance(
  clients: AwsClients,
  host: ContainerInstanceFacts | null,
  unknowns: string[],
  signal?: AbortSignal
): Promise<ContainerInstanceFacts | null> {
  if (host === null || host.ec2InstanceId === null) return host;
  const instance = await describeInstanceFacts(clients.ec2, host.ec2InstanceId, { signal });
  if (instance === null) {
    unknowns.push(
      `EC2 instance ${host.ec2InstanceId} of container instance ${host.containerInstanceArn} was not found (terminated): the host's network could not be read.`
    );
  }
  return { ...host, instance };
}

/** The network a task without an ENI uses: its host's subnet, security groups and public IP. */
function hostNetworkOf(instance: Ec2InstanceFacts): TaskNetworkFacts {
  return {
    subnetIds: instance.subnetId === null ? [] : [instance.subnetId],
    securityGroupIds: instance.securityGroupIds,
    assignPublicIp: instance.publicIp !== null,
    source: 'container-instance',
  };
}

/**
 * The task's network: its own (ENI or service) when it has a subnet, else its host's. A task with
 * neither keeps the event's (unknown) network.
 */
function effectiveNetwork(own: TaskNetworkFacts, host: ContainerInstanceFacts | null): TaskNetworkFacts {
  if (own.subnetIds.length > 0 || host?.instance === null || host?.instance === undefined) return own;
  return hostNetworkOf(host.instance);
}

/**
 * Round 3: the host's subnet, when it lies in the inspected VPC and is not among the subnets
 * already read (an awsvpc task's host usually shares its subnets; a bridge task has none).
 */
async function readHostSubnet(
  clients: AwsClients,
  scope: CacheScope,
  host: ContainerInstanceFacts | null,
  vpcId: string,
  known: SubnetFacts[],
  nowMs: number,
  signal?: AbortSignal
): Promise<SubnetFacts | null> {
  const subnetId = host?.instance?.subnetId ?? null;
  if (subnetId === null || host?.instance?.vpcId !== vpcId) return null;
  const already = known.find((subnet) => subnet.subnetId === subnetId);
  if (already !== undefined) return already;
  const cached = cachedSubnets(scope, [subnetId], nowMs);
  if (cached.known[0] !== undefined) return cached.known[0];
  const [fresh] = await describeSubnetFacts(clients.ec2, [subnetId], { signal });
  if (fresh === undefined) return null;
  rememberSubnets(scope, [fresh], nowMs);
  return fresh;
}

export { effectiveNetwork, readContainerInstance, readHostInstance, readHostSubnet, runsOnContainerInstance };
