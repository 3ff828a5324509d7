/**
 * Everything ecs-netfix needs in one account and region: the EventBridge rules, the function with
 * least-privilege permissions, the alert topic (and Slack through AWS Chatbot), the incident table,
 * the failure queue and alarms. Takes concrete values; see ecs-netfix-stack.ts for parameters.
 */
import { Aws, type CfnCondition, type CfnResource, Duration, Fn, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { LoggingLevel, SlackChannelConfiguration } from 'aws-cdk-lib/aws-chatbot';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { AnyPrincipal, ManagedPolicy, Policy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import {
  Architecture,
  type CfnFunction,
  type Code,
  Function as LambdaFunctionResource,
  LoggingFormat,
  Runtime,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SETTINGS } from '../shared/defaults.js';
import { HANDLED_EVENT_RULES } from './event-pattern.js';
import { confineClusters, confineVpcs } from './allow-lists.js';
import { accountSwitches, grantAccountPermissions } from './account-permissions.js';
import type { AccountPolicies, AccountSwitches } from './account-permissions.js';
import { checkedHub } from './hub.js';
import type { HubProps } from './hub.js';
import { hubStatements, reportingStatements, verifyStatements } from './permissions.js';
import type { PermissionScope } from './permissions.js';
import { acknowledgeNagFindings } from './nag-suppressions.js';
import { applySwitch, invertSwitch, isPossiblyOn, switchValue } from './switch.js';
import type { Switch } from './switch.js';

interface SlackChannelProps {
  workspaceId: string;
  channelId: string;
  /** Deploy-time switch for the stack: create the Chatbot channel only when it is true. */
  when?: CfnCondition;
}

interface ExistingTopicProps {
  topicArn: string;
  /** Deploy-time switch for the stack: use the existing topic only when it is true. */
  when?: CfnCondition;
}

interface EcsNetfixProps {
  /** The Lambda bundle, `Code.fromAsset('dist/remediate')` for a real deployment. */
  code: Code;
  /** true: diagnose and alert only, and the function holds no EC2 write permission at all. */
  dryRun: Switch;
  /**
   * Force a new service deployment once the created endpoints are verified. Default false. Has an
   * effect only in live mode (the verify schedule exists whenever dry-run is off).
   */
  redeployAfterFix?: Switch;
  /**
   * Let ecs-netfix add route tables to an S3 gateway endpoint it did not create. Default false:
   * that fix is an alert with the command, and the function holds no ModifyVpcEndpoint on
   * endpoints without the ManagedBy=ecs-netfix tag. Has an effect on IAM only in live mode.
   */
  allowUserEndpointChanges?: Switch;
  alertLanguage?: string;
  /**
   * Empty means every VPC / cluster. Concrete IDs narrow the IAM statements to exact ARNs; a
   * CommaDelimitedList parameter narrows them at deploy time. Clusters: names or cluster ARNs.
   */
  allowedVpcIds?: string[];
  allowedClusters?: string[];
  maxEndpointsPerRun?: number | string;
  /** Bus for audit events; default `default`. */
  eventBusName?: string;
  slack?: SlackChannelProps;
  existingTopic?: ExistingTopicProps;
  logRetention?: RetentionDays;
  logLevel?: string;
  /** `simulate` (iam:SimulatePrincipalPolicy) or `off`. */
  permissionCheck?: string;
  alertCoalesceSeconds?: number | string;
  incidentTtlHours?: number | string;
  verifyDelaySeconds?: number | string;
  reservedConcurrency?: number;
  /** X-Ray tracing; off by default (cost, and Powertools Tracer is not bundled). */
  tracing?: boolean;
  scheduleGroupName?: string;
  /** nodejs22.x by default (the bundle's target); nodejs24.x works too. */
  runtime?: Runtime;
  /**
   * Hub mode (docs/deploy-hub.md): an event bus for the organization's spokes, and the function
   * acts in member accounts through their spoke role.
   */
  hub?: HubProps;
}

/**
 * A concrete value outside the bounds of shared/defaults.ts (0–20: the leader of a burst waits
 * inside a 60 s function) fails at synth time; a token (stack parameter) is checked there.
 */
function alertCoalesceSecondsSetting(path: string, value: number | string): string {
  if (Token.isUnresolved(value)) return String(value);
  const seconds = Number(value);
  const { min, max } = SETTINGS.alertCoalesceSeconds;
  if (!Number.isInteger(seconds) || seconds < min || seconds > max) {
    throw new Error(`${path}: alertCoalesceSeconds must be a whole number from ${min} to ${max}, got "${value}"`);
  }
  return String(seconds);
}

/** 512 MB: the bundle loads in ~100 ms and a run holds a VPC snapshot; CPU scales with memory. */
const MEMORY_MB = 512;
/** Stopped tasks stay visible to DescribeTasks for about an hour: older events are useless. */
const MAX_EVENT_AGE = Duration.hours(1);

/** Comma-joins a list that may be a CommaDelimitedList parameter (a list token). */
function joinList(values: readonly string[]): string {
  if (Token.isUnresolved([...values])) return Fn.join(',', [...values]);
  return values.join(',');
}

class EcsNetfix extends Construct {
  readonly function: LambdaFunctionResource;
  readonly alertTopic: ITopic;
  readonly stateTable: Table;
  readonly failureQueue: Queue;
  readonly key: Key;
  readonly taskStartupFailureRule: Rule;
  /** Recovery signals and impaired services: always on, dry-run deployments have incidents too. */
  readonly serviceActionRule: Rule;
  readonly serviceDeploymentCompletedRule: Rule;
  readonly readPolicy: Policy;
  /** Live mode only; absent when dry-run is fixed to true at synth time. */
  readonly writePolicy?: Policy;
  readonly verifyPolicy?: Policy;
  readonly schedulerRole?: Role;
  readonly scheduleGroup?: CfnScheduleGroup;
  /** Live mode with RedeployAfterFix only. */
  readonly redeployPolicy?: Policy;
  /** Live mode with AllowUserEndpointChanges only. */
  readonly userEndpointPolicy?: Policy;
  /** Every alarm name starts with this; the topic and key policies admit only these alarms. */
  readonly alarmNamePrefix: string;
  /** Hub mode only: the bus the spokes forward to, its rules and the sts:AssumeRole policy. */
  readonly hubEventBus?: EventBus;
  readonly hubRules: Rule[] = [];
  readonly hubPolicy?: Policy;

  constructor(scope: Construct, id: string, props: EcsNetfixProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.alarmNamePrefix = `${stack.stackName}-netfix-`;
    const hub = props.hub === undefined ? undefined : checkedHub(props.hub);
    const eventBusName = props.eventBusName ?? SETTINGS.eventBusName.default;
    const scheduleGroupName = props.scheduleGroupName ?? SETTINGS.scheduleGroupName.deployed;

    this.key = this.createKey();
    this.alertTopic = this.createOrImportTopic(props.existingTopic);
    this.stateTable = this.createStateTable();
    this.failureQueue = this.createFailureQueue();

    const functionName = `${stack.stackName}-remediate`.slice(0, 64);
    const selfArn = `arn:${Aws.PARTITION}:lambda:${Aws.REGION}:${Aws.ACCOUNT_ID}:function:${functionName}`;
    const allowUserEndpoints = props.allowUserEndpointChanges ?? SETTINGS.allowUserEndpointChanges.default;
    // Endpoints are created only in live mode, so only then is there anything to verify later; a
    // forced redeploy follows a verified fix, so it needs live mode as well.
    const switches = accountSwitches(this, {
      dryRun: props.dryRun,
      redeployAfterFix: props.redeployAfterFix ?? SETTINGS.redeployAfterFix.default,
      allowUserEndpointChanges: allowUserEndpoints,
    });
    const verify = new Construct(this, 'Verify');
    if (isPossiblyOn(switches.liveMode)) {
      this.scheduleGroup = new CfnScheduleGroup(verify, 'ScheduleGroup', { name: scheduleGroupName });
      this.schedulerRole = this.createSchedulerRole(verify, selfArn);
    }

    const { role, logGroup } = this.createFunctionRoleAndLogs(props.logRetention);
    this.function = this.createFunction(props, logGroup, {
      functionName,
      role,
      variables: this.functionVariables(props, { eventBusName, hub, switches, allowUserEndpoints, selfArn }),
    });

    const permissionScope = this.permissionScope(props);
    const policies = this.grantFunctionPermissions(role, permissionScope, switches, eventBusName);
    this.readPolicy = policies.read;
    this.writePolicy = policies.write;
    this.userEndpointPolicy = policies.userEndpoint;
    this.redeployPolicy = policies.redeploy;
    this.verifyPolicy = this.createVerifyPolicy(verify, role, permissionScope, scheduleGroupName, switches.liveMode);

    [this.taskStartupFailureRule, this.serviceActionRule, this.serviceDeploymentCompletedRule] = this.createEventRules() as [
      Rule,
      Rule,
      Rule,
    ];
    if (hub) {
      this.hubEventBus = this.createHubEventBus(hub.organizationId);
      this.hubRules = this.createEventRules(this.hubEventBus);
      this.hubPolicy = new Policy(this, 'HubPolicy', {
        statements: hubStatements({ partition: Aws.PARTITION, ...hub }),
        roles: [role],
      });
    }

    if (props.slack) this.createSlackChannel(props.slack);
    this.createAlarms();
    acknowledgeNagFindings(this, permissionScope);
  }

  private createStateTable(): Table {
    return new Table(this, 'StateTable', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      timeToLiveAttribute: 'expiresAt',
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Incidents live for a day (TTL): nothing worth keeping after the stack is gone.
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }

  /** The on-failure destination of the function and the dead-letter queue of its rules. */
  private createFailureQueue(): Queue {
    return new Queue(this, 'FailureQueue', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
  }

  /** The function's log group, and its role, which may write to that log group only. */
  private createFunctionRoleAndLogs(retention: RetentionDays | undefined): { role: Role; logGroup: LogGroup } {
    const logGroup = new LogGroup(this, 'LogGroup', {
      retention: retention ?? (SETTINGS.logRetentionDays.default satisfies RetentionDays),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Our own role instead of AWSLambdaBasicExecutionRole: logs only to this log group.
    const role = new Role(this, 'FunctionRole', {
      description: 'ecs-netfix function: read the network path, alert, and (live mode) create endpoints',
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    });
    role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      })
    );
    return { role, logGroup };
  }

  private createFunction(
    props: EcsNetfixProps,
    logGroup: LogGroup,
    wiring: { functionName: string; role: Role; variables: Record<string, string> }
  ): LambdaFunctionResource {
    const fn = new LambdaFunctionResource(this, 'Function', {
      functionName: wiring.functionName,
      description: 'ecs-netfix: diagnose ECS tasks that cannot pull images or secrets, and fix or alert',
      runtime: props.runtime ?? Runtime.NODEJS_22_X,
      role: wiring.role,
      architecture: Architecture.ARM_64,
      handler: 'index.handler',
      code: props.code,
      memorySize: MEMORY_MB,
      timeout: Duration.seconds(60),
      reservedConcurrentExecutions: props.reservedConcurrency ?? SETTINGS.reservedConcurrency.default,
      retryAttempts: 2,
      maxEventAge: MAX_EVENT_AGE,
      onFailure: new SqsDestination(this.failureQueue),
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      tracing: props.tracing ? Tracing.ACTIVE : Tracing.DISABLED,
      environment: wiring.variables,
    });
    // Lambda adds DependsOn the role although Role is already a GetAtt (cfn-lint W3005).
    // Keep the dependency on the role's default policy (the function must not run before it).
    const defaultPolicy = wiring.role.node.tryFindChild('DefaultPolicy')?.node.defaultChild as CfnResource | undefined;
    if (defaultPolicy) {
      (fn.node.defaultChild as CfnFunction).addOverride('DependsOn', [defaultPolicy.logicalId]);
    }
    return fn;
  }

  /** The function's environment: every variable shared/config.ts reads, and Powertools'. */
  private functionVariables(
    props: EcsNetfixProps,
    wiring: {
      eventBusName: string;
      hub: Required<HubProps> | undefined;
      switches: AccountSwitches;
      allowUserEndpoints: Switch;
      selfArn: string;
    }
  ): Record<string, string> {
    const { hub, switches } = wiring;
    const whenLive = (value: string | undefined): string =>
      value === undefined ? '' : switchValue(switches.liveMode, value, '');
    return {
      DRY_RUN: switchValue(props.dryRun, 'true', 'false'),
      ALERT_TOPIC_ARN: this.alertTopic.topicArn,
      EVENT_BUS_NAME: wiring.eventBusName,
      ALLOWED_VPC_IDS: joinList(props.allowedVpcIds ?? []),
      ALLOWED_CLUSTERS: joinList(props.allowedClusters ?? []),
      MAX_ENDPOINTS_PER_RUN: String(props.maxEndpointsPerRun ?? SETTINGS.maxEndpointsPerRun.default),
      // Also in dry-run, so "would fix" says what live mode would do.
      ALLOW_USER_ENDPOINT_CHANGES: switchValue(wiring.allowUserEndpoints, 'true', 'false'),
      ALERT_LANGUAGE: props.alertLanguage ?? SETTINGS.alertLanguage.default,
      STATE_TABLE_NAME: this.stateTable.tableName,
      ALERT_COALESCE_SECONDS: alertCoalesceSecondsSetting(
        this.node.path,
        props.alertCoalesceSeconds ?? SETTINGS.alertCoalesceSeconds.default
      ),
      INCIDENT_TTL_HOURS: String(props.incidentTtlHours ?? SETTINGS.incidentTtlHours.default),
      PERMISSION_CHECK: props.permissionCheck ?? SETTINGS.permissionCheck.default,
      REDEPLOY_AFTER_FIX: switchValue(switches.redeployLive, 'true', 'false'),
      // Empty in dry-run: the function then schedules nothing (and has no permission to).
      SELF_FUNCTION_ARN: whenLive(wiring.selfArn),
      SCHEDULER_ROLE_ARN: whenLive(this.schedulerRole?.roleArn),
      SCHEDULE_GROUP_NAME: whenLive(this.scheduleGroup?.ref),
      VERIFY_DELAY_SECONDS: String(props.verifyDelaySeconds ?? SETTINGS.verifyDelaySeconds.default),
      POWERTOOLS_SERVICE_NAME: 'ecs-netfix',
      POWERTOOLS_METRICS_NAMESPACE: 'EcsNetfix',
      POWERTOOLS_LOG_LEVEL: props.logLevel ?? SETTINGS.logLevel.default,
      NODE_OPTIONS: '--enable-source-maps',
      // Hub mode when SPOKE_ROLE_NAME is set (shared/config.ts).
      ...(hub ? { SPOKE_ROLE_NAME: hub.spokeRoleName, ALLOWED_ACCOUNT_IDS: hub.allowedAccountIds.join(',') } : {}),
    };
  }

  /** This account and region, with the VPCs and clusters the allowlists confine the IAM statements to. */
  private permissionScope(props: EcsNetfixProps): PermissionScope {
    const environment = { partition: Aws.PARTITION, region: Aws.REGION, account: Aws.ACCOUNT_ID };
    return {
      ...environment,
      vpcs: confineVpcs(this, environment, props.allowedVpcIds ?? []),
      clusters: confineClusters(this, environment, props.allowedClusters ?? []),
    };
  }

  /** The account's read (and, by mode, write) policies, reporting, and the stack key. */
  private grantFunctionPermissions(
    role: Role,
    permissionScope: PermissionScope,
    switches: AccountSwitches,
    eventBusName: string
  ): AccountPolicies {
    const policies = grantAccountPermissions(
      this,
      role,
      permissionScope,
      switches,
      reportingStatements({
        alertTopicArn: this.alertTopic.topicArn,
        eventBusArn: `arn:${Aws.PARTITION}:events:${Aws.REGION}:${Aws.ACCOUNT_ID}:event-bus/${eventBusName}`,
        stateTableArn: this.stateTable.tableArn,
      })
    );
    // The table and the topic are encrypted with the stack key.
    this.key.grantEncryptDecrypt(this.function);
    return policies;
  }

  /** Live mode only: the function may create its verify schedules (everything under `verify` switches with live mode). */
  private createVerifyPolicy(
    verify: Construct,
    role: Role,
    permissionScope: PermissionScope,
    scheduleGroupName: string,
    liveMode: Switch
  ): Policy | undefined {
    if (!this.schedulerRole || !this.scheduleGroup) return undefined;
    const policy = new Policy(verify, 'VerifyPolicy', {
      statements: verifyStatements(permissionScope, {
        scheduleGroupName: scheduleGroupName,
        schedulerRoleArn: this.schedulerRole.roleArn,
      }),
      roles: [role],
    });
    applySwitch(verify, liveMode);
    return policy;
  }

  /** The rules of HANDLED_EVENT_RULES on the default bus, or on the hub's bus for the member accounts. */
  private createEventRules(hubBus?: EventBus): Rule[] {
    return HANDLED_EVENT_RULES.map(({ name, description, pattern }) =>
      hubBus === undefined
        ? new Rule(this, `${name}Rule`, { description, eventPattern: pattern, targets: [this.ruleTarget()] })
        : new Rule(this, `Hub${name}Rule`, {
            description: `${description} (member accounts)`,
            eventBus: hubBus,
            eventPattern: pattern,
            targets: [this.ruleTarget()],
          })
    );
  }

  /**
   * The bus the spokes forward to. Only principals of the organization may put events on it: a
   * spoke's forwarding role, for instance, and nobody outside (tests/infra/hub.test.ts).
   */
  private createHubEventBus(organizationId: string): EventBus {
    const bus = new EventBus(this, 'HubEventBus', {
      eventBusName: `${Stack.of(this).stackName}-hub`,
      description: 'ecs-netfix hub: ECS events forwarded by the spokes of the organization',
    });
    bus.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AcceptEventsFromTheOrganization',
        principals: [new AnyPrincipal()],
        actions: ['events:PutEvents'],
        resources: [bus.eventBusArn],
        conditions: { StringEquals: { 'aws:PrincipalOrgID': organizationId } },
      })
    );
    return bus;
  }

  private ruleTarget(): LambdaFunction {
    return new LambdaFunction(this.function, {
      deadLetterQueue: this.failureQueue,
      retryAttempts: 4,
      maxEventAge: MAX_EVENT_AGE,
    });
  }

  /** One key for the topic, queue and table; services that write to them may use it. */
  private createKey(): Key {
    const key = new Key(this, 'Key', {
      description: 'ecs-netfix: alert topic, failure queue and incident table',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowServicesThatPublishAlertsAndFailures',
        principals: [new ServicePrincipal('events.amazonaws.com'), new ServicePrincipal('chatbot.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      })
    );
    // CloudWatch alarms publish to the KMS-encrypted topic only with these (SNS developer guide,
    // "compatibility between event sources from AWS services and encrypted topics"); scoped to
    // this stack's alarms like the topic policy.
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowOurAlarmsToPublishToTheEncryptedTopic',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: this.ourAlarmsCondition(),
      })
    );
    return key;
  }

  /** `aws:SourceAccount` and `aws:SourceArn` of this stack's alarms (confused-deputy guard). */
  private ourAlarmsCondition(): Record<string, Record<string, string>> {
    return {
      StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
      ArnLike: {
        'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:${this.alarmNamePrefix}*`,
      },
    };
  }

  private createOrImportTopic(existing: ExistingTopicProps | undefined): ITopic {
    if (existing && existing.when === undefined) {
      // Someone else's topic: its policy must let cloudwatch.amazonaws.com publish (docs/security.md).
      return Topic.fromTopicArn(this, 'AlertTopic', existing.topicArn);
    }
    const created = new Topic(this, 'AlertTopic', {
      displayName: 'ecs-netfix alerts',
      masterKey: this.key,
      enforceSSL: true,
    });
    // Once a topic has a policy, only what it allows may publish: let our alarms in, nobody else.
    created.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowOurAlarmsToPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [created.topicArn],
        conditions: this.ourAlarmsCondition(),
      })
    );
    if (!existing?.when) return created;
    // Deploy-time choice: the created topic (and its policy) exists only when no existing topic is given.
    applySwitch(created, invertSwitch(this, 'CreateAlertTopic', existing.when));
    const topicArn = Fn.conditionIf(existing.when.logicalId, existing.topicArn, created.topicArn).toString();
    return Topic.fromTopicArn(this, 'EffectiveAlertTopic', topicArn);
  }

  private createSchedulerRole(scope: Construct, functionArn: string): Role {
    const role = new Role(scope, 'SchedulerRole', {
      description: 'EventBridge Scheduler calls ecs-netfix back to verify a fix',
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    });
    role.addToPolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [functionArn] }));
    return role;
  }

  private createSlackChannel(slack: SlackChannelProps): void {
    const holder = new Construct(this, 'Slack');
    // Notifications only: the channel role has no permissions and the guardrail is read-only.
    const role = new Role(holder, 'ChatbotRole', {
      description: 'AWS Chatbot channel role for ecs-netfix alerts (notifications only)',
      assumedBy: new ServicePrincipal('chatbot.amazonaws.com'),
    });
    new SlackChannelConfiguration(holder, 'Channel', {
      slackChannelConfigurationName: `${Stack.of(this).stackName}-ecs-netfix`.slice(0, 128),
      slackWorkspaceId: slack.workspaceId,
      slackChannelId: slack.channelId,
      notificationTopics: [this.alertTopic],
      guardrailPolicies: [ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')],
      role,
      loggingLevel: LoggingLevel.ERROR,
    });
    if (slack.when) applySwitch(holder, slack.when);
  }

  private createAlarms(): void {
    const action = new SnsAction(this.alertTopic);
    const alarms = [
      this.function.metricErrors({ period: Duration.minutes(5) }).createAlarm(this, 'ErrorsAlarm', {
        alarmName: `${this.alarmNamePrefix}errors`,
        alarmDescription: 'ecs-netfix: the function failed (see its log group)',
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      // Not Throttles: bursts of stopped tasks and steady states exceed the reserved concurrency in
      // normal operation, and Lambda retries throttled async events itself. An event is lost only
      // when Lambda drops it (retries or the 1 h maximum age used up; AWS Lambda "Types of metrics",
      // asynchronous invocation metrics). It still reaches the failure queue first, when it can.
      this.function
        .metric('AsyncEventsDropped', { period: Duration.minutes(5), statistic: 'Sum' })
        .createAlarm(this, 'AsyncEventsDroppedAlarm', {
          alarmName: `${this.alarmNamePrefix}dropped-events`,
          alarmDescription:
            'ecs-netfix: Lambda dropped events without handling them (retries or maximum event age used up; see the failure queue)',
          threshold: 0,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      // issue 13: a fix whose verification could not be scheduled (shared/pipeline/finish-incident.ts).
      new Metric({
        namespace: 'EcsNetfix',
        metricName: 'VerifyScheduleFailed',
        dimensionsMap: { service: 'ecs-netfix' },
        statistic: 'Sum',
        period: Duration.minutes(5),
      }).createAlarm(this, 'VerifyScheduleFailedAlarm', {
        alarmName: `${this.alarmNamePrefix}verify-schedule-failed`,
        alarmDescription: 'ecs-netfix: a fix could not schedule its verification (EventBridge Scheduler refused; see the log)',
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      this.failureQueue
        .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) })
        .createAlarm(this, 'FailureQueueAlarm', {
          alarmName: `${this.alarmNamePrefix}failure-queue`,
          alarmDescription: 'ecs-netfix: events the function could not handle are waiting in the failure queue',
          threshold: 0,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
    ];
    for (const alarm of alarms) alarm.addAlarmAction(action);
  }
}

export { EcsNetfix };
export type { EcsNetfixProps };
