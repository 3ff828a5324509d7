/** The ready stack: one parameterised template, checked for each mode its parameters select. */
import { Match } from 'aws-cdk-lib/assertions';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { EC2_WRITE_ACTIONS } from '../../infra/permissions.js';
import { taskStartupFailurePattern } from '../../infra/event-pattern.js';
import { actionsOf, allowStatements, deployedResources } from './deployed-resources.js';
import type { TemplateJson } from './deployed-resources.js';
import { synthReadyStack } from './synth.js';
import type { NagFinding } from './synth.js';

let template: Template;
let json: TemplateJson;
let findings: NagFinding[];

beforeAll(() => {
  ({ template, findings } = synthReadyStack());
  json = template.toJSON() as TemplateJson;
}, 120_000);

function typesDeployedWith(parameters: Record<string, string>): string[] {
  return Object.values(deployedResources(json, parameters)).map((resource) => resource.Type);
}

function ec2WriteActionsDeployedWith(parameters: Record<string, string>): string[] {
  const writes = new Set<string>(EC2_WRITE_ACTIONS);
  return allowStatements(deployedResources(json, parameters))
    .flatMap(actionsOf)
    .filter((action) => writes.has(action) || action === 'ec2:*' || action === '*');
}

describe('EcsNetfixStack parameters', () => {
  it('defaults to dry-run, English alerts, no Slack, a new topic and no redeploy', () => {
    template.hasParameter('DryRun', { Default: 'true', AllowedValues: ['true', 'false'] });
    template.hasParameter('RedeployAfterFix', { Default: 'false' });
    template.hasParameter('AlertLanguage', { Default: 'en', AllowedValues: ['en', 'ko'] });
    template.hasParameter('SlackWorkspaceId', { Default: '' });
    template.hasParameter('SlackChannelId', { Default: '' });
    template.hasParameter('ExistingTopicArn', { Default: '' });
    template.hasParameter('AllowedVpcIds', { Type: 'CommaDelimitedList', Default: '' });
    template.hasParameter('AllowedClusters', { Type: 'CommaDelimitedList', Default: '' });
    template.hasParameter('MaxEndpointsPerRun', { Type: 'Number', Default: 6 });
    template.hasParameter('LogRetentionDays', { Type: 'Number', Default: '30' });
  });
});

describe('EcsNetfixStack permissions by mode', () => {
  it('grants no EC2 write action when DryRun is true (the default)', () => {
    expect(ec2WriteActionsDeployedWith({})).toEqual([]);
    expect(ec2WriteActionsDeployedWith({ DryRun: 'true', RedeployAfterFix: 'true' })).toEqual([]);
  });

  it('grants every EC2 write action when DryRun is false', () => {
    expect(new Set(ec2WriteActionsDeployedWith({ DryRun: 'false' }))).toEqual(new Set(EC2_WRITE_ACTIONS));
  });

  it('conditions every create on the ManagedBy=ecs-netfix request tag in live mode', () => {
    const statements = allowStatements(deployedResources(json, { DryRun: 'false' }));
    const taggedCreates = statements.filter((statement) =>
      JSON.stringify(statement.Resource).match(/vpc-endpoint\/\*|security-group\/\*/)
    );
    const endpointCreate = statements.find((statement) => statement.Sid === 'CreateTaggedEndpoints');
    const groupCreate = statements.find((statement) => statement.Sid === 'CreateTaggedEndpointSecurityGroup');
    expect(endpointCreate?.Condition?.StringEquals).toEqual({ 'aws:RequestTag/ManagedBy': 'ecs-netfix' });
    expect(groupCreate?.Condition?.StringEquals).toEqual({ 'aws:RequestTag/ManagedBy': 'ecs-netfix' });
    expect(taggedCreates.length).toBeGreaterThan(0);
  });

  it('allows CreateTags only as part of CreateVpcEndpoint or CreateSecurityGroup', () => {
    const statements = allowStatements(deployedResources(json, { DryRun: 'false' }));
    const tagging = statements.filter((statement) => actionsOf(statement).includes('ec2:CreateTags'));
    expect(tagging).toHaveLength(1);
    expect(tagging[0]?.Condition).toEqual({
      StringEquals: { 'ec2:CreateAction': ['CreateVpcEndpoint', 'CreateSecurityGroup'] },
    });
  });

  it('allows ingress rules only on security groups tagged ManagedBy=ecs-netfix', () => {
    const statements = allowStatements(deployedResources(json, { DryRun: 'false' }));
    const ingress = statements.filter((statement) =>
      actionsOf(statement).includes('ec2:AuthorizeSecurityGroupIngress')
    );
    expect(ingress).toHaveLength(1);
    expect(ingress[0]?.Condition).toEqual({
      StringEquals: { 'aws:ResourceTag/ManagedBy': 'ecs-netfix' },
    });
  });

  it('never grants an EC2 write action on every resource', () => {
    const statements = allowStatements(deployedResources(json, { DryRun: 'false', RedeployAfterFix: 'true' }));
    const writes = new Set<string>(EC2_WRITE_ACTIONS);
    const writeOnStar = statements.filter(
      (statement) => actionsOf(statement).some((action) => writes.has(action)) && statement.Resource === '*'
    );
    expect(writeOnStar).toEqual([]);
  });

  it('adds redeploy permissions, the scheduler role and the deployment rule only with RedeployAfterFix', () => {
    const redeployActions = (parameters: Record<string, string>) =>
      allowStatements(deployedResources(json, parameters))
        .flatMap(actionsOf)
        .filter((action) => ['ecs:UpdateService', 'scheduler:CreateSchedule', 'iam:PassRole'].includes(action));
    expect(redeployActions({})).toEqual([]);
    expect(new Set(redeployActions({ RedeployAfterFix: 'true' }))).toEqual(
      new Set(['ecs:UpdateService', 'scheduler:CreateSchedule', 'iam:PassRole'])
    );
    expect(typesDeployedWith({})).not.toContain('AWS::Scheduler::ScheduleGroup');
    expect(typesDeployedWith({ RedeployAfterFix: 'true' })).toContain('AWS::Scheduler::ScheduleGroup');
  });

  it('lets the scheduler role invoke only this function', () => {
    const resources = deployedResources(json, { RedeployAfterFix: 'true' });
    const schedulerRoleId = Object.keys(resources).find(
      (id) => id.includes('SchedulerRole') && resources[id]?.Type === 'AWS::IAM::Role'
    );
    expect(JSON.stringify(resources[schedulerRoleId ?? '']?.Properties)).toContain('scheduler.amazonaws.com');
    const invoke = allowStatements(resources).filter((statement) =>
      actionsOf(statement).includes('lambda:InvokeFunction')
    );
    expect(invoke).toHaveLength(1);
    expect(JSON.stringify(invoke[0]?.Resource)).toContain(':function:EcsNetfixStack-remediate');
  });

  it('passes the DryRun parameter to the function as DRY_RUN', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ DRY_RUN: { 'Fn::If': ['IsDryRun', 'true', 'false'] } }) },
    });
  });
});

describe('EcsNetfixStack function', () => {
  it('runs Node.js 22 on arm64 with 512 MB, 60 s and a reserved concurrency of 5', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: 512,
      Timeout: 60,
      ReservedConcurrentExecutions: 5,
      Handler: 'index.handler',
    });
  });

  it('retries async events twice, drops them after an hour and sends failures to the queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 3600,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('FailureQueue'), 'Arn'] } } },
    });
  });

  it('sets every configuration variable the function reads', () => {
    const variables = [
      'DRY_RUN', 'ALERT_TOPIC_ARN', 'EVENT_BUS_NAME', 'ALLOWED_VPC_IDS', 'ALLOWED_CLUSTERS',
      'MAX_ENDPOINTS_PER_RUN', 'ALERT_LANGUAGE', 'STATE_TABLE_NAME', 'ALERT_COALESCE_SECONDS',
      'INCIDENT_TTL_HOURS', 'PERMISSION_CHECK', 'REDEPLOY_AFTER_FIX', 'SELF_FUNCTION_ARN',
      'SCHEDULER_ROLE_ARN', 'VERIFY_DELAY_SECONDS', 'POWERTOOLS_SERVICE_NAME',
      'POWERTOOLS_METRICS_NAMESPACE', 'POWERTOOLS_LOG_LEVEL', 'NODE_OPTIONS',
    ];
    const functions = template.findResources('AWS::Lambda::Function');
    const environment = Object.values(functions)[0]?.Properties?.Environment?.Variables as Record<string, unknown>;
    expect(Object.keys(environment).sort()).toEqual([...variables].sort());
    expect(environment.NODE_OPTIONS).toBe('--enable-source-maps');
    expect(environment.POWERTOOLS_SERVICE_NAME).toBe('ecs-netfix');
    expect(environment.POWERTOOLS_METRICS_NAMESPACE).toBe('EcsNetfix');
  });

  it('leaves X-Ray tracing off', () => {
    const functions = template.findResources('AWS::Lambda::Function');
    expect(Object.values(functions)[0]?.Properties?.TracingConfig).toBeUndefined();
  });

  it('logs to its own log group with the LogRetentionDays retention', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: { Ref: 'LogRetentionDays' } });
    template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: Match.objectLike({ LogGroup: { Ref: Match.stringLikeRegexp('LogGroup') } }),
    });
  });
});

describe('EcsNetfixStack rules', () => {
  it('routes ECS task start-up failures to the function with the exported pattern and a DLQ', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: taskStartupFailurePattern(),
      State: 'ENABLED',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('Function'), 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('FailureQueue'), 'Arn'] } },
          RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 3600 },
        }),
      ],
    });
  });

  it('always routes SERVICE_TASK_START_IMPAIRED and routes SERVICE_DEPLOYMENT_COMPLETED only with RedeployAfterFix', () => {
    const rules = (parameters: Record<string, string>) =>
      Object.values(deployedResources(json, parameters))
        .filter((resource) => resource.Type === 'AWS::Events::Rule')
        .map((resource) => (resource.Properties?.EventPattern as { 'detail-type': string[] })['detail-type'][0]);
    expect(rules({}).sort()).toEqual(['ECS Service Action', 'ECS Task State Change']);
    expect(rules({ RedeployAfterFix: 'true' }).sort()).toEqual([
      'ECS Deployment State Change',
      'ECS Service Action',
      'ECS Task State Change',
    ]);
  });
});

describe('EcsNetfixStack alerts', () => {
  it('creates a KMS-encrypted topic that denies publishing without TLS', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Key'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('uses the existing topic instead of creating one when ExistingTopicArn is set', () => {
    expect(typesDeployedWith({})).toContain('AWS::SNS::Topic');
    expect(typesDeployedWith({ ExistingTopicArn: 'arn:aws:sns:eu-west-1:123456789012:ops' })).not.toContain(
      'AWS::SNS::Topic'
    );
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          ALERT_TOPIC_ARN: { 'Fn::If': ['HasExistingTopic', { Ref: 'ExistingTopicArn' }, Match.anyValue()] },
        }),
      },
    });
  });

  it('rotates the key and lets EventBridge, CloudWatch alarms and Chatbot use it', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: {
              Service: ['events.amazonaws.com', 'cloudwatch.amazonaws.com', 'chatbot.amazonaws.com'],
            },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
  });

  it('creates the Slack channel configuration only when both Slack IDs are given', () => {
    expect(typesDeployedWith({})).not.toContain('AWS::Chatbot::SlackChannelConfiguration');
    expect(typesDeployedWith({ SlackWorkspaceId: 'T0123456789' })).not.toContain(
      'AWS::Chatbot::SlackChannelConfiguration'
    );
    expect(
      typesDeployedWith({ SlackWorkspaceId: 'T0123456789', SlackChannelId: 'C0123456789' })
    ).toContain('AWS::Chatbot::SlackChannelConfiguration');
  });

  it('gives the Slack channel a read-only guardrail and the alert topic', () => {
    template.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', {
      SlackWorkspaceId: { Ref: 'SlackWorkspaceId' },
      SlackChannelId: { Ref: 'SlackChannelId' },
      GuardrailPolicies: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/ReadOnlyAccess']] }],
      SnsTopicArns: [{ 'Fn::If': ['HasExistingTopic', { Ref: 'ExistingTopicArn' }, Match.anyValue()] }],
      IamRoleArn: Match.anyValue(),
    });
  });

  it('alarms on function errors, throttles and any message in the failure queue, to the alert topic', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
      (alarm) => alarm.Properties as Record<string, unknown>
    );
    expect(alarms.map((alarm) => alarm.MetricName).sort()).toEqual([
      'ApproximateNumberOfMessagesVisible',
      'Errors',
      'Throttles',
    ]);
    for (const alarm of alarms) {
      expect(alarm.Threshold).toBe(0);
      expect(alarm.ComparisonOperator).toBe('GreaterThanThreshold');
      expect(JSON.stringify(alarm.AlarmActions)).toContain('HasExistingTopic');
    }
  });
});

describe('EcsNetfixStack state and failure queue', () => {
  it('keeps incidents in an on-demand, KMS-encrypted table with TTL and point-in-time recovery', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: Match.objectLike({ SSEEnabled: true, SSEType: 'KMS' }),
    });
  });

  it('lets the function only get, put and update items of that table', () => {
    const statements = allowStatements(deployedResources(json, {}));
    const dynamo = statements.flatMap(actionsOf).filter((action) => action.startsWith('dynamodb:'));
    expect(dynamo.sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
  });

  it('encrypts the failure queue with the stack key and denies access without TLS', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Key'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});

describe('EcsNetfixStack checks', () => {
  it('has no unacknowledged cdk-nag AwsSolutions or Serverless finding', () => {
    expect(findings).toEqual([]);
  });
});
