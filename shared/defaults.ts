/**
 * The one home of every setting's default, plain data: the function reads it when a variable is
 * unset (shared/config.ts), the CLI through loadConfig, the construct when a prop is omitted
 * (infra/ecs-netfix.ts) and the stacks for their parameters' Default, bounds and allowed values
 * (infra/ecs-netfix-stack.ts, infra/stack-parameters.ts, infra/spoke-stack.ts).
 * tests/unit/defaults.test.ts fails when a default is declared again elsewhere or docs/deploy.md
 * shows another; tests/infra/defaults.test.ts when the synthesized templates disagree with it.
 */

interface SettingDefault {
  /** The environment variable the function reads, if any. */
  readonly env?: string;
  /** The CloudFormation parameter that sets it (the ready stack; SpokeRoleName: the spoke stack). */
  readonly parameter?: string;
  /** The function's value when `env` is unset or empty; the construct's and the parameter's too, unless `deployed` says otherwise. */
  readonly default: boolean | number | string | null | readonly string[];
  /** What the construct and the stacks deploy when nobody chooses, where it differs from `default`. */
  readonly deployed?: string;
  /** Inclusive bounds of a whole number. */
  readonly min?: number;
  readonly max?: number;
  readonly allowed?: readonly string[];
  readonly means: string;
}

const SETTINGS = {
  dryRun: {
    env: 'DRY_RUN',
    parameter: 'DryRun',
    default: true,
    means: 'Diagnose and alert, change nothing (and hold no EC2 write permission).',
  },
  alertTopicArn: { env: 'ALERT_TOPIC_ARN', default: null, means: 'SNS topic for the alerts; none: report only.' },
  eventBusName: { env: 'EVENT_BUS_NAME', parameter: 'EventBusName', default: 'default', means: 'Bus for the audit events.' },
  allowedVpcIds: {
    env: 'ALLOWED_VPC_IDS',
    parameter: 'AllowedVpcIds',
    default: [],
    means: 'VPCs ecs-netfix may act on; empty: every VPC.',
  },
  allowedClusters: {
    env: 'ALLOWED_CLUSTERS',
    parameter: 'AllowedClusters',
    default: [],
    means: 'Clusters ecs-netfix may act on; empty: every cluster.',
  },
  maxEndpointsPerRun: {
    env: 'MAX_ENDPOINTS_PER_RUN',
    parameter: 'MaxEndpointsPerRun',
    default: 6,
    min: 0,
    max: 50,
    means: 'Endpoints one run (and one VPC per clock hour) may create.',
  },
  allowUserEndpointChanges: {
    env: 'ALLOW_USER_ENDPOINT_CHANGES',
    parameter: 'AllowUserEndpointChanges',
    default: false,
    means: 'Add missing route tables to S3 gateway endpoints ecs-netfix did not create.',
  },
  alertLanguage: {
    env: 'ALERT_LANGUAGE',
    parameter: 'AlertLanguage',
    default: 'en',
    allowed: ['en', 'ko'],
    means: 'Language of the alerts.',
  },
  stateTableName: {
    env: 'STATE_TABLE_NAME',
    default: null,
    means: 'DynamoDB table for incidents and burst deduplication; none: no deduplication.',
  },
  // The leader of a burst waits inside a 60 s function: above 20 s the wait crowds out the diagnosis.
  alertCoalesceSeconds: {
    env: 'ALERT_COALESCE_SECONDS',
    parameter: 'AlertCoalesceSeconds',
    default: 3,
    min: 0,
    max: 20,
    means: 'How long the first failure of a burst waits to gather the others.',
  },
  incidentTtlHours: {
    env: 'INCIDENT_TTL_HOURS',
    parameter: 'IncidentTtlHours',
    default: 24,
    min: 1,
    max: 720,
    means: 'How long an incident stays open without a recovery signal.',
  },
  permissionCheck: {
    env: 'PERMISSION_CHECK',
    parameter: 'PermissionCheck',
    default: 'simulate',
    allowed: ['simulate', 'off'],
    means: 'simulate: iam:SimulatePrincipalPolicy on execution roles; off: skip.',
  },
  redeployAfterFix: {
    env: 'REDEPLOY_AFTER_FIX',
    parameter: 'RedeployAfterFix',
    default: false,
    means: 'Force a new deployment once the created endpoints are available.',
  },
  selfFunctionArn: { env: 'SELF_FUNCTION_ARN', default: null, means: 'This function, for the verify schedule to call back.' },
  schedulerRoleArn: {
    env: 'SCHEDULER_ROLE_ARN',
    default: null,
    means: 'The role EventBridge Scheduler assumes to invoke the function.',
  },
  verifyDelaySeconds: {
    env: 'VERIFY_DELAY_SECONDS',
    parameter: 'VerifyDelaySeconds',
    default: 120,
    min: 0,
    max: 3600,
    means: 'Delay before each verification of created endpoints.',
  },
  // The function alone falls back to the default group; the construct creates its own.
  scheduleGroupName: {
    env: 'SCHEDULE_GROUP_NAME',
    default: 'default',
    deployed: 'ecs-netfix',
    means: 'EventBridge Scheduler group of the verify schedules.',
  },
  region: {
    env: 'AWS_REGION',
    default: 'us-east-1',
    means: "The function's region (Lambda sets it), for manual requests that name none.",
  },
  logLevel: {
    env: 'POWERTOOLS_LOG_LEVEL',
    parameter: 'LogLevel',
    default: 'INFO',
    allowed: ['DEBUG', 'INFO', 'WARN', 'ERROR'],
    means: 'Powertools log level.',
  },
  logRetentionDays: { parameter: 'LogRetentionDays', default: 30, means: 'Days CloudWatch Logs keeps the function log.' },
  reservedConcurrency: { default: 5, means: 'Reserved concurrent executions of the function (construct only).' },
  // Hub mode: no role name means a single-account deployment; the hub and spoke stacks name one.
  spokeRoleName: {
    env: 'SPOKE_ROLE_NAME',
    parameter: 'SpokeRoleName',
    default: null,
    deployed: 'ecs-netfix-spoke',
    means: 'The role the hub assumes in member accounts.',
  },
  allowedAccountIds: {
    env: 'ALLOWED_ACCOUNT_IDS',
    default: [],
    means: 'Hub mode: member accounts served; empty: any account of the organization.',
  },
} as const satisfies Record<string, SettingDefault>;

type SettingName = keyof typeof SETTINGS;

export { SETTINGS };
export type { SettingDefault, SettingName };
