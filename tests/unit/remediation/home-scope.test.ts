import { describe, expect, it } from '@jest/globals';
import type { NetfixRequest } from '../../../shared/intake/request.js';
import { accountOfFunctionArn, checkHomeScope } from '../../../shared/remediation/home-scope.js';
import { aStoppedTask } from '../../helpers/snapshot-builder.js';

const HOME = { region: 'eu-west-1', accountId: '123456789012' };

function diagnose(overrides: Parameters<typeof aStoppedTask>[0] = {}): NetfixRequest {
  return { kind: 'diagnose', origin: 'eventbridge', dryRunRequested: null, task: aStoppedTask(overrides), lookup: null };
}

describe('checkHomeScope', () => {
  it('accepts an event of its own account and region', () => {
    expect(checkHomeScope(HOME, diagnose())).toEqual({ inScope: true });
  });

  it.each([
    ['the event account', diagnose({ accountId: '999999999999' }), /account 999999999999/],
    ['the event region', diagnose({ region: 'us-east-1' }), /region us-east-1/],
    [
      'the cluster ARN account',
      diagnose({ clusterArn: 'arn:aws:ecs:eu-west-1:999999999999:cluster/prod' }),
      /clusterArn names account/,
    ],
    [
      'the task ARN region',
      diagnose({ taskArn: 'arn:aws:ecs:eu-central-1:123456789012:task/prod/0123456789abcdef0' }),
      /taskArn names region eu-central-1/,
    ],
    [
      'a manual lookup region',
      {
        kind: 'diagnose',
        origin: 'manual-task',
        dryRunRequested: null,
        task: null,
        lookup: { region: 'ap-south-1', cluster: 'prod', taskArn: 'x' },
      },
      /lookup names region ap-south-1/,
    ],
    [
      'a verify request region',
      { kind: 'verify', origin: 'schedule', region: 'us-west-2', incident: { pk: 'p', sk: 's' }, attempt: 1 },
      /us-west-2/,
    ],
    [
      'a recovery event account',
      {
        kind: 'lifecycle',
        origin: 'eventbridge',
        signal: 'steady-state',
        region: 'eu-west-1',
        accountId: '111111111111',
        clusterArn: 'arn:aws:ecs:eu-west-1:111111111111:cluster/prod',
        clusterName: 'prod',
        serviceName: 'api',
        at: '2026-01-01T00:00:00Z',
      },
      /account 111111111111/,
    ],
  ] as [string, NetfixRequest, RegExp][])('rejects another place in %s', (_what, request, reason) => {
    const verdict = checkHomeScope(HOME, request);

    expect(verdict.inScope).toBe(false);
    expect(verdict.inScope ? '' : verdict.reason).toMatch(reason);
  });

  it('checks the region alone when the account is unknown', () => {
    const home = { region: 'eu-west-1', accountId: null };

    expect(checkHomeScope(home, diagnose({ accountId: '999999999999' }))).toEqual({ inScope: true });
    expect(checkHomeScope(home, diagnose({ region: 'us-east-1' })).inScope).toBe(false);
  });
});

describe('accountOfFunctionArn', () => {
  it('reads the account of a function ARN, with or without an alias', () => {
    expect(accountOfFunctionArn('arn:aws:lambda:eu-west-1:123456789012:function:netfix')).toBe('123456789012');
    expect(accountOfFunctionArn('arn:aws:lambda:eu-west-1:123456789012:function:netfix:live')).toBe('123456789012');
  });

  it('gives null for anything else', () => {
    expect(accountOfFunctionArn(undefined)).toBeNull();
    expect(accountOfFunctionArn('not-an-arn')).toBeNull();
  });
});

describe('checkHomeScope in hub mode', () => {
  const MEMBER = '210987654321';
  const hub = (allowedAccountIds: string[]) => ({ ...HOME, hub: { allowedAccountIds } });
  const fromAccount = (account: string, region = 'us-east-2') =>
    diagnose({
      accountId: account,
      region,
      clusterArn: `arn:aws:ecs:${region}:${account}:cluster/prod`,
      taskArn: `arn:aws:ecs:${region}:${account}:task/prod/0123456789abcdef0`,
    });

  it('serves a member account in any region when no list is set', () => {
    expect(checkHomeScope(hub([]), fromAccount(MEMBER))).toEqual({ inScope: true });
    expect(checkHomeScope(hub([]), fromAccount(HOME.accountId, 'ap-south-1'))).toEqual({ inScope: true });
  });

  it('serves a listed member account and always its own account', () => {
    expect(checkHomeScope(hub([MEMBER]), fromAccount(MEMBER))).toEqual({ inScope: true });
    expect(checkHomeScope(hub([MEMBER]), fromAccount(HOME.accountId))).toEqual({ inScope: true });
  });

  it('rejects an account outside ALLOWED_ACCOUNT_IDS, naming it', () => {
    const verdict = checkHomeScope(hub([MEMBER]), fromAccount('555555555555'));

    expect(verdict).toEqual({
      inScope: false,
      reason: expect.stringMatching(/account 555555555555 is not in this hub's ALLOWED_ACCOUNT_IDS/),
    });
  });

  it.each([
    [
      'a task ARN of another account',
      diagnose({ accountId: MEMBER, clusterArn: `arn:aws:ecs:eu-west-1:${MEMBER}:cluster/prod` }),
      /accounts 210987654321 and 123456789012/,
    ],
    [
      'a cluster ARN of another account',
      diagnose({ accountId: MEMBER, taskArn: `arn:aws:ecs:eu-west-1:${MEMBER}:task/prod/0123456789abcdef0` }),
      /accounts/,
    ],
    [
      'a task ARN of another region',
      diagnose({ taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/prod/0123456789abcdef0' }),
      /regions eu-west-1 and us-east-1/,
    ],
  ] as [string, NetfixRequest, RegExp][])('rejects a forged event: %s', (_what, request, reason) => {
    const verdict = checkHomeScope(hub([]), request);

    expect(verdict.inScope).toBe(false);
    expect(verdict.inScope ? '' : verdict.reason).toMatch(reason);
  });

  it('still rejects a member account when hub mode is off', () => {
    expect(checkHomeScope(HOME, fromAccount(MEMBER, 'eu-west-1')).inScope).toBe(false);
  });
});
