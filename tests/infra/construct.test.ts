/** The EcsNetfix construct with concrete values, as a user embeds it in their own stack. */
import { Stack } from 'aws-cdk-lib';
import type { App } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { Code } from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { EcsNetfix } from '../../infra/ecs-netfix.js';
import type { EcsNetfixProps } from '../../infra/ecs-netfix.js';
import { EC2_WRITE_ACTIONS, LIVE_ONLY_ACTIONS } from '../../infra/permissions.js';
import { actionsOf, allowStatements } from './deployed-resources.js';
import type { TemplateJson } from './deployed-resources.js';
import { synthWithNag } from './synth.js';
import type { NagFinding } from './synth.js';

const ENV = { account: '123456789012', region: 'eu-west-1' };

function buildWith(props: Omit<EcsNetfixProps, 'code'>) {
  return (app: App, code: Code) => {
    const stack = new Stack(app, 'Host', { env: ENV });
    new EcsNetfix(stack, 'Netfix', { code, ...props });
    return stack;
  };
}

function ec2WriteActions(template: Template): string[] {
  const writes = new Set<string>(EC2_WRITE_ACTIONS);
  return allowStatements((template.toJSON() as TemplateJson).Resources)
    .flatMap(actionsOf)
    .filter((action) => writes.has(action) || action.startsWith('ec2:*') || action === '*');
}

function liveOnlyActions(template: Template): string[] {
  const liveOnly = new Set<string>(LIVE_ONLY_ACTIONS);
  return allowStatements((template.toJSON() as TemplateJson).Resources)
    .flatMap(actionsOf)
    .filter((action) => liveOnly.has(action) || action.endsWith(':*') || action === '*');
}

function functionVariables(template: Template): Record<string, unknown> {
  const fn = Object.values(template.findResources('AWS::Lambda::Function'))[0];
  return fn?.Properties?.Environment?.Variables as Record<string, unknown>;
}

function ruleDetailTypes(template: Template): string[] {
  return Object.values(template.findResources('AWS::Events::Rule'))
    .map((rule) => (rule.Properties?.EventPattern as { 'detail-type': string[] })['detail-type'][0] ?? '')
    .sort();
}

/** The EC2 resource types a statement names: `subnet` from `...:subnet/*`, string or Fn::Join. */
function resourceTypesOf(resource: unknown): string[] {
  return [...JSON.stringify(resource).matchAll(/:([a-z-]+)\/[^":]*"/g)].map((match) => match[1] ?? '');
}

/** The condition keys of a statement, e.g. `ec2:Vpc` from `{ ArnEquals: { 'ec2:Vpc': [...] } }`. */
function conditionKeysOf(condition: Record<string, Record<string, unknown>> | undefined): string[] {
  return Object.values(condition ?? {}).flatMap((byKey) => Object.keys(byKey));
}

const ALL_RULES = ['ECS Deployment State Change', 'ECS Service Action', 'ECS Task State Change'];

describe('EcsNetfix in dry-run', () => {
  let template: Template;
  let findings: NagFinding[];
  beforeAll(() => {
    ({ template, findings } = synthWithNag(buildWith({ dryRun: true })));
  }, 120_000);

  it('synthesizes no EC2 write permission and no write policy at all', () => {
    expect(ec2WriteActions(template)).toEqual([]);
    const policies = Object.keys(template.findResources('AWS::IAM::Policy'));
    expect(policies.filter((id) => id.includes('Write'))).toEqual([]);
  });

  it('holds no write, schedule, PassRole or UpdateService action even with redeployAfterFix', () => {
    expect(liveOnlyActions(template)).toEqual([]);
    const withRedeploy = synthWithNag(buildWith({ dryRun: true, redeployAfterFix: true })).template;
    expect(liveOnlyActions(withRedeploy)).toEqual([]);
    withRedeploy.resourceCountIs('AWS::Scheduler::ScheduleGroup', 0);
    expect(functionVariables(withRedeploy).REDEPLOY_AFTER_FIX).toBe('false');
  }, 120_000);

  it('tells the function it runs in dry-run and gives it nothing to schedule with', () => {
    const variables = functionVariables(template);
    expect(variables.DRY_RUN).toBe('true');
    expect(variables.REDEPLOY_AFTER_FIX).toBe('false');
    expect(variables.SELF_FUNCTION_ARN).toBe('');
    expect(variables.SCHEDULER_ROLE_ARN).toBe('');
    expect(variables.SCHEDULE_GROUP_NAME).toBe('');
  });

  it('creates no scheduler or Slack resources, but every rule (recovery closes incidents in dry-run too)', () => {
    template.resourceCountIs('AWS::Scheduler::ScheduleGroup', 0);
    template.resourceCountIs('AWS::Chatbot::SlackChannelConfiguration', 0);
    expect(ruleDetailTypes(template)).toEqual(ALL_RULES);
  });

  it('has no unacknowledged cdk-nag finding', () => {
    expect(findings).toEqual([]);
  });
});

describe('EcsNetfix live, with recovery, Slack and an allow-list', () => {
  let template: Template;
  let findings: NagFinding[];
  beforeAll(() => {
    ({ template, findings } = synthWithNag(
      buildWith({
        dryRun: false,
        redeployAfterFix: true,
        allowedVpcIds: ['vpc-0abc1234'],
        allowedClusters: ['prod'],
        alertLanguage: 'ko',
        slack: { workspaceId: 'T0123456789', channelId: 'C0123456789' },
        reservedConcurrency: 3,
      })
    ));
  }, 120_000);

  it('holds every EC2 write action', () => {
    expect(new Set(ec2WriteActions(template))).toEqual(new Set(EC2_WRITE_ACTIONS));
  });

  it('holds the verify schedule and the redeploy', () => {
    expect(new Set(liveOnlyActions(template))).toEqual(new Set(LIVE_ONLY_ACTIONS));
  });

  it('lets the private-DNS association name only the allowed VPC', () => {
    const statements = allowStatements((template.toJSON() as TemplateJson).Resources);
    const associate = statements.find((statement) => actionsOf(statement).includes('route53:AssociateVPCWithHostedZone'));
    expect(associate?.Condition).toEqual({
      'ForAllValues:StringLike': {
        'route53:VPCs': [{ 'Fn::Join': ['', ['VPCId=vpc-0abc1234,VPCRegion=', { Ref: 'AWS::Region' }]] }],
      },
    });
  });

  it('narrows the VPC and network resources to the allowed VPC', () => {
    const statements = allowStatements((template.toJSON() as TemplateJson).Resources);
    const onVpc = statements.find((statement) => statement.Sid === 'AttachEndpointsToVpc');
    expect(JSON.stringify(onVpc?.Resource)).toContain(':vpc/vpc-0abc1234');
    expect(JSON.stringify(onVpc?.Resource)).not.toContain('vpc/*');
    const onNetwork = statements.find((statement) => statement.Sid === 'AttachEndpointsToNetwork');
    expect(Object.keys(onNetwork?.Condition?.ArnEquals ?? {})).toEqual(['ec2:Vpc']);
    expect(JSON.stringify(onNetwork?.Condition?.ArnEquals)).toContain(':vpc/vpc-0abc1234');
    const modifyNetwork = statements.find((statement) => statement.Sid === 'AttachModifiedEndpointsToNetwork');
    expect(Object.keys(modifyNetwork?.Condition?.ArnEquals ?? {})).toEqual(['ec2:Vpc']);
    expect(JSON.stringify(modifyNetwork?.Condition?.ArnEquals)).toContain(':vpc/vpc-0abc1234');
  });

  it('lets ModifyVpcEndpoint add subnets, security groups and route tables of the allowed VPC', () => {
    const statements = allowStatements((template.toJSON() as TemplateJson).Resources);
    const modify = statements.filter((statement) => actionsOf(statement).includes('ec2:ModifyVpcEndpoint'));
    const resourceTypes = modify.flatMap((statement) => resourceTypesOf(statement.Resource)).sort();
    expect(resourceTypes).toEqual(['route-table', 'security-group', 'subnet', 'vpc-endpoint']);
  });

  it('puts ec2:Vpc only on statements whose resources all have that condition key', () => {
    // Service Authorization Reference, Amazon EC2: for CreateVpcEndpoint and ModifyVpcEndpoint the
    // subnet, security-group and route-table resources have ec2:Vpc; vpc and vpc-endpoint do not.
    const withVpcKey = new Set(['subnet', 'security-group', 'route-table']);
    const statements = allowStatements((template.toJSON() as TemplateJson).Resources).filter(
      (statement) => conditionKeysOf(statement.Condition).includes('ec2:Vpc')
    );
    expect(statements.map((statement) => statement.Sid).sort()).toEqual([
      'AttachEndpointsToNetwork',
      'AttachModifiedEndpointsToNetwork',
    ]);
    for (const statement of statements) {
      expect(resourceTypesOf(statement.Resource).filter((type) => !withVpcKey.has(type))).toEqual([]);
    }
  });

  it('lets UpdateService touch only services of the allowed clusters', () => {
    const statements = allowStatements((template.toJSON() as TemplateJson).Resources);
    const update = statements.find((statement) => actionsOf(statement).includes('ecs:UpdateService'));
    expect(JSON.stringify(update?.Resource)).toContain(':service/prod/*');
    expect(JSON.stringify(update?.Resource)).not.toContain(':service/*');
  });

  it('passes the scheduler role only to EventBridge Scheduler', () => {
    const statements = allowStatements((template.toJSON() as TemplateJson).Resources);
    const pass = statements.find((statement) => actionsOf(statement).includes('iam:PassRole'));
    expect(pass?.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } });
  });

  it('creates the schedule group, the deployment rule and the Slack channel', () => {
    template.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'ecs-netfix' });
    expect(ruleDetailTypes(template)).toEqual(ALL_RULES);
    template.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', {
      SlackWorkspaceId: 'T0123456789',
      SlackChannelId: 'C0123456789',
    });
  });

  it('passes the concrete settings to the function', () => {
    const fn = Object.values(template.findResources('AWS::Lambda::Function'))[0];
    const variables = fn?.Properties?.Environment?.Variables as Record<string, unknown>;
    expect(variables.DRY_RUN).toBe('false');
    expect(variables.REDEPLOY_AFTER_FIX).toBe('true');
    expect(variables.ALLOWED_VPC_IDS).toBe('vpc-0abc1234');
    expect(variables.ALLOWED_CLUSTERS).toBe('prod');
    expect(variables.ALERT_LANGUAGE).toBe('ko');
    expect(JSON.stringify(variables.SELF_FUNCTION_ARN)).toContain(':function:Host-remediate');
    expect(variables.SCHEDULE_GROUP_NAME).toEqual({ Ref: expect.stringMatching(/ScheduleGroup/) });
    expect(variables.SCHEDULER_ROLE_ARN).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/SchedulerRole/), 'Arn'] });
    expect(fn?.Properties?.ReservedConcurrentExecutions).toBe(3);
  });

  it('has no unacknowledged cdk-nag finding', () => {
    expect(findings).toEqual([]);
  });
});

describe('EcsNetfix live, without redeploy', () => {
  let template: Template;
  let findings: NagFinding[];
  beforeAll(() => {
    ({ template, findings } = synthWithNag(buildWith({ dryRun: false })));
  }, 120_000);

  it('schedules the verification but never forces a deployment', () => {
    const actions = liveOnlyActions(template);
    expect(actions).toEqual(expect.arrayContaining(['scheduler:CreateSchedule', 'iam:PassRole']));
    expect(actions).not.toContain('ecs:UpdateService');
    template.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'ecs-netfix' });
    const variables = functionVariables(template);
    expect(variables.REDEPLOY_AFTER_FIX).toBe('false');
    expect(variables.SCHEDULE_GROUP_NAME).toEqual({ Ref: expect.stringMatching(/ScheduleGroup/) });
  });

  it('lets the private-DNS association name any VPC of the region when no VPC list is given', () => {
    const statements = allowStatements((template.toJSON() as TemplateJson).Resources);
    const associate = statements.find((statement) => actionsOf(statement).includes('route53:AssociateVPCWithHostedZone'));
    expect(associate?.Condition).toEqual({
      'ForAllValues:StringLike': {
        'route53:VPCs': [{ 'Fn::Join': ['', ['VPCId=*,VPCRegion=', { Ref: 'AWS::Region' }]] }],
      },
    });
  });

  it('has no unacknowledged cdk-nag finding', () => {
    expect(findings).toEqual([]);
  });
});

describe('EcsNetfix with an existing topic', () => {
  it('publishes to that topic and creates none', () => {
    const { template } = synthWithNag(
      buildWith({ dryRun: true, existingTopic: { topicArn: 'arn:aws:sns:eu-west-1:123456789012:ops' } })
    );
    template.resourceCountIs('AWS::SNS::Topic', 0);
    const statements = allowStatements((template.toJSON() as TemplateJson).Resources);
    const publish = statements.find((statement) => actionsOf(statement).includes('sns:Publish'));
    expect(publish?.Resource).toBe('arn:aws:sns:eu-west-1:123456789012:ops');
  }, 120_000);
});

describe('EcsNetfix alertCoalesceSeconds', () => {
  it('refuses a wait above 20 seconds at synth time', () => {
    expect(() => synthWithNag(buildWith({ dryRun: true, alertCoalesceSeconds: 30 }))).toThrow(
      /Host\/Netfix: alertCoalesceSeconds must be a whole number from 0 to 20, got "30"/
    );
  });

  it('passes a wait of 20 seconds to the function', () => {
    const { template } = synthWithNag(buildWith({ dryRun: true, alertCoalesceSeconds: 20 }));
    expect(functionVariables(template).ALERT_COALESCE_SECONDS).toBe('20');
  }, 120_000);
});
