/** The ready stack: one parameterised template, checked for each mode its parameters select. */
import { Match } from 'aws-cdk-lib/assertions';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { EC2_WRITE_ACTIONS, LIVE_ONLY_ACTIONS } from '../../infra/permissions.js';
import { serviceActionPattern, serviceDeploymentCompletedPattern, taskStartupFailurePattern } from '../../infra/event-pattern.js';
import {
  actionsOf,
  allowStatements,
  deployedResources,
  evaluate,
  evaluatedStatements,
  resolveIfs,
} from './deployed-resources.js';
import type { StatementJson, TemplateJson } from './deployed-resources.js';
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

/** Actions a dry-run deployment must not hold, as deployed with these parameters. */
function liveOnlyActionsDeployedWith(parameters: Record<string, string>): string[] {
  const liveOnly = new Set<string>(LIVE_ONLY_ACTIONS);
  return allowStatements(deployedResources(json, parameters))
    .flatMap(actionsOf)
    .filter((action) => liveOnly.has(action) || action.endsWith(':*') || action === '*');
}

/** The function's environment as CloudFormation sets it for these parameters. */
function environmentDeployedWith(parameters: Record<string, string>): Record<string, unknown> {
  const fn = Object.values(deployedResources(json, parameters)).find((resource) => resource.Type === 'AWS::Lambda::Function');
  const variables = (fn?.Properties?.Environment as { Variables: unknown } | undefined)?.Variables;
  return resolveIfs(json, parameters, variables) as Record<string, unknown>;
}

function ec2WriteActionsDeployedWith(parameters: Record<string, string>): string[] {
  const writes = new Set<string>(EC2_WRITE_ACTIONS);
  return allowStatements(deployedResources(json, parameters))
    .flatMap(actionsOf)
    .filter((action) => writes.has(action) || action === 'ec2:*' || action === '*');
}

/** Every dry-run deployment: RedeployAfterFix, the opt-in and the allowlists must not matter there. */
const DRY_RUN_PARAMETERS: Record<string, string>[] = [
  {},
  { RedeployAfterFix: 'true' },
  { RedeployAfterFix: 'true', AllowUserEndpointChanges: 'true', AllowedVpcIds: 'vpc-0abc1234', AllowedClusters: 'prod' },
];

/** The evaluated statement with this Sid, as deployed with these parameters. */
function statementDeployedWith(parameters: Record<string, string>, sid: string): StatementJson | undefined {
  return evaluatedStatements(json, parameters).find((statement) => statement.Sid === sid);
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

  it('caps AlertCoalesceSeconds at 20, the wait the 60 s function can afford', () => {
    template.hasParameter('AlertCoalesceSeconds', { Type: 'Number', Default: 3, MinValue: 0, MaxValue: 20 });
  });

  it('describes VerifyDelaySeconds as the wait after creating endpoints, not after a redeploy', () => {
    const description = String(template.toJSON().Parameters.VerifyDelaySeconds.Description);
    expect(description).toContain('from creating endpoints to the first check');
    expect(description).not.toContain('redeploy');
  });
});

describe('EcsNetfixStack permissions by mode', () => {
  it('grants no EC2 write action when DryRun is true (the default), whatever else is set', () => {
    for (const parameters of DRY_RUN_PARAMETERS) expect(ec2WriteActionsDeployedWith(parameters)).toEqual([]);
  });

  it('grants every EC2 write action when DryRun is false', () => {
    expect(new Set(ec2WriteActionsDeployedWith({ DryRun: 'false' }))).toEqual(new Set(EC2_WRITE_ACTIONS));
  });

  it('conditions every create on the ManagedBy=ecs-netfix request tag and our tag keys in live mode', () => {
    const ourTags = {
      StringEquals: { 'aws:RequestTag/ManagedBy': 'ecs-netfix' },
      'ForAllValues:StringLike': {
        'aws:TagKeys': [
          'ManagedBy',
          'Name',
          'ecs-netfix:trigger-task',
          'ecs-netfix:created-at',
          'ecs-netfix:incident',
          'ecs-netfix:added:*',
        ],
      },
    };
    const endpointCreate = statementDeployedWith({ DryRun: 'false' }, 'CreateTaggedEndpoints');
    const groupCreate = statementDeployedWith({ DryRun: 'false' }, 'CreateTaggedEndpointSecurityGroup');
    expect(endpointCreate?.Resource).toBe('arn:aws:ec2:eu-west-1:123456789012:vpc-endpoint/*');
    expect(endpointCreate?.Condition).toEqual({
      ...ourTags,
      StringLike: { 'ec2:VpceServiceName': ['com.amazonaws.eu-west-1.*', 'cn.com.amazonaws.eu-west-1.*'] },
    });
    expect(groupCreate?.Resource).toBe('arn:aws:ec2:eu-west-1:123456789012:security-group/*');
    expect(groupCreate?.Condition).toEqual(ourTags);
  });

  it('allows CreateTags only inside our own creates, or as the ecs-netfix:added:<id> change record on endpoints', () => {
    const statements = evaluatedStatements(json, { DryRun: 'false', AllowUserEndpointChanges: 'true', RedeployAfterFix: 'true' });
    const tagging = statements.filter((statement) => actionsOf(statement).includes('ec2:CreateTags'));
    const ENDPOINTS = 'arn:aws:ec2:eu-west-1:123456789012:vpc-endpoint/*';
    const RECORD_ONLY = { 'aws:TagKeys': ['ecs-netfix:added:*'] };
    expect(
      tagging.map((statement) => [
        statement.Sid,
        statement.Resource,
        statement.Condition?.StringEquals,
        statement.Condition?.['ForAllValues:StringLike'],
      ])
    ).toEqual([
      [
        'TagEndpointsOnCreate',
        ENDPOINTS,
        { 'aws:RequestTag/ManagedBy': 'ecs-netfix', 'ec2:CreateAction': 'CreateVpcEndpoint' },
        expect.anything(),
      ],
      [
        'TagSecurityGroupOnCreate',
        'arn:aws:ec2:eu-west-1:123456789012:security-group/*',
        { 'aws:RequestTag/ManagedBy': 'ecs-netfix', 'ec2:CreateAction': 'CreateSecurityGroup' },
        expect.anything(),
      ],
      // On an existing endpoint: only ours, and only the change-record keys.
      ['RecordAttachmentsOnManagedEndpoints', ENDPOINTS, { 'aws:ResourceTag/ManagedBy': 'ecs-netfix' }, RECORD_ONLY],
      // The opt-in: a person's endpoint, only the change-record keys.
      ['RecordChangesToEndpointsNotCreatedByNetfix', ENDPOINTS, undefined, RECORD_ONLY],
    ]);
    for (const statement of tagging) expect(actionsOf(statement)).toEqual(['ec2:CreateTags']);
    // Without the opt-in, a person's endpoint gets no tag at all.
    const withoutOptIn = evaluatedStatements(json, { DryRun: 'false', AllowUserEndpointChanges: 'false' });
    expect(
      withoutOptIn.filter((statement) => actionsOf(statement).includes('ec2:CreateTags')).map((statement) => statement.Sid)
    ).toEqual(['TagEndpointsOnCreate', 'TagSecurityGroupOnCreate', 'RecordAttachmentsOnManagedEndpoints']);
  });

  it('allows ingress rules only on security groups tagged ManagedBy=ecs-netfix', () => {
    const statements = allowStatements(deployedResources(json, { DryRun: 'false' }));
    const ingress = statements.filter((statement) => actionsOf(statement).includes('ec2:AuthorizeSecurityGroupIngress'));
    expect(ingress).toHaveLength(1);
    expect(ingress[0]?.Condition?.StringEquals).toEqual({ 'aws:ResourceTag/ManagedBy': 'ecs-netfix' });
  });

  it('grants ModifyVpcEndpoint on endpoints without our tag only with AllowUserEndpointChanges, in a clearly named statement', () => {
    const untagged = (parameters: Record<string, string>) =>
      evaluatedStatements(json, parameters).filter(
        (statement) =>
          actionsOf(statement).includes('ec2:ModifyVpcEndpoint') &&
          JSON.stringify(statement.Resource).includes(':vpc-endpoint/') &&
          statement.Condition?.StringEquals?.['aws:ResourceTag/ManagedBy'] !== 'ecs-netfix'
      );
    expect(untagged({ DryRun: 'false' })).toEqual([]);
    expect(untagged({ DryRun: 'false', RedeployAfterFix: 'true', AllowedVpcIds: 'vpc-0abc1234' })).toEqual([]);
    expect(untagged({ DryRun: 'true', AllowUserEndpointChanges: 'true' })).toEqual([]);
    expect(untagged({ DryRun: 'false', AllowUserEndpointChanges: 'true' })).toEqual([
      {
        Sid: 'ModifyEndpointsNotCreatedByNetfix',
        Effect: 'Allow',
        Action: 'ec2:ModifyVpcEndpoint',
        Resource: 'arn:aws:ec2:eu-west-1:123456789012:vpc-endpoint/*',
      },
    ]);
    expect(statementDeployedWith({ DryRun: 'false' }, 'ModifyManagedEndpoints')?.Condition).toEqual({
      StringEquals: { 'aws:ResourceTag/ManagedBy': 'ecs-netfix' },
    });
  });

  it('passes AllowUserEndpointChanges to the function, in dry-run too (so "would fix" tells the truth)', () => {
    template.hasParameter('AllowUserEndpointChanges', { Default: 'false', AllowedValues: ['true', 'false'] });
    expect(environmentDeployedWith({}).ALLOW_USER_ENDPOINT_CHANGES).toBe('false');
    expect(environmentDeployedWith({ AllowUserEndpointChanges: 'true' }).ALLOW_USER_ENDPOINT_CHANGES).toBe('true');
    expect(environmentDeployedWith({ DryRun: 'false', AllowUserEndpointChanges: 'true' }).ALLOW_USER_ENDPOINT_CHANGES).toBe(
      'true'
    );
  });

  it('never grants an EC2 write action on every resource', () => {
    const statements = allowStatements(deployedResources(json, { DryRun: 'false', RedeployAfterFix: 'true' }));
    const writes = new Set<string>(EC2_WRITE_ACTIONS);
    const writeOnStar = statements.filter(
      (statement) => actionsOf(statement).some((action) => writes.has(action)) && statement.Resource === '*'
    );
    expect(writeOnStar).toEqual([]);
  });

  it('grants no write, schedule, PassRole or UpdateService action in dry-run, whatever RedeployAfterFix says', () => {
    expect(liveOnlyActionsDeployedWith({})).toEqual([]);
    expect(liveOnlyActionsDeployedWith({ DryRun: 'true', RedeployAfterFix: 'true' })).toEqual([]);
    for (const parameters of DRY_RUN_PARAMETERS) {
      expect(typesDeployedWith(parameters)).not.toContain('AWS::Scheduler::ScheduleGroup');
      const roles = Object.values(deployedResources(json, parameters)).filter((resource) => resource.Type === 'AWS::IAM::Role');
      expect(JSON.stringify(roles)).not.toContain('scheduler.amazonaws.com');
    }
  });

  it('schedules the verification in every live deployment, and redeploys only with RedeployAfterFix', () => {
    const verifyActions = ['scheduler:CreateSchedule', 'iam:PassRole'];
    const live = liveOnlyActionsDeployedWith({ DryRun: 'false' });
    expect(live).toEqual(expect.arrayContaining(verifyActions));
    expect(live).not.toContain('ecs:UpdateService');
    expect(typesDeployedWith({ DryRun: 'false' })).toContain('AWS::Scheduler::ScheduleGroup');

    const liveWithRedeploy = liveOnlyActionsDeployedWith({ DryRun: 'false', RedeployAfterFix: 'true' });
    expect(liveWithRedeploy).toEqual(expect.arrayContaining([...verifyActions, 'ecs:UpdateService']));
    expect(new Set(liveWithRedeploy)).toEqual(new Set(LIVE_ONLY_ACTIONS));
  });

  it('creates schedules only in the ecs-netfix group and never deletes them (they delete themselves)', () => {
    template.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'ecs-netfix' });
    const statements = allowStatements(deployedResources(json, { DryRun: 'false' }));
    const schedule = statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('scheduler:')));
    expect(schedule.flatMap(actionsOf)).toEqual(['scheduler:CreateSchedule']);
    expect(JSON.stringify(schedule[0]?.Resource)).toContain(':schedule/ecs-netfix/*');
    const pass = statements.find((statement) => actionsOf(statement).includes('iam:PassRole'));
    expect(pass?.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } });
    expect(JSON.stringify(pass?.Resource)).toMatch(/SchedulerRole/);
  });

  it('lets UpdateService touch ECS services of this account and region only', () => {
    const statements = allowStatements(deployedResources(json, { DryRun: 'false', RedeployAfterFix: 'true' }));
    const update = statements.find((statement) => actionsOf(statement).includes('ecs:UpdateService'));
    expect(actionsOf(update ?? { Effect: '', Action: [], Resource: '' })).toEqual(['ecs:UpdateService']);
    expect(update?.Resource).toEqual({
      'Fn::Join': [
        '',
        ['arn:', { Ref: 'AWS::Partition' }, ':ecs:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':service/*/*'],
      ],
    });
    expect(statementDeployedWith({ DryRun: 'false', RedeployAfterFix: 'true' }, 'RedeployServices')?.Condition).toEqual({
      ArnLike: { 'ecs:cluster': ['arn:aws:ecs:eu-west-1:123456789012:cluster/*'] },
    });
  });

  it('lets the scheduler role invoke only this function', () => {
    const resources = deployedResources(json, { DryRun: 'false' });
    const schedulerRoleId = Object.keys(resources).find(
      (id) => id.includes('SchedulerRole') && resources[id]?.Type === 'AWS::IAM::Role'
    );
    expect(JSON.stringify(resources[schedulerRoleId ?? '']?.Properties)).toContain('scheduler.amazonaws.com');
    const invoke = allowStatements(resources).filter((statement) => actionsOf(statement).includes('lambda:InvokeFunction'));
    expect(invoke).toHaveLength(1);
    expect(JSON.stringify(invoke[0]?.Resource)).toContain(':function:EcsNetfixStack-remediate');
  });

  it('lets the private-DNS association name only VPCs of this region', () => {
    const associate = statementDeployedWith({ DryRun: 'false' }, 'AssociatePrivateDnsZones');
    expect(associate?.Resource).toBe('arn:aws:route53:::hostedzone/*');
    expect(associate?.Condition).toEqual({ 'ForAllValues:StringLike': { 'route53:VPCs': ['VPCId=*,VPCRegion=eu-west-1'] } });
    expect(allowStatements(deployedResources(json, {})).flatMap(actionsOf)).not.toContain('route53:AssociateVPCWithHostedZone');
  });

  it('creates endpoints only for AWS services of this region (ec2:VpceServiceName on the new endpoint)', () => {
    const statements = allowStatements(deployedResources(json, { DryRun: 'false' }));
    const create = statements.find((statement) => statement.Sid === 'CreateTaggedEndpoints');
    expect(JSON.stringify(create?.Resource)).toContain(':vpc-endpoint/*');
    expect(create?.Condition?.StringLike).toEqual({
      'ec2:VpceServiceName': [
        { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.*']] },
        { 'Fn::Join': ['', ['cn.com.amazonaws.', { Ref: 'AWS::Region' }, '.*']] },
      ],
    });
  });

  it('passes the DryRun parameter to the function as DRY_RUN', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ DRY_RUN: { 'Fn::If': ['IsDryRun', 'true', 'false'] } }) },
    });
  });
});

describe('EcsNetfixStack live with AllowedVpcIds and AllowedClusters', () => {
  const LIVE_WITH_ALLOWLISTS = {
    DryRun: 'false',
    RedeployAfterFix: 'true',
    AllowUserEndpointChanges: 'true',
    AllowedVpcIds: 'vpc-0abc1234,vpc-0def5678',
    AllowedClusters: 'prod,staging',
  };
  // Deploy-time lists are mapped with literal affixes (Fn::Join takes no function as delimiter),
  // hence `*` for partition, region and account inside the VPC and cluster ARNs.
  const ALLOWED_VPC_ARNS = ['arn:*:ec2:*:*:vpc/vpc-0abc1234', 'arn:*:ec2:*:*:vpc/vpc-0def5678'];
  const ACCOUNT = 'arn:aws:ec2:eu-west-1:123456789012';

  function sid(name: string): StatementJson | undefined {
    return statementDeployedWith(LIVE_WITH_ALLOWLISTS, name);
  }

  it('creates endpoints and security groups only in the allowed VPCs', () => {
    expect(sid('CreateInAllowedVpcs')).toEqual({
      Sid: 'CreateInAllowedVpcs',
      Effect: 'Allow',
      Action: ['ec2:CreateVpcEndpoint', 'ec2:CreateSecurityGroup'],
      Resource: ALLOWED_VPC_ARNS,
    });
    // No other statement grants either create on a VPC.
    const onVpcs = evaluatedStatements(json, LIVE_WITH_ALLOWLISTS).filter((statement) =>
      JSON.stringify(statement.Resource).includes(':vpc/')
    );
    expect(onVpcs.map((statement) => statement.Sid)).toEqual(['CreateInAllowedVpcs']);
  });

  it('confines ingress and added subnets to the allowed VPCs with ec2:Vpc', () => {
    expect(sid('OpenManagedEndpointSecurityGroup')?.Condition).toEqual({
      StringEquals: { 'aws:ResourceTag/ManagedBy': 'ecs-netfix' },
      ArnLike: { 'ec2:Vpc': ALLOWED_VPC_ARNS },
    });
    expect(sid('AddSubnetsInAllowedVpcs')).toEqual({
      Sid: 'AddSubnetsInAllowedVpcs',
      Effect: 'Allow',
      Action: 'ec2:ModifyVpcEndpoint',
      Resource: `${ACCOUNT}:subnet/*`,
      Condition: { ArnLike: { 'ec2:Vpc': ALLOWED_VPC_ARNS } },
    });
  });

  it('lets the private-DNS association name only the allowed VPCs', () => {
    expect(sid('AssociatePrivateDnsZones')?.Condition).toEqual({
      'ForAllValues:StringLike': { 'route53:VPCs': ['VPCId=vpc-0abc1234,VPCRegion=*', 'VPCId=vpc-0def5678,VPCRegion=*'] },
    });
  });

  it('redeploys only services of the allowed clusters', () => {
    expect(sid('RedeployServices')).toEqual({
      Sid: 'RedeployServices',
      Effect: 'Allow',
      Action: 'ecs:UpdateService',
      Resource: 'arn:aws:ecs:eu-west-1:123456789012:service/*/*',
      Condition: { ArnLike: { 'ecs:cluster': ['arn:*:ecs:*:*:cluster/prod', 'arn:*:ecs:*:*:cluster/staging'] } },
    });
  });

  it('puts audit events only with the ecs-netfix source', () => {
    expect(sid('PutAuditEvents')).toEqual({
      Sid: 'PutAuditEvents',
      Effect: 'Allow',
      Action: 'events:PutEvents',
      Resource: 'arn:aws:events:eu-west-1:123456789012:event-bus/default',
      Condition: { 'ForAllValues:StringEquals': { 'events:source': ['ecs-netfix'] }, Null: { 'events:source': 'false' } },
    });
  });

  it('changes existing endpoints only where they carry ManagedBy=ecs-netfix, or through the named opt-in', () => {
    const modifyEndpoints = evaluatedStatements(json, LIVE_WITH_ALLOWLISTS).filter(
      (statement) =>
        actionsOf(statement).includes('ec2:ModifyVpcEndpoint') && JSON.stringify(statement.Resource).includes(':vpc-endpoint/')
    );
    expect(modifyEndpoints.map((statement) => [statement.Sid, statement.Condition])).toEqual([
      ['ModifyManagedEndpoints', { StringEquals: { 'aws:ResourceTag/ManagedBy': 'ecs-netfix' } }],
      ['ModifyEndpointsNotCreatedByNetfix', undefined],
    ]);
  });

  it('grants no write action on `*` and no action wildcard in the statements of permissions.ts', () => {
    // Statements without a Sid are CDK grants on stack resources (logs, queue, key).
    const ours = evaluatedStatements(json, LIVE_WITH_ALLOWLISTS).filter((statement) => statement.Sid !== undefined);
    expect(ours.length).toBeGreaterThan(20);
    for (const statement of ours) {
      expect(actionsOf(statement).filter((action) => action.includes('*'))).toEqual([]);
      const writes = actionsOf(statement).filter((action) => (LIVE_ONLY_ACTIONS as readonly string[]).includes(action));
      if (writes.length > 0) expect([statement.Resource].flat()).not.toContain('*');
    }
  });

  it('refuses cluster ARNs and malformed VPC IDs in the parameters (the template cannot map them)', () => {
    template.hasParameter('AllowedClusters', { AllowedPattern: '^([A-Za-z0-9_-]{1,255})?$' });
    template.hasParameter('AllowedVpcIds', { AllowedPattern: '^(vpc-[0-9a-f]{8,17})?$' });
    const clusterPattern = new RegExp(String(json.Parameters?.AllowedClusters?.AllowedPattern));
    expect(clusterPattern.test('prod')).toBe(true);
    expect(clusterPattern.test('')).toBe(true);
    expect(clusterPattern.test('arn:aws:ecs:eu-west-1:123456789012:cluster/prod')).toBe(false);
    const vpcPattern = new RegExp(String(json.Parameters?.AllowedVpcIds?.AllowedPattern));
    expect(vpcPattern.test('vpc-0abc1234')).toBe(true);
    expect(vpcPattern.test('vpc-0abc1234|x')).toBe(false);
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
      'DRY_RUN',
      'ALERT_TOPIC_ARN',
      'EVENT_BUS_NAME',
      'ALLOWED_VPC_IDS',
      'ALLOWED_CLUSTERS',
      'MAX_ENDPOINTS_PER_RUN',
      'ALLOW_USER_ENDPOINT_CHANGES',
      'ALERT_LANGUAGE',
      'STATE_TABLE_NAME',
      'ALERT_COALESCE_SECONDS',
      'INCIDENT_TTL_HOURS',
      'PERMISSION_CHECK',
      'REDEPLOY_AFTER_FIX',
      'SELF_FUNCTION_ARN',
      'SCHEDULER_ROLE_ARN',
      'SCHEDULE_GROUP_NAME',
      'VERIFY_DELAY_SECONDS',
      'POWERTOOLS_SERVICE_NAME',
      'POWERTOOLS_METRICS_NAMESPACE',
      'POWERTOOLS_LOG_LEVEL',
      'NODE_OPTIONS',
    ];
    const functions = template.findResources('AWS::Lambda::Function');
    const environment = Object.values(functions)[0]?.Properties?.Environment?.Variables as Record<string, unknown>;
    expect(Object.keys(environment).sort()).toEqual([...variables].sort());
    expect(environment.NODE_OPTIONS).toBe('--enable-source-maps');
    expect(environment.POWERTOOLS_SERVICE_NAME).toBe('ecs-netfix');
    expect(environment.POWERTOOLS_METRICS_NAMESPACE).toBe('EcsNetfix');
  });

  it('gives the function no verify settings in dry-run, so it schedules nothing', () => {
    for (const parameters of DRY_RUN_PARAMETERS) {
      const environment = environmentDeployedWith(parameters);
      expect(environment.SELF_FUNCTION_ARN).toBe('');
      expect(environment.SCHEDULER_ROLE_ARN).toBe('');
      expect(environment.SCHEDULE_GROUP_NAME).toBe('');
      expect(environment.REDEPLOY_AFTER_FIX).toBe('false');
    }
  });

  it('gives a live function its own ARN, the scheduler role and the stack schedule group', () => {
    const resources = deployedResources(json, { DryRun: 'false' });
    const groupId = Object.keys(resources).find((id) => resources[id]?.Type === 'AWS::Scheduler::ScheduleGroup');
    const environment = environmentDeployedWith({ DryRun: 'false' });
    expect(environment.SCHEDULE_GROUP_NAME).toEqual({ Ref: groupId });
    expect(environment.SCHEDULER_ROLE_ARN).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/SchedulerRole/), 'Arn'] });
    expect(JSON.stringify(environment.SELF_FUNCTION_ARN)).toContain(':function:EcsNetfixStack-remediate');
    expect(environment.REDEPLOY_AFTER_FIX).toBe('false');
    expect(environmentDeployedWith({ DryRun: 'false', RedeployAfterFix: 'true' }).REDEPLOY_AFTER_FIX).toBe('true');
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

  it('routes task failures, service actions and completed deployments in every mode', () => {
    const rules = (parameters: Record<string, string>) =>
      Object.values(deployedResources(json, parameters))
        .filter((resource) => resource.Type === 'AWS::Events::Rule')
        .map((resource) => (resource.Properties?.EventPattern as { 'detail-type': string[] } | undefined)?.['detail-type'][0])
        .sort();
    const all = ['ECS Deployment State Change', 'ECS Service Action', 'ECS Task State Change'];
    expect(rules({})).toEqual(all);
    expect(rules({ DryRun: 'false' })).toEqual(all);
    expect(rules({ DryRun: 'false', RedeployAfterFix: 'true' })).toEqual(all);
  });

  it.each([
    ['SERVICE_STEADY_STATE and SERVICE_TASK_START_IMPAIRED', serviceActionPattern()],
    ['SERVICE_DEPLOYMENT_COMPLETED', serviceDeploymentCompletedPattern()],
  ])('sends %s to the function with the same DLQ and retries as task failures', (_name, pattern) => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: pattern,
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

  it('lets each rule send to the failure queue, and no rule is conditional', () => {
    const ruleIds = Object.keys(template.findResources('AWS::Events::Rule'));
    expect(Object.values(template.findResources('AWS::Events::Rule')).map((rule) => rule.Condition)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    const queuePolicy = JSON.stringify(template.findResources('AWS::SQS::QueuePolicy'));
    for (const id of ruleIds) expect(queuePolicy).toContain(id);
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
    expect(typesDeployedWith({ ExistingTopicArn: 'arn:aws:sns:eu-west-1:123456789012:ops' })).not.toContain('AWS::SNS::Topic');
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          ALERT_TOPIC_ARN: { 'Fn::If': ['HasExistingTopic', { Ref: 'ExistingTopicArn' }, Match.anyValue()] },
        }),
      },
    });
  });

  it('rotates the key and lets EventBridge and Chatbot use it', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: ['events.amazonaws.com', 'chatbot.amazonaws.com'] },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
  });

  /** `aws:SourceAccount` + `aws:SourceArn` of this stack's alarms, as deployed in eu-west-1 / 123456789012. */
  const OUR_ALARMS = {
    StringEquals: { 'aws:SourceAccount': '123456789012' },
    ArnLike: { 'aws:SourceArn': 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:EcsNetfixStack-netfix-*' },
  };

  function deployedPolicyDocument(parameters: Record<string, string>, type: string, property: string): StatementJson[] {
    const resource = Object.values(deployedResources(json, parameters)).find((candidate) => candidate.Type === type);
    const document = evaluate(json, parameters, resource?.Properties?.[property]) as { Statement: StatementJson[] } | undefined;
    return document?.Statement ?? [];
  }

  it('lets only our CloudWatch alarms publish to the alert topic, and keeps the TLS deny', () => {
    const statements = deployedPolicyDocument({}, 'AWS::SNS::TopicPolicy', 'PolicyDocument');
    expect(statements).toEqual([
      {
        Sid: 'AllowPublishThroughSSLOnly',
        Effect: 'Deny',
        Principal: '*',
        Action: 'sns:Publish',
        Resource: expect.stringMatching(/^<EcsNetfixAlertTopic/),
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      {
        Sid: 'AllowOurAlarmsToPublish',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: expect.stringMatching(/^<EcsNetfixAlertTopic/),
        Condition: OUR_ALARMS,
      },
    ]);
    // With an existing topic the created topic and its policy are not deployed at all.
    const withExisting = Object.values(deployedResources(json, { ExistingTopicArn: 'arn:aws:sns:eu-west-1:123456789012:ops' }));
    expect(withExisting.map((resource) => resource.Type)).not.toContain('AWS::SNS::TopicPolicy');
  });

  it('lets only our CloudWatch alarms use the key, as the encrypted topic requires', () => {
    const statements = deployedPolicyDocument({}, 'AWS::KMS::Key', 'KeyPolicy');
    const cloudWatch = statements.filter((statement) => JSON.stringify(statement).includes('cloudwatch.amazonaws.com'));
    expect(cloudWatch).toEqual([
      {
        Sid: 'AllowOurAlarmsToPublishToTheEncryptedTopic',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Resource: '*',
        Condition: OUR_ALARMS,
      },
    ]);
  });

  it('names every alarm so that the aws:SourceArn pattern of both policies matches it', () => {
    const pattern = /^arn:aws:cloudwatch:eu-west-1:123456789012:alarm:EcsNetfixStack-netfix-[^*]+$/;
    const alarms = Object.values(deployedResources(json, {})).filter((resource) => resource.Type === 'AWS::CloudWatch::Alarm');
    expect(alarms).toHaveLength(4);
    for (const alarm of alarms) {
      const name = String(evaluate(json, {}, alarm.Properties?.AlarmName));
      expect(`arn:aws:cloudwatch:eu-west-1:123456789012:alarm:${name}`).toMatch(pattern);
    }
  });

  it('creates the Slack channel configuration only when both Slack IDs are given', () => {
    expect(typesDeployedWith({})).not.toContain('AWS::Chatbot::SlackChannelConfiguration');
    expect(typesDeployedWith({ SlackWorkspaceId: 'T0123456789' })).not.toContain('AWS::Chatbot::SlackChannelConfiguration');
    expect(typesDeployedWith({ SlackWorkspaceId: 'T0123456789', SlackChannelId: 'C0123456789' })).toContain(
      'AWS::Chatbot::SlackChannelConfiguration'
    );
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

  it('alarms on function errors, dropped async events, unscheduled verifications and any message in the failure queue, to the alert topic', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
      (alarm) => alarm.Properties as Record<string, unknown>
    );
    expect(alarms.map((alarm) => alarm.MetricName).sort()).toEqual([
      'ApproximateNumberOfMessagesVisible',
      'AsyncEventsDropped',
      'Errors',
      'VerifyScheduleFailed',
    ]);
    for (const alarm of alarms) {
      expect(alarm.Threshold).toBe(0);
      expect(alarm.ComparisonOperator).toBe('GreaterThanThreshold');
      expect(JSON.stringify(alarm.AlarmActions)).toContain('HasExistingTopic');
    }
  });
});

describe('EcsNetfixStack dropped-events alarm', () => {
  it('counts the Lambda AsyncEventsDropped metric of this function, not throttles', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'AsyncEventsDropped',
      Statistic: 'Sum',
      Period: 300,
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp('Function') } }],
    });
    expect(Object.keys(template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'Throttles' } }))).toEqual(
      []
    );
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

  it('lets the function only get, put, update and query items of that table', () => {
    const statements = allowStatements(deployedResources(json, {}));
    const dynamo = statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('dynamodb:')));
    expect(dynamo.flatMap(actionsOf).sort()).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    expect(dynamo.map((statement) => statement.Resource)).toEqual([
      { 'Fn::GetAtt': [expect.stringMatching(/StateTable/), 'Arn'] },
    ]);
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
