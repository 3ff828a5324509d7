/**
 * The function's surroundings in moto, as the CDK stack would make them in AWS: the state table,
 * the alert topic (read back through an SQS subscription, as Chatbot would receive it) and an
 * event bus whose audit events land on an SQS queue through a rule. Every name is unique, so
 * tests and the demo never see each other's messages.
 */
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { CreateEventBusCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { AwsClients } from '../../shared/aws/clients.js';
import { uniqueName } from './moto.js';

interface LocalStack {
  region: string;
  tableName: string;
  topicArn: string;
  busName: string;
  /** The function environment that points at this stack (dry run unless overridden). */
  env: Record<string, string>;
  /** Chatbot payloads published so far (each SNS `Message`, parsed), oldest first; drains the queue. */
  readAlerts: () => Promise<PublishedAlert[]>;
  /** Audit events delivered by the EventBridge rule; drains the queue. */
  readAuditEvents: () => Promise<AuditEnvelope[]>;
}

interface PublishedAlert {
  message: Record<string, unknown>;
  subject: string | null;
  attributes: Record<string, string>;
}

interface AuditEnvelope {
  source: string;
  'detail-type': string;
  detail: Record<string, unknown>;
}

async function createQueue(sqs: SQSClient, name: string): Promise<{ url: string; arn: string }> {
  const created = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  const url = created.QueueUrl ?? '';
  const attributes = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  return { url, arn: attributes.Attributes?.QueueArn ?? '' };
}

async function drain(sqs: SQSClient, url: string): Promise<string[]> {
  const bodies: string[] = [];
  for (;;) {
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
    const messages = received.Messages ?? [];
    if (messages.length === 0) return bodies;
    bodies.push(...messages.map((message) => message.Body ?? ''));
    // Deleted, not left to the visibility timeout (30 s): on a busy machine a step outlasts it and
    // the messages read before would come back in the next read.
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle ?? '' })),
      })
    );
  }
}

/** A state table shaped like the stack's (pk/sk strings, on demand). */
async function createStateTable(clients: AwsClients, tableName: string): Promise<void> {
  await clients.dynamodb.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    })
  );
}

async function createLocalStack(clients: AwsClients, name = uniqueName('netfix')): Promise<LocalStack> {
  const region = clients.region;
  const sqs = new SQSClient({ region, maxAttempts: 1 });
  const tableName = `${name}-state`;
  await createStateTable(clients, tableName);
  const topic = await clients.sns.send(new CreateTopicCommand({ Name: `${name}-alerts` }));
  const topicArn = topic.TopicArn ?? '';
  const alertQueue = await createQueue(sqs, `${name}-alerts`);
  await clients.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: alertQueue.arn }));

  const busName = `${name}-bus`;
  await clients.events.send(new CreateEventBusCommand({ Name: busName }));
  const auditQueue = await createQueue(sqs, `${name}-audit`);
  await clients.events.send(
    new PutRuleCommand({ Name: `${name}-audit`, EventBusName: busName, EventPattern: JSON.stringify({ source: ['ecs-netfix'] }) })
  );
  await clients.events.send(
    new PutTargetsCommand({ Rule: `${name}-audit`, EventBusName: busName, Targets: [{ Id: 'audit', Arn: auditQueue.arn }] })
  );

  return {
    region,
    tableName,
    topicArn,
    busName,
    env: {
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      DRY_RUN: 'true',
      ALERT_TOPIC_ARN: topicArn,
      EVENT_BUS_NAME: busName,
      STATE_TABLE_NAME: tableName,
      // moto does not implement iam:SimulatePrincipalPolicy.
      PERMISSION_CHECK: 'off',
      ALERT_COALESCE_SECONDS: '0',
    },
    readAlerts: async () =>
      (await drain(sqs, alertQueue.url)).map((body) => {
        const envelope = JSON.parse(body) as {
          Message: string;
          Subject?: string;
          MessageAttributes?: Record<string, { Value: string }>;
        };
        return {
          message: JSON.parse(envelope.Message) as Record<string, unknown>,
          subject: envelope.Subject ?? null,
          attributes: Object.fromEntries(
            Object.entries(envelope.MessageAttributes ?? {}).map(([key, value]) => [key, value.Value])
          ),
        };
      }),
    readAuditEvents: async () => (await drain(sqs, auditQueue.url)).map((body) => JSON.parse(body) as AuditEnvelope),
  };
}

export { createLocalStack, createStateTable };
export type { LocalStack, PublishedAlert };
