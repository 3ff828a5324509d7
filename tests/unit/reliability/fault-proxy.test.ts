/**
 * The fault proxy answers the way each AWS protocol fails: the SDK must parse its answers into the
 * error names and HTTP statuses AWS gives (JSON `__type`, EC2 XML, query XML, REST-JSON header).
 * Only loopback: throttling and 5xx are answered by the proxy itself, nothing is forwarded.
 */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { CreateScheduleCommand } from '@aws-sdk/client-scheduler';
import { PublishCommand } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type AwsClients, createAwsClients } from '../../../shared/aws/clients.js';
import { isTransientAwsError } from '../../../shared/errors.js';
import { FaultProxy } from '../../helpers/fault-proxy.js';

let proxy: FaultProxy;
let clients: AwsClients;

beforeAll(async () => {
  // Port 9 on loopback: nothing listens, so a request that were forwarded would fail loudly.
  proxy = await FaultProxy.start('http://127.0.0.1:9');
  process.env.AWS_ENDPOINT_URL = proxy.url;
  clients = createAwsClients({ region: 'eu-west-1', maxAttempts: 1 });
});

afterAll(async () => {
  await proxy.close();
});

async function failureOf(
  send: () => Promise<unknown>
): Promise<{ name: string; status: number | undefined; transient: boolean }> {
  try {
    await send();
  } catch (error) {
    const failure = error as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: failure.name, status: failure.$metadata?.httpStatusCode, transient: isTransientAwsError(failure) };
  }
  throw new Error('the call succeeded');
}

const CALLS: [string, () => Promise<unknown>][] = [
  ['DynamoDB.GetItem', () => clients.dynamodb.send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'a' } } }))],
  ['EC2.DescribeVpcs', () => clients.ec2.send(new DescribeVpcsCommand({}))],
  ['SNS.Publish', () => clients.sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:eu-west-1:123456789012:t', Message: 'm' }))],
  [
    'EventBridge.PutEvents',
    () => clients.events.send(new PutEventsCommand({ Entries: [{ Source: 's', DetailType: 'd', Detail: '{}' }] })),
  ],
  [
    'Scheduler.CreateSchedule',
    () =>
      clients.scheduler.send(
        new CreateScheduleCommand({
          Name: 'n',
          ScheduleExpression: 'at(2026-12-01T10:00:00)',
          FlexibleTimeWindow: { Mode: 'OFF' },
          Target: { Arn: 'arn:aws:lambda:eu-west-1:123456789012:function:f', RoleArn: 'arn:aws:iam::123456789012:role/r' },
        })
      ),
  ],
];

describe('the fault proxy speaks each protocol', () => {
  it.each<[string, string, number]>([
    ['DynamoDB.GetItem', 'ProvisionedThroughputExceededException', 400],
    ['EC2.DescribeVpcs', 'RequestLimitExceeded', 503],
    ['SNS.Publish', 'ThrottledException', 429],
    ['EventBridge.PutEvents', 'ThrottlingException', 400],
    ['Scheduler.CreateSchedule', 'ThrottlingException', 429],
  ])('throttles %s as %s (HTTP %d), which the project retries', async (operation: string, name: string, status: number) => {
    proxy.inject({ operation, fault: 'throttle' });
    const call = CALLS.find(([candidate]) => candidate === operation)?.[1];
    if (!call) throw new Error(operation);

    const failure = await failureOf(call);

    expect(failure).toEqual({ name, status, transient: true });
    expect(proxy.injected().at(-1)).toEqual({ operation, fault: 'throttle' });
  });

  it.each<[string, string]>([
    ['DynamoDB.GetItem', 'InternalServerError'],
    ['EC2.DescribeVpcs', 'InternalError'],
    ['SNS.Publish', 'InternalFailure'],
    ['Scheduler.CreateSchedule', 'InternalServerException'],
  ])('fails %s with a 5xx %s', async (operation: string, name: string) => {
    proxy.inject({ operation, fault: 'server-error' });
    const call = CALLS.find(([candidate]) => candidate === operation)?.[1];
    if (!call) throw new Error(operation);

    const failure = await failureOf(call);

    expect(failure).toEqual({ name, status: 500, transient: true });
  });
});
