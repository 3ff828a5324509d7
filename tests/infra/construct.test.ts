/** The EcsNetfix construct with concrete values, as a user embeds it in their own stack. */
import { Stack } from 'aws-cdk-lib';
import type { App } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { Code } from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { EcsNetfix } from '../../infra/ecs-netfix.js';
import type { EcsNetfixProps } from '../../infra/ecs-netfix.js';
import { EC2_WRITE_ACTIONS, LIVE_ONLY_ACTIONS } from '../../infra/permissions.js';
import { actionsOf, allowStatements, evaluatedStatements } from './deployed-resources.js';
import type { StatementJson, TemplateJson } from './deployed-resources.js';
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
    .map((rule) => (rule.Properties?.EventPattern as { 'detail-type': string[] } | undefined)?.['detail-type'][0] ?? '')
    .sort();
}

/** The EC2 resource types a statement names: `subnet` from `...:subnet/*`, string or Fn::Join. */
function resourceTypesOf(resource: unknown): string[] {
  return [...JSON.stringify(resource).matchAll(/:([a-z-]+)\/[^":]*"/g)].map((match) => match[1] ?? '');
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

  function statement(sid: string): StatementJson | undefined {
    const json = template.toJSON() as TemplateJson;
    return evaluatedStatements(json, {}).find((candidate) => candidate.Sid === sid);
  }

  it('creates endpoints and the security group only in the allowed VPC, named by its exact ARN', () => {
    expect(statement('CreateInAllowedVpcs')).toEqual({
      Sid: 'CreateInAllowedVpcs',
      Effect: 'Allow',
      Action: ['ec2:CreateVpcEndpoint', 'ec2:CreateSecurityGroup'],
      Resource: 'arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-0abc1234',
    });
  });

  it('confines ingress and added subnets to the allowed VPC with an exact ec2:Vpc ARN', () => {
    const inVpc = { ArnLike: { 'ec2:Vpc': ['arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-0abc1234'] } };
    expect(statement('OpenManagedEndpointSecurityGroup')?.Condition).toEqual({
      StringEquals: { 'aws:ResourceTag/ManagedBy': 'ecs-netfix' },
      ...inVpc,
    });
    expect(statement('AddSubnetsInAllowedVpcs')).toMatchObject({
      Action: 'ec2:ModifyVpcEndpoint',
      Resource: 'arn:aws:ec2:eu-west-1:123456789012:subnet/*',
      Condition: inVpc,
    });
  });

  it('lets ModifyVpcEndpoint change only endpoints tagged ManagedBy=ecs-netfix (no opt-in here)', () => {
    const statements = allowStatements((template.toJSON() as TemplateJson).Resources);
    const modify = statements.filter((candidate) => actionsOf(candidate).includes('ec2:ModifyVpcEndpoint'));
    expect(modify.map((candidate) => candidate.Sid)).toEqual([
      'ModifyManagedEndpoints',
      'AddSubnetsInAllowedVpcs',
      'AddRouteTablesToEndpoints',
    ]);
    expect(statement('ModifyManagedEndpoints')).toMatchObject({
      Resource: 'arn:aws:ec2:eu-west-1:123456789012:vpc-endpoint/*',
      Condition: { StringEquals: { 'aws:ResourceTag/ManagedBy': 'ecs-netfix' } },
    });
    const resourceTypes = modify.flatMap((candidate) => resourceTypesOf(candidate.Resource)).sort();
    expect(resourceTypes).toEqual(['route-table', 'subnet', 'vpc-endpoint']);
  });

  it('lets UpdateService touch only services of the allowed clusters', () => {
    expect(statement('RedeployServices')).toEqual({
      Sid: 'RedeployServices',
      Effect: 'Allow',
      Action: 'ecs:UpdateService',
      Resource: 'arn:aws:ecs:eu-west-1:123456789012:service/prod/*',
      Condition: { ArnLike: { 'ecs:cluster': ['arn:aws:ecs:eu-west-1:123456789012:cluster/prod'] } },
    });
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

describe('EcsNetfix allowlists given as cluster ARNs, several VPCs and the user-endpoint opt-in', () => {
  let template: Template;
  let findings: NagFinding[];
  beforeAll(() => {
    ({ template, findings } = synthWithNag(
      buildWith({
        dryRun: false,
        redeployAfterFix: true,
        allowUserEndpointChanges: true,
        allowedVpcIds: ['vpc-0abc1234', 'vpc-0def5678'],
        allowedClusters: [
          'arn:aws:ecs:eu-west-1:123456789012:cluster/prod',
          'staging',
          'arn:aws:ecs:us-east-1:210987654321:cluster/other',
        ],
      })
    ));
  }, 120_000);

  function statement(sid: string): StatementJson | undefined {
    return evaluatedStatements(template.toJSON() as TemplateJson, {}).find((candidate) => candidate.Sid === sid);
  }

  it('turns a cluster ARN into its service ARNs, keeping the ARN own region and account', () => {
    expect(statement('RedeployServices')).toEqual({
      Sid: 'RedeployServices',
      Effect: 'Allow',
      Action: 'ecs:UpdateService',
      Resource: [
        'arn:aws:ecs:eu-west-1:123456789012:service/prod/*',
        'arn:aws:ecs:eu-west-1:123456789012:service/staging/*',
        // Another account's cluster stays in its own account: it can never match a service here.
        'arn:aws:ecs:us-east-1:210987654321:service/other/*',
      ],
      Condition: {
        ArnLike: {
          'ecs:cluster': [
            'arn:aws:ecs:eu-west-1:123456789012:cluster/prod',
            'arn:aws:ecs:eu-west-1:123456789012:cluster/staging',
            'arn:aws:ecs:us-east-1:210987654321:cluster/other',
          ],
        },
      },
    });
  });

  it('names each allowed VPC by its ARN and in route53:VPCs', () => {
    expect(statement('CreateInAllowedVpcs')?.Resource).toEqual([
      'arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-0abc1234',
      'arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-0def5678',
    ]);
    expect(statement('AssociatePrivateDnsZones')?.Condition).toEqual({
      'ForAllValues:StringLike': {
        'route53:VPCs': ['VPCId=vpc-0abc1234,VPCRegion=eu-west-1', 'VPCId=vpc-0def5678,VPCRegion=eu-west-1'],
      },
    });
  });

  it('grants the opt-in in its own, clearly named policy and statement', () => {
    const policies = template.findResources('AWS::IAM::Policy');
    const optIn = Object.entries(policies).filter(([id]) => id.includes('UserEndpointChangesPolicy'));
    expect(optIn).toHaveLength(1);
    expect(statement('ModifyEndpointsNotCreatedByNetfix')).toEqual({
      Sid: 'ModifyEndpointsNotCreatedByNetfix',
      Effect: 'Allow',
      Action: 'ec2:ModifyVpcEndpoint',
      Resource: 'arn:aws:ec2:eu-west-1:123456789012:vpc-endpoint/*',
    });
    expect(functionVariables(template).ALLOW_USER_ENDPOINT_CHANGES).toBe('true');
  });

  it('has no unacknowledged cdk-nag finding', () => {
    expect(findings).toEqual([]);
  });
});

describe('EcsNetfix user-endpoint opt-in in dry-run', () => {
  it('creates no opt-in policy, but tells the function so dry-run plans like live mode', () => {
    const { template } = synthWithNag(buildWith({ dryRun: true, allowUserEndpointChanges: true }));
    expect(Object.keys(template.findResources('AWS::IAM::Policy')).filter((id) => id.includes('UserEndpoint'))).toEqual([]);
    expect(liveOnlyActions(template)).toEqual([]);
    expect(functionVariables(template).ALLOW_USER_ENDPOINT_CHANGES).toBe('true');
  }, 120_000);
});

describe('EcsNetfix refuses allowlist entries that would never match', () => {
  it.each([
    [{ allowedClusters: ['prod;rm -rf /'] }, /allowedClusters: "prod;rm -rf \/" is neither a cluster name nor a cluster ARN/],
    [{ allowedClusters: ['arn:aws:ecs:eu-west-1:123456789012:service/prod/web'] }, /is neither a cluster name nor a cluster ARN/],
    [{ allowedVpcIds: ['subnet-0abc1234'] }, /allowedVpcIds: "subnet-0abc1234" is not a VPC ID/],
  ])('%j', (props, message) => {
    expect(() => synthWithNag(buildWith({ dryRun: false, ...props }))).toThrow(message);
  });
});
