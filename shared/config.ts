/**
 * The only reader of process.env. Every setting is read, checked and defaulted here once per
 * cold start; a bad value fails the cold start with the variable's name in the message.
 */
import { ConfigError } from './errors.js';

type AlertLanguage = 'en' | 'ko';

interface Config {
  /** Default true: diagnose and alert, change nothing. */
  dryRun: boolean;
  alertTopicArn: string | null;
  eventBusName: string;
  /** Empty means every VPC / cluster. */
  allowedVpcIds: string[];
  allowedClusters: string[];
  maxEndpointsPerRun: number;
  /**
   * Default false: a route table missing from an S3 gateway endpoint that ecs-netfix did not create
   * is left to a person (alert with the command). The stack grants ModifyVpcEndpoint on such
   * endpoints only when this is on (AllowUserEndpointChanges).
   */
  allowUserEndpointChanges: boolean;
  alertLanguage: AlertLanguage;
  /** DynamoDB table for incidents and burst deduplication; null disables deduplication. */
  stateTableName: string | null;
  /** How long the first invocation of a burst waits before counting failures for its alert. */
  alertCoalesceSeconds: number;
  /** How long an incident stays open without a recovery signal. */
  incidentTtlHours: number;
  /** `simulate`: iam:SimulatePrincipalPolicy; `off`: skip (moto does not implement it). */
  permissionCheck: 'simulate' | 'off';
  /** Force a new deployment once the created endpoints are available. */
  redeployAfterFix: boolean;
  /** ARN of this function, for the verify schedule to call back (set by the stack). */
  selfFunctionArn: string | null;
  /** Role EventBridge Scheduler assumes to invoke this function. */
  schedulerRoleArn: string | null;
  verifyDelaySeconds: number;
  /** EventBridge Scheduler group for the verify schedules (the stack creates `ecs-netfix`). */
  scheduleGroupName: string;
  /** The function's own region (Lambda sets AWS_REGION): for manual lookups that name none. */
  region: string;
  /**
   * Hub mode when set: the role (same name in every member account) the function assumes to read
   * and fix a member account's VPC. Null: a single-account deployment.
   */
  spokeRoleName: string | null;
  /** Hub mode only: member accounts served; empty means any account of the organisation. */
  allowedAccountIds: string[];
}

const BOOLEAN_WORDS: Record<string, boolean> = {
  true: true,
  '1': true,
  yes: true,
  on: true,
  false: false,
  '0': false,
  no: false,
  off: false,
};

function readBoolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  const value = BOOLEAN_WORDS[raw];
  if (value === undefined) throw new ConfigError(name, `expected true or false, got "${raw}"`);
  return value;
}

function readInteger(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number
): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `expected a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/** `expected` says what a valid value looks like, for the error message. */
function invalid(name: string, value: string, expected?: string): ConfigError {
  return new ConfigError(name, `"${value}" is not valid${expected ? ` (expected ${expected})` : ''}`);
}

function readList(env: NodeJS.ProcessEnv, name: string, pattern: RegExp, expected?: string): string[] {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return [];
  const items = raw
    .split(/[\s,]+/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
  for (const item of items) {
    if (!pattern.test(item)) throw invalid(name, item, expected);
  }
  return items;
}

function readOptional(env: NodeJS.ProcessEnv, name: string, pattern: RegExp, expected?: string): string | null {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return null;
  if (!pattern.test(raw)) throw invalid(name, raw, expected);
  return raw;
}

const ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{12}:.+$/;
/** IAM RoleName: 1-64 of letters, digits and _+=,.@- (no path: the spoke role sits at `/`). */
const IAM_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ACCOUNT_ID = /^\d{12}$/;

/** SPOKE_ROLE_NAME and ALLOWED_ACCOUNT_IDS: an account list without hub mode would be ignored silently. */
function readHubMode(env: NodeJS.ProcessEnv): Pick<Config, 'spokeRoleName' | 'allowedAccountIds'> {
  const spokeRoleName = readOptional(env, 'SPOKE_ROLE_NAME', IAM_ROLE_NAME, 'an IAM role name: 1-64 letters, digits or _+=,.@-, no path');
  const allowedAccountIds = [...new Set(readList(env, 'ALLOWED_ACCOUNT_IDS', ACCOUNT_ID, 'a comma-separated list of 12-digit account ids'))];
  if (spokeRoleName === null && allowedAccountIds.length > 0) {
    throw new ConfigError('ALLOWED_ACCOUNT_IDS', 'applies to hub mode only: set SPOKE_ROLE_NAME too, or leave it empty');
  }
  return { spokeRoleName, allowedAccountIds };
}

function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const language = (env.ALERT_LANGUAGE?.trim() || 'en').toLowerCase();
  if (language !== 'en' && language !== 'ko') {
    throw new ConfigError('ALERT_LANGUAGE', `expected en or ko, got "${language}"`);
  }
  const permissionCheck = (env.PERMISSION_CHECK?.trim() || 'simulate').toLowerCase();
  if (permissionCheck !== 'simulate' && permissionCheck !== 'off') {
    throw new ConfigError('PERMISSION_CHECK', `expected simulate or off, got "${permissionCheck}"`);
  }
  return {
    dryRun: readBoolean(env, 'DRY_RUN', true),
    alertTopicArn: readOptional(env, 'ALERT_TOPIC_ARN', ARN),
    eventBusName: env.EVENT_BUS_NAME?.trim() || 'default',
    allowedVpcIds: readList(env, 'ALLOWED_VPC_IDS', /^vpc-[0-9a-f]+$/),
    allowedClusters: readList(env, 'ALLOWED_CLUSTERS', /^[A-Za-z0-9_:/.-]+$/),
    maxEndpointsPerRun: readInteger(env, 'MAX_ENDPOINTS_PER_RUN', 6, 0, 50),
    allowUserEndpointChanges: readBoolean(env, 'ALLOW_USER_ENDPOINT_CHANGES', false),
    alertLanguage: language,
    stateTableName: readOptional(env, 'STATE_TABLE_NAME', /^[A-Za-z0-9_.-]{3,255}$/),
    // The leader waits this long inside a 60 s function: keep it well below the timeout.
    alertCoalesceSeconds: readInteger(env, 'ALERT_COALESCE_SECONDS', 3, 0, 20),
    incidentTtlHours: readInteger(env, 'INCIDENT_TTL_HOURS', 24, 1, 720),
    permissionCheck,
    redeployAfterFix: readBoolean(env, 'REDEPLOY_AFTER_FIX', false),
    selfFunctionArn: readOptional(env, 'SELF_FUNCTION_ARN', ARN),
    schedulerRoleArn: readOptional(env, 'SCHEDULER_ROLE_ARN', ARN),
    verifyDelaySeconds: readInteger(env, 'VERIFY_DELAY_SECONDS', 120, 0, 3600),
    scheduleGroupName: readOptional(env, 'SCHEDULE_GROUP_NAME', /^[0-9a-zA-Z_.-]{1,64}$/) ?? 'default',
    region: readOptional(env, 'AWS_REGION', /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/) ?? 'us-east-1',
    ...readHubMode(env),
  };
}

export { loadConfig };
export type { AlertLanguage, Config };
