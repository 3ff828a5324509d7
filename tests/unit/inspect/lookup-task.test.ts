import {
  ClusterNotFoundException,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
} from '@aws-sdk/client-ecs';
import { StoppedTaskNotFoundError } from '../../../shared/errors.js';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createAwsClients } from '../../../shared/aws/clients.js';
import { lookupStoppedTask, mostRecentlyStopped } from '../../../shared/inspect/lookup-task.js';

const ecsMock = mockClient(ECSClient);
const CLUSTER = 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod';

afterEach(() => {
  ecsMock.reset();
});

describe('mostRecentlyStopped', () => {
  it('picks the latest stoppedAt', () => {
    const tasks = [
      { id: 'old', stoppedAt: new Date('2026-01-01T10:00:00Z') },
      { id: 'new', stoppedAt: new Date('2026-01-01T10:05:00Z') },
    ];
    expect(mostRecentlyStopped(tasks)?.id).toBe('new');
  });

  it('keeps list order when no task has stoppedAt (moto)', () => {
    const tasks: { id: string; stoppedAt?: Date }[] = [{ id: 'first' }, { id: 'second' }];
    expect(mostRecentlyStopped(tasks)?.id).toBe('first');
  });
});

describe('lookupStoppedTask', () => {
  it("turns the service's most recent stopped task into a StoppedTask with its ENI subnet and reasons", async () => {
    // Prepare
    ecsMock.on(ListTasksCommand).resolves({
      taskArns: ['arn:aws:ecs:eu-west-1:123456789012:task/prod/aaa', 'arn:aws:ecs:eu-west-1:123456789012:task/prod/bbb'],
    });
    ecsMock.on(DescribeTasksCommand).resolves({
      tasks: [
        {
          taskArn: 'arn:aws:ecs:eu-west-1:123456789012:task/prod/aaa',
          clusterArn: CLUSTER,
          group: 'service:api',
          stoppedAt: new Date('2026-01-01T10:00:00Z'),
        },
        {
          taskArn: 'arn:aws:ecs:eu-west-1:123456789012:task/prod/bbb',
          clusterArn: CLUSTER,
          group: 'service:api',
          launchType: 'FARGATE',
          platformVersion: '1.4.0',
          availabilityZone: 'eu-west-1b',
          taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/api:7',
          stopCode: 'TaskFailedToStart',
          stoppedReason: 'Task failed to start',
          stoppedAt: new Date('2026-01-01T10:05:00Z'),
          attachments: [
            {
              type: 'ElasticNetworkInterface',
              details: [
                { name: 'subnetId', value: 'subnet-b' },
                { name: 'privateIPv4Address', value: '10.0.2.9' },
              ],
            },
          ],
          containers: [{ name: 'api', reason: 'CannotPullContainerError: i/o timeout' }, { name: 'sidecar' }],
        },
      ],
    });

    // Act
    const task = await lookupStoppedTask(createAwsClients({ region: 'eu-west-1', maxAttempts: 1 }), {
      region: 'eu-west-1',
      cluster: 'prod',
      service: 'api',
    });

    // Assess
    expect(task).toEqual({
      region: 'eu-west-1',
      accountId: '123456789012',
      clusterArn: CLUSTER,
      clusterName: 'prod',
      taskArn: 'arn:aws:ecs:eu-west-1:123456789012:task/prod/bbb',
      taskId: 'bbb',
      taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/api:7',
      group: 'service:api',
      serviceName: 'api',
      launchType: 'FARGATE',
      platformVersion: '1.4.0',
      availabilityZone: 'eu-west-1b',
      subnetId: 'subnet-b',
      privateIp: '10.0.2.9',
      stopCode: 'TaskFailedToStart',
      stoppedReason: 'Task failed to start',
      containerReasons: [{ container: 'api', reason: 'CannotPullContainerError: i/o timeout' }],
      stoppedAt: '2026-01-01T10:05:00.000Z',
      eventId: null,
    });
    expect(ecsMock.commandCalls(ListTasksCommand)[0]?.args[0].input).toMatchObject({
      cluster: 'prod',
      serviceName: 'api',
      desiredStatus: 'STOPPED',
    });
  });

  it('names the cluster and the service when ECS lists no stopped task', async () => {
    ecsMock.on(ListTasksCommand).resolves({ taskArns: [] });
    ecsMock.on(DescribeServicesCommand).resolves({ services: [{ serviceName: 'api', status: 'ACTIVE' }], failures: [] });

    const attempt = lookupStoppedTask(createAwsClients({ region: 'eu-west-1', maxAttempts: 1 }), {
      region: 'eu-west-1',
      cluster: 'prod',
      service: 'api',
    });

    await expect(attempt).rejects.toThrow('No stopped task found for service api in cluster prod');
  });

  it('says the service does not exist when ECS describes it as MISSING', async () => {
    ecsMock.on(ListTasksCommand).resolves({ taskArns: [] });
    ecsMock.on(DescribeServicesCommand).resolves({
      services: [],
      failures: [{ arn: 'arn:aws:ecs:eu-west-1:123456789012:service/prod/nosuch', reason: 'MISSING' }],
    });

    const attempt = lookupStoppedTask(createAwsClients({ region: 'eu-west-1', maxAttempts: 1 }), {
      region: 'eu-west-1',
      cluster: 'prod',
      service: 'nosuch',
    });

    await expect(attempt).rejects.toThrow(
      new StoppedTaskNotFoundError('prod', 'service nosuch', 'Service nosuch does not exist in cluster prod (eu-west-1)')
    );
  });

  it('says a misspelt cluster does not exist instead of blaming the one-hour retention', async () => {
    // The shape ECS answers with: HTTP 400, ClusterNotFoundException, "Cluster not found."
    const notFound = new ClusterNotFoundException({ message: 'Cluster not found.', $metadata: { httpStatusCode: 400 } });
    ecsMock.on(ListTasksCommand).rejects(notFound);
    ecsMock.on(DescribeTasksCommand).rejects(notFound);
    ecsMock.on(DescribeServicesCommand).rejects(notFound);
    const clients = createAwsClients({ region: 'eu-west-1', maxAttempts: 1 });

    for (const lookup of [{ service: 'api' }, { taskArn: 'abc' }]) {
      const attempt = lookupStoppedTask(clients, { region: 'eu-west-1', cluster: 'nosuch', ...lookup });
      await expect(attempt).rejects.toThrow('Cluster nosuch does not exist in eu-west-1');
      await expect(attempt).rejects.toBeInstanceOf(StoppedTaskNotFoundError);
    }
  });
});
