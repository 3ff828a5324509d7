/**
 * The only reader of process.env. Every setting is read, checked and defaulted here once per
 * cold start; a bad value fails the cold start with the variable's name in the message.
 */
import { SETTINGS } from './defaults.js';
import { ConfigError } from './errors.js';

type AlertLanguage = (typeof SETTINGS.alertLanguage.allowed)[number];
type PermissionCheck = (typeof SETTINGS.permissionCheck.allowed)[number];

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
  permissionCheck: PermissionCheck;
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

function readBoolean(env: NodeJS.ProcessEnv, setting: { env: string; default: boolean }): boolean {
  const raw = env[setting.env]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return setting.default;
  const value = BOOLEAN_WORDS[raw];
  if (value === undefined) throw new ConfigError(setting.env, `expected true or false, got "${raw}"`);
  return value;
}

function readInteger(env: NodeJS.ProcessEnv, setting: { env: string; default: number; min: number; max: number }): number {
  const { env: name, min, max } = setting;
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return setting.default;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `expected a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/** One of the setting's allowed words, case-insensitive. */
function readChoice<Word extends string>(
  env: NodeJS.ProcessEnv,
  setting: { env: string; default: Word; allowed: readonly Word[] }
): Word {
  const raw = (env[setting.env]?.trim() || setting.default).toLowerCase();
  const word = setting.allowed.find((allowed) => allowed === raw);
  if (word === undefined) throw new ConfigError(setting.env, `expected ${setting.allowed.join(' or ')}, got "${raw}"`);
  return word;
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
  const spokeRoleName = readOptional(
    env,
    SETTINGS.spokeRoleName.env,
    IAM_ROLE_NAME,
    'an IAM role name: 1-64 letters, digits or _+=,.@-, no path'
  );
  const allowedAccountIds = [
    ...new Set(readList(env, SETTINGS.allowedAccountIds.env, ACCOUNT_ID, 'a comma-separated list of 12-digit account ids')),
  ];
  if (spokeRoleName === null && allowedAccountIds.length > 0) {
    throw new ConfigError(
      SETTINGS.allowedAccountIds.env,
      `applies to hub mode only: set ${SETTINGS.spokeRoleName.env} too, or leave it empty`
    );
  }
  return { spokeRoleName, allowedAccountIds };
}

/** Unset or empty variables take their default from shared/defaults.ts (unset optional ones are null, lists empty). */
function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    dryRun: readBoolean(env, SETTINGS.dryRun),
    alertTopicArn: readOptional(env, SETTINGS.alertTopicArn.env, ARN),
    eventBusName: env[SETTINGS.eventBusName.env]?.trim() || SETTINGS.eventBusName.default,
    allowedVpcIds: readList(env, SETTINGS.allowedVpcIds.env, /^vpc-[0-9a-f]+$/),
    allowedClusters: readList(env, SETTINGS.allowedClusters.env, /^[A-Za-z0-9_:/.-]+$/),
    maxEndpointsPerRun: readInteger(env, SETTINGS.maxEndpointsPerRun),
    allowUserEndpointChanges: readBoolean(env, SETTINGS.allowUserEndpointChanges),
    alertLanguage: readChoice(env, SETTINGS.alertLanguage),
    stateTableName: readOptional(env, SETTINGS.stateTableName.env, /^[A-Za-z0-9_.-]{3,255}$/),
    alertCoalesceSeconds: readInteger(env, SETTINGS.alertCoalesceSeconds),
    incidentTtlHours: readInteger(env, SETTINGS.incidentTtlHours),
    permissionCheck: readChoice(env, SETTINGS.permissionCheck),
    redeployAfterFix: readBoolean(env, SETTINGS.redeployAfterFix),
    selfFunctionArn: readOptional(env, SETTINGS.selfFunctionArn.env, ARN),
    schedulerRoleArn: readOptional(env, SETTINGS.schedulerRoleArn.env, ARN),
    verifyDelaySeconds: readInteger(env, SETTINGS.verifyDelaySeconds),
    scheduleGroupName:
      readOptional(env, SETTINGS.scheduleGroupName.env, /^[0-9a-zA-Z_.-]{1,64}$/) ?? SETTINGS.scheduleGroupName.default,
    region: readOptional(env, SETTINGS.region.env, /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/) ?? SETTINGS.region.default,
    ...readHubMode(env),
  };
}

export { loadConfig };
export type { AlertLanguage, Config };
