/**
 * `--spoke-role ROLE` and `--account ID`: run a command's AWS calls in a member account through
 * the role the spoke stack creates there (the same role the hub function assumes). Both are
 * checked before any AWS call: a forged account id or role name never reaches STS.
 */
import { assumeNow, openCliSpokeSession } from '../aws/caller-identity.js';
import type { CliSpokeSession } from '../aws/caller-identity.js';
import type { AwsTarget } from './aws-options.js';
import { stringOption } from './aws-options.js';
import { createAwsSession } from './aws-session.js';
import type { AwsSession, SessionOptions } from './aws-session.js';
import type { CliOption, OptionValue } from './command.js';
import { UsageError } from '../errors.js';

interface SpokeTarget {
  roleName: string;
  accountId: string;
}

const ACCOUNT_ID = /^\d{12}$/;
// IAM role names: 1-64 of letters, digits and +=,.@_- (no path: the spoke role has none).
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

const SPOKE_ROLE_OPTION: Readonly<Record<string, CliOption>> = {
  'spoke-role': {
    type: 'string',
    valueName: 'ROLE',
    description: 'act in a member account by assuming this role there (the spoke role, e.g. ecs-netfix-spoke)',
  },
};

const ACCOUNT_OPTIONS: Readonly<Record<string, CliOption>> = {
  account: { type: 'string', valueName: 'ID', description: 'the member account (12 digits) to act in; needs --spoke-role' },
  ...SPOKE_ROLE_OPTION,
};

/** For commands that name a task: with --event, the event's `account` field names the account. */
const EVENT_ACCOUNT_OPTIONS: Readonly<Record<string, CliOption>> = {
  account: {
    type: 'string',
    valueName: 'ID',
    description: 'the member account (12 digits) to act in; needs --spoke-role (with --event: taken from the event)',
  },
  ...SPOKE_ROLE_OPTION,
};

/** Shown quoted and cut short: the value may be anything a caller typed or forged. */
function shown(value: string): string {
  return JSON.stringify(value.slice(0, 40));
}

function checkAccountId(value: string, what: string, command: string): string {
  if (!ACCOUNT_ID.test(value)) throw new UsageError(`${what} ${shown(value)} is not an AWS account id (12 digits)`, command);
  return value;
}

function readSpokeRole(values: Readonly<Record<string, OptionValue>>, command: string): string | null {
  const role = stringOption(values, 'spoke-role');
  if (role === null) return null;
  if (role.startsWith('arn:')) {
    throw new UsageError(
      `--spoke-role takes the role's name, not its ARN (${shown(role)}): the account comes from --account`,
      command
    );
  }
  if (!ROLE_NAME.test(role))
    throw new UsageError(`--spoke-role ${shown(role)} is not an IAM role name (1-64 of letters, digits, +=,.@_-)`, command);
  return role;
}

function readAccountOption(values: Readonly<Record<string, OptionValue>>, command: string): string | null {
  const account = stringOption(values, 'account');
  return account === null ? null : checkAccountId(account, '--account', command);
}

/** `--accounts a,b,c`: every id checked, duplicates dropped, order kept. */
function parseAccountList(text: string, command: string): string[] {
  const ids = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (ids.length === 0) throw new UsageError('--accounts needs at least one account id (a,b,c)', command);
  return [...new Set(ids.map((id) => checkAccountId(id, 'in --accounts,', command)))];
}

/**
 * The account a command not driven by an event acts in: null for the caller's own account (no
 * flags), or the member account and role. One without the other is a usage error.
 */
function readAccountTarget(values: Readonly<Record<string, OptionValue>>, command: string): SpokeTarget | null {
  const roleName = readSpokeRole(values, command);
  const accountId = readAccountOption(values, command);
  if (accountId !== null && roleName === null) {
    throw new UsageError('--account needs --spoke-role ROLE (the role to assume in that account)', command);
  }
  if (roleName !== null && accountId === null)
    throw new UsageError('--spoke-role needs --account ID (the account to act in)', command);
  return roleName === null || accountId === null ? null : { roleName, accountId };
}

/** With --event, the account is the event's: `--account` is refused rather than silently ignored. */
function readEventAccountTarget(
  values: Readonly<Record<string, OptionValue>>,
  event: unknown,
  command: string
): SpokeTarget | null {
  if (stringOption(values, 'account') !== null) {
    throw new UsageError('--event names the account (its "account" field): drop --account', command);
  }
  const roleName = readSpokeRole(values, command);
  if (roleName === null) return null;
  const account = event !== null && typeof event === 'object' ? (event as Record<string, unknown>).account : undefined;
  if (typeof account !== 'string') {
    throw new UsageError('the event has no "account" field: --spoke-role needs to know which account to act in', command);
  }
  return { roleName, accountId: checkAccountId(account, 'the event\'s "account"', command) };
}

/** The AWS session of one account: the caller's own, or a member account's through its role. */
async function openAccountSession(
  target: AwsTarget,
  spoke: SpokeTarget | null,
  label: string,
  options: SessionOptions = {}
): Promise<AwsSession> {
  if (spoke === null) return createAwsSession(target, undefined, options);
  const spokes = await openCliSpokeSession({ region: target.region, profile: target.profile, roleName: spoke.roleName });
  return sessionInAccount(target, spokes, spoke.accountId, label, options);
}

/** Fails here, with the role's ARN, when the role cannot be assumed. */
async function sessionInAccount(
  target: AwsTarget,
  spokes: CliSpokeSession,
  accountId: string,
  label: string,
  options: SessionOptions = {}
): Promise<AwsSession> {
  const credentials = spokes.credentialsFor(accountId, label);
  await assumeNow(credentials);
  return createAwsSession(target, credentials, options);
}

export {
  ACCOUNT_OPTIONS,
  EVENT_ACCOUNT_OPTIONS,
  openAccountSession,
  parseAccountList,
  readAccountTarget,
  readEventAccountTarget,
  readSpokeRole,
  sessionInAccount,
};
