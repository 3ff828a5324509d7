/**
 * The ready-to-deploy stack: CloudFormation parameters mapped onto the EcsNetfix construct, so one
 * template serves every account (console, StackSets, `cdk deploy --parameters`).
 */
import { CfnCondition, CfnOutput, CfnParameter, Fn, Stack, Validations } from 'aws-cdk-lib';
import type { CfnParameterProps, StackProps } from 'aws-cdk-lib';
import type { EventBus } from 'aws-cdk-lib/aws-events';
import type { Code } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { SETTINGS } from '../shared/defaults.js';
import type { SettingDefault } from '../shared/defaults.js';
import { EcsNetfix } from './ecs-netfix.js';
import type { EcsNetfixProps } from './ecs-netfix.js';
import type { HubProps } from './hub.js';
import { accountParameters } from './stack-parameters.js';

interface EcsNetfixStackProps extends StackProps {
  code: Code;
  /** Hub mode (the CDK context value `hub`, docs/deploy-hub.md). */
  hub?: HubProps;
}

/** Default, bounds and allowed values of a parameter, as shared/defaults.ts has them. */
function settingConstraints(
  setting: SettingDefault
): Pick<CfnParameterProps, 'default' | 'minValue' | 'maxValue' | 'allowedValues'> {
  return {
    default: setting.default,
    minValue: setting.min,
    maxValue: setting.max,
    allowedValues: setting.allowed === undefined ? undefined : [...setting.allowed],
  };
}

/** Retention values CloudWatch Logs accepts. */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** The ready stack's own parameters (the account's come first), in the template's order. */
function settingParameters(stack: Stack) {
  const parameter = (name: string, options: CfnParameterProps) => new CfnParameter(stack, name, options);
  return {
    alertLanguage: parameter(SETTINGS.alertLanguage.parameter, {
      type: 'String',
      ...settingConstraints(SETTINGS.alertLanguage),
      description: 'Language of the alerts.',
    }),
    maxEndpointsPerRun: parameter(SETTINGS.maxEndpointsPerRun.parameter, {
      type: 'Number',
      ...settingConstraints(SETTINGS.maxEndpointsPerRun),
      description: 'At most this many VPC endpoints are created per event.',
    }),
    slackWorkspaceId: parameter('SlackWorkspaceId', {
      type: 'String',
      default: '',
      allowedPattern: '^([A-Z0-9]{9,})?$',
      description: 'Slack workspace ID authorised in the AWS Chatbot console (empty: no Slack).',
    }),
    slackChannelId: parameter('SlackChannelId', {
      type: 'String',
      default: '',
      allowedPattern: '^([A-Z0-9]{9,})?$',
      description: 'Slack channel ID for the alerts (empty: no Slack).',
    }),
    existingTopicArn: parameter('ExistingTopicArn', {
      type: 'String',
      default: '',
      allowedPattern: '^(arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+)?$',
      description: 'Publish alerts to this SNS topic instead of creating one (empty: create one).',
    }),
    logRetentionDays: parameter(SETTINGS.logRetentionDays.parameter, {
      type: 'Number',
      // A string, like the allowed values it must be one of.
      default: String(SETTINGS.logRetentionDays.default),
      allowedValues: LOG_RETENTION_DAYS.map(String),
      description: 'Days to keep the function log.',
    }),
    logLevel: parameter(SETTINGS.logLevel.parameter, {
      type: 'String',
      ...settingConstraints(SETTINGS.logLevel),
      description: 'Powertools log level.',
    }),
    permissionCheck: parameter(SETTINGS.permissionCheck.parameter, {
      type: 'String',
      ...settingConstraints(SETTINGS.permissionCheck),
      description: 'simulate: check execution roles with iam:SimulatePrincipalPolicy; off: skip.',
    }),
    eventBusName: parameter(SETTINGS.eventBusName.parameter, {
      type: 'String',
      ...settingConstraints(SETTINGS.eventBusName),
      description: 'Event bus for the audit events the function puts.',
    }),
    alertCoalesceSeconds: parameter(SETTINGS.alertCoalesceSeconds.parameter, {
      type: 'Number',
      ...settingConstraints(SETTINGS.alertCoalesceSeconds),
      description: 'Seconds (0-20) the first failure of a burst waits to gather the others into one alert.',
    }),
    incidentTtlHours: parameter(SETTINGS.incidentTtlHours.parameter, {
      type: 'Number',
      ...settingConstraints(SETTINGS.incidentTtlHours),
      description: 'Hours an incident stays open without a recovery signal.',
    }),
    verifyDelaySeconds: parameter(SETTINGS.verifyDelaySeconds.parameter, {
      type: 'Number',
      ...settingConstraints(SETTINGS.verifyDelaySeconds),
      description:
        'Live mode: seconds from creating endpoints to the first check that they are available, and between checks while they are pending.',
    }),
  };
}

type SettingParameters = ReturnType<typeof settingParameters>;

/** The Slack channel and the existing topic, each only when its parameters are set. */
function alertDestinations(stack: Stack, parameters: SettingParameters): Pick<EcsNetfixProps, 'slack' | 'existingTopic'> {
  const workspaceId = parameters.slackWorkspaceId.valueAsString;
  const channelId = parameters.slackChannelId.valueAsString;
  const topicArn = parameters.existingTopicArn.valueAsString;
  const hasSlack = new CfnCondition(stack, 'HasSlackChannel', {
    expression: Fn.conditionAnd(
      Fn.conditionNot(Fn.conditionEquals(workspaceId, '')),
      Fn.conditionNot(Fn.conditionEquals(channelId, ''))
    ),
  });
  const hasExistingTopic = new CfnCondition(stack, 'HasExistingTopic', {
    expression: Fn.conditionNot(Fn.conditionEquals(topicArn, '')),
  });
  return {
    slack: { workspaceId, channelId, when: hasSlack },
    existingTopic: { topicArn, when: hasExistingTopic },
  };
}

/** The construct's settings, each from its parameter (a token resolved at deploy time). */
function functionSettings(parameters: SettingParameters): Partial<EcsNetfixProps> {
  return {
    alertLanguage: parameters.alertLanguage.valueAsString,
    maxEndpointsPerRun: parameters.maxEndpointsPerRun.valueAsString,
    eventBusName: parameters.eventBusName.valueAsString,
    logRetention: parameters.logRetentionDays.valueAsNumber as RetentionDays,
    logLevel: parameters.logLevel.valueAsString,
    permissionCheck: parameters.permissionCheck.valueAsString,
    alertCoalesceSeconds: parameters.alertCoalesceSeconds.valueAsString,
    incidentTtlHours: parameters.incidentTtlHours.valueAsString,
    verifyDelaySeconds: parameters.verifyDelaySeconds.valueAsString,
  };
}

class EcsNetfixStack extends Stack {
  readonly netfix: EcsNetfix;

  constructor(scope: Construct, id: string, props: EcsNetfixStackProps) {
    super(scope, id, {
      description: 'ecs-netfix: finds and fixes missing VPC endpoints for ECS tasks that cannot pull images or secrets',
      ...props,
    });
    const account = accountParameters(this);
    const parameters = settingParameters(this);
    this.netfix = new EcsNetfix(this, 'EcsNetfix', {
      code: props.code,
      ...account.modes,
      allowedVpcIds: account.allowedVpcIds,
      allowedClusters: account.allowedClusters,
      ...functionSettings(parameters),
      ...alertDestinations(this, parameters),
      hub: props.hub,
    });
    if (this.netfix.hubEventBus) this.addHubOutputs(this.netfix.hubEventBus);
    // CloudFormation's own validation reads parameter defaults ('') into resources that exist
    // only when the parameter is set (Chatbot channel, existing topic): false positives.
    Validations.of(this).acknowledge({
      id: 'CloudFormation-Validate::W1030',
      reason:
        'Empty parameter defaults reach only resources and Fn::If branches whose condition requires the parameter to be non-empty.',
    });
  }

  /** The spoke StackSet's parameters HubEventBusArn and HubFunctionRoleArn. */
  private addHubOutputs(hubEventBus: EventBus): void {
    new CfnOutput(this, 'HubEventBusArn', { value: hubEventBus.eventBusArn, description: 'The spoke parameter HubEventBusArn' });
    new CfnOutput(this, 'HubFunctionRoleArn', {
      value: this.netfix.function.role?.roleArn ?? '',
      description: 'The spoke parameter HubFunctionRoleArn',
    });
  }
}

export { EcsNetfixStack };
