/**
 * Builds the AWS clients once per container (or CLI run) for one region. Each client counts its
 * calls into the current CallLedger. `AWS_ENDPOINT_URL` (moto locally) and credentials come from
 * the standard SDK chain.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import { EFSClient } from '@aws-sdk/client-efs';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { Route53Client } from '@aws-sdk/client-route-53';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SNSClient } from '@aws-sdk/client-sns';
import { currentLedger } from './call-ledger.js';
import type { SpokeCredentialProvider } from './spoke-session.js';

interface AwsClients {
  region: string;
  ec2: EC2Client;
  ecs: ECSClient;
  iam: IAMClient;
  sns: SNSClient;
  events: EventBridgeClient;
  dynamodb: DynamoDBClient;
  scheduler: SchedulerClient;
  /** Private hosted zones of the VPC (centralised endpoints). A global service: the SDK picks the endpoint. */
  route53: Route53Client;
  /** Mount targets of the task's EFS volumes. */
  efs: EFSClient;
}

interface ClientOptions {
  region: string;
  /** Retries per call for throttling and 5xx (SDK standard mode). */
  maxAttempts?: number;
  /** Named profile, for the CLI. */
  profile?: string;
  /** Hub mode: a member account's credentials (shared/aws/spoke-session.ts); default chain when absent. */
  credentials?: SpokeCredentialProvider;
}

interface MiddlewareStackLike {
  add: (
    middleware: (
      next: (args: unknown) => Promise<unknown>,
      context: { commandName?: string }
    ) => (args: unknown) => Promise<unknown>,
    options: { step: 'initialize'; name: string; override: boolean }
  ) => void;
}

/** Counts one logical call (retries are not counted again) per command. */
function countCalls(client: { middlewareStack: unknown }, service: string): void {
  (client.middlewareStack as MiddlewareStackLike).add(
    (next, context) => async (args) => {
      const command = (context.commandName ?? 'Unknown').replace(/Command$/, '');
      currentLedger()?.record(`${service}.${command}`);
      return next(args);
    },
    { step: 'initialize', name: 'ecsNetfixCallCounter', override: true }
  );
}

function createAwsClients(options: ClientOptions): AwsClients {
  const config = {
    region: options.region,
    maxAttempts: options.maxAttempts ?? 4,
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  };
  const clients: AwsClients = {
    region: options.region,
    ec2: new EC2Client(config),
    ecs: new ECSClient(config),
    iam: new IAMClient(config),
    sns: new SNSClient(config),
    events: new EventBridgeClient(config),
    dynamodb: new DynamoDBClient(config),
    scheduler: new SchedulerClient(config),
    route53: new Route53Client(config),
    efs: new EFSClient(config),
  };
  countCalls(clients.ec2, 'EC2');
  countCalls(clients.ecs, 'ECS');
  countCalls(clients.iam, 'IAM');
  countCalls(clients.sns, 'SNS');
  countCalls(clients.events, 'EventBridge');
  countCalls(clients.dynamodb, 'DynamoDB');
  countCalls(clients.scheduler, 'Scheduler');
  countCalls(clients.route53, 'Route53');
  countCalls(clients.efs, 'EFS');
  return clients;
}

export { createAwsClients };
/** The client types code outside shared/aws names, so the SDK is imported only here. */
type Ec2Client = AwsClients['ec2'];
type DynamoDbClient = AwsClients['dynamodb'];

export type { AwsClients, ClientOptions, DynamoDbClient, Ec2Client };
