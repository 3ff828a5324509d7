import { beforeAll, describe, expect, it } from '@jest/globals';
import { StoppedTaskNotFoundError } from '../../../shared/errors.js';
import type { AwsClients } from '../../../shared/aws/clients.js';
import { lookupStoppedTask } from '../../../shared/inspect/lookup-task.js';
import { motoClients } from '../../helpers/moto.js';
import { buildWorld } from '../../helpers/moto-world.js';

let clients: AwsClients;

beforeAll(() => {
  clients = motoClients();
});

describe('lookupStoppedTask against moto', () => {
  it('builds the StoppedTask of a task ARN from DescribeTasks', async () => {
    // Prepare
    const world = await buildWorld(clients, {});

    // Act
    const task = await lookupStoppedTask(clients, { region: 'eu-west-1', cluster: world.clusterName, taskArn: world.taskArn });

    // Assess
    expect(task).toMatchObject({
      region: 'eu-west-1',
      accountId: world.accountId,
      clusterArn: world.clusterArn,
      clusterName: world.clusterName,
      taskArn: world.taskArn,
      taskDefinitionArn: world.taskDefinitionArn,
      group: `service:${world.serviceName}`,
      serviceName: world.serviceName,
      launchType: 'FARGATE',
      subnetId: world.taskSubnetId,
      eventId: null,
    });
    expect(task.stoppedReason).toContain('ResourceInitializationError');
  });

  it("finds a service's stopped task through ListTasks", async () => {
    const world = await buildWorld(clients, {});

    const task = await lookupStoppedTask(clients, {
      region: 'eu-west-1',
      cluster: world.clusterArn,
      service: world.serviceName ?? '',
    });

    expect(task.taskArn).toBe(world.taskArn);
    expect(task.serviceName).toBe(world.serviceName);
  });

  it('names the cluster and task when ECS no longer shows the task', async () => {
    const world = await buildWorld(clients, { launch: 'standalone' });
    const missing = world.taskArn.replace(/[0-9a-f]{8}$/, '00000000');

    const attempt = lookupStoppedTask(clients, { region: 'eu-west-1', cluster: world.clusterName, taskArn: missing });

    await expect(attempt).rejects.toBeInstanceOf(StoppedTaskNotFoundError);
    await expect(attempt).rejects.toThrow(`No stopped task found for task ${missing} in cluster ${world.clusterName}`);
  });

  it('says the service does not exist when the cluster has no such service', async () => {
    const world = await buildWorld(clients, { launch: 'standalone' });

    const attempt = lookupStoppedTask(clients, { region: 'eu-west-1', cluster: world.clusterName, service: 'quiet-service' });

    await expect(attempt).rejects.toThrow(`Service quiet-service does not exist in cluster ${world.clusterName} (eu-west-1)`);
  });
});
