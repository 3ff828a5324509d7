/** The EcsNetfix construct with concrete values, as a user embeds it in their own stack. */
import { Stack } from 'aws-cdk-lib';
import type { App } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { EcsNetfix } from '../../infra/ecs-netfix.js';
import type { EcsNetfixProps } from '../../infra/ecs-netfix.js';
import { EC2_WRITE_ACTIONS } from '../../infra/permissions.js';
import { actionsOf, allowStatements } from './deployed-resources.js';
import type { TemplateJson } from './deployed-resources.js';
import { placeholderBundleDir, synthWithNag } from './synth.js';
import type { NagFinding } from './synth.js';

const ENV = { account: '123456789012', region: 'eu-west-1' };

function buildWith(props: Omit<EcsNetfixProps, 'code'>) {
  return (app: App) => {
    const stack = new Stack(app, 'Host', { env: ENV });
    new EcsNetfix(stack, 'Netfix', { code: Code.fromAsset(placeholderBundleDir()), ...props });
    return stack;
  };
}

function ec2WriteActions(template: Template): string[] {
  const writes = new Set<string>(EC2_WRITE_ACTIONS);
  return allowStatements((template.toJSON() as TemplateJson).Resources)
    .flatMap(actionsOf)
    .filter((action) => writes.has(action) || action.startsWith('ec2:*') || action === '*');
}

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

  it('tells the function it runs in dry-run', () => {
    const fn = Object.values(template.findResources('AWS::Lambda::Function'))[0];
    expect(fn?.Properties?.Environment?.Variables?.DRY_RUN).toBe('true');
    expect(fn?.Properties?.Environment?.Variables?.REDEPLOY_AFTER_FIX).toBe('false');
  });

  it('creates no scheduler, Slack or deployment-rule resources by default', () => {
    template.resourceCountIs('AWS::Scheduler::ScheduleGroup', 0);
    template.resourceCountIs('AWS::Chatbot::SlackChannelConfiguration', 0);
    template.resourceCountIs('AWS::Events::Rule', 2);
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

  it('narrows the VPC and network resources to the allowed VPC', () => {
    const statements = allowStatements((template.toJSON() as TemplateJson).Resources);
    const onVpc = statements.find((statement) => statement.Sid === 'AttachEndpointsToVpc');
    expect(JSON.stringify(onVpc?.Resource)).toContain(':vpc/vpc-0abc1234');
    expect(JSON.stringify(onVpc?.Resource)).not.toContain('vpc/*');
    const onNetwork = statements.find((statement) => statement.Sid === 'AttachEndpointsToNetwork');
    expect(Object.keys(onNetwork?.Condition?.ArnEquals ?? {})).toEqual(['ec2:Vpc']);
    expect(JSON.stringify(onNetwork?.Condition?.ArnEquals)).toContain(':vpc/vpc-0abc1234');
    const modify = statements.find((statement) => actionsOf(statement).includes('ec2:ModifyVpcEndpoint'));
    expect(JSON.stringify(modify?.Condition?.ArnEquals)).toContain(':vpc/vpc-0abc1234');
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
    template.resourceCountIs('AWS::Events::Rule', 3);
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
    expect(fn?.Properties?.ReservedConcurrentExecutions).toBe(3);
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
