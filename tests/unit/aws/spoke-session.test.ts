/**
 * Hub mode's member-account credentials: one AssumeRole per account while the credentials are
 * fresh, a new one before they expire, none for the hub's own account, and forged account ids or
 * role names refused before STS is asked.
 */
import { describe, expect, it } from '@jest/globals';
import {
  type AssumeRole,
  type SpokeCredentials,
  createSpokeSession,
  roleSessionName,
  spokeRoleArn,
} from '../../../shared/aws/spoke-session.js';

const HUB = '111111111111';
const MEMBER = '222222222222';

function fakeSts(clock: { now: Date }) {
  const asked: { roleArn: string; sessionName: string }[] = [];
  let serial = 0;
  const assumeRole: AssumeRole = async ({ roleArn, sessionName, durationSeconds }) => {
    asked.push({ roleArn, sessionName });
    serial += 1;
    const key = `ASIA${serial}`;
    await Promise.resolve(); // a real reply arrives later: concurrent callers overlap here
    const credentials: SpokeCredentials = {
      accessKeyId: key,
      secretAccessKey: 'secret',
      sessionToken: 'token',
      expiration: new Date(clock.now.getTime() + durationSeconds * 1000),
    };
    return credentials;
  };
  return { asked, assumeRole };
}

function sessionWith(clock: { now: Date }, sts: ReturnType<typeof fakeSts>) {
  return createSpokeSession({
    roleName: 'ecs-netfix-spoke',
    partition: 'aws',
    homeAccountId: HUB,
    assumeRole: sts.assumeRole,
    now: () => clock.now,
  });
}

describe('spoke session', () => {
  it('needs no role in the hub account', () => {
    const clock = { now: new Date('2026-12-02T06:00:00Z') };
    const sts = fakeSts(clock);
    expect(sessionWith(clock, sts).credentialsFor(HUB, 'inc-1')).toBeUndefined();
    expect(sts.asked).toEqual([]);
  });

  it('assumes the named role in the member account once, and reuses it while it is fresh', async () => {
    const clock = { now: new Date('2026-12-02T06:00:00Z') };
    const sts = fakeSts(clock);
    const session = sessionWith(clock, sts);

    const first = await session.credentialsFor(MEMBER, 'inc-1')?.();
    clock.now = new Date('2026-12-02T06:50:00Z'); // 10 minutes before the hour-long session ends
    const second = await session.credentialsFor(MEMBER, 'inc-2')?.();

    expect({ first: first?.accessKeyId, second: second?.accessKeyId, asked: sts.asked }).toEqual({
      first: 'ASIA1',
      second: 'ASIA1',
      asked: [{ roleArn: `arn:aws:iam::${MEMBER}:role/ecs-netfix-spoke`, sessionName: 'ecs-netfix-inc-1' }],
    });
  });

  it('asks again inside the refresh margin, before the credentials expire', async () => {
    const clock = { now: new Date('2026-12-02T06:00:00Z') };
    const sts = fakeSts(clock);
    const session = sessionWith(clock, sts);

    await session.credentialsFor(MEMBER, 'inc-1')?.();
    clock.now = new Date('2026-12-02T06:56:00Z'); // 4 minutes left < 5-minute margin
    const renewed = await session.credentialsFor(MEMBER, 'inc-2')?.();

    expect({ renewed: renewed?.accessKeyId, calls: sts.asked.length }).toEqual({ renewed: 'ASIA2', calls: 2 });
  });

  it('shares one AssumeRole between concurrent callers of one account, and keeps accounts apart', async () => {
    const clock = { now: new Date('2026-12-02T06:00:00Z') };
    const sts = fakeSts(clock);
    const session = sessionWith(clock, sts);

    const keys = await Promise.all([
      session.credentialsFor(MEMBER, 'a')?.(),
      session.credentialsFor(MEMBER, 'b')?.(),
      session.credentialsFor('333333333333', 'c')?.(),
    ]);

    expect({ keys: keys.map((credentials) => credentials?.accessKeyId), calls: sts.asked.length }).toEqual({
      keys: ['ASIA1', 'ASIA1', 'ASIA2'],
      calls: 2,
    });
  });

  it('does not cache a failure: the next call asks STS again', async () => {
    const clock = { now: new Date('2026-12-02T06:00:00Z') };
    let calls = 0;
    const session = createSpokeSession({
      roleName: 'ecs-netfix-spoke',
      partition: 'aws',
      homeAccountId: HUB,
      now: () => clock.now,
      assumeRole: async () => {
        calls += 1;
        if (calls === 1) throw Object.assign(new Error('not authorized'), { name: 'AccessDenied' });
        return { accessKeyId: 'ASIAOK', secretAccessKey: 's', sessionToken: 't', expiration: new Date('2026-12-02T07:00:00Z') };
      },
    });
    const provider = session.credentialsFor(MEMBER, 'x');

    await expect(provider?.()).rejects.toThrow('not authorized');
    expect((await provider?.())?.accessKeyId).toBe('ASIAOK');
  });

  it('refuses forged account ids and role names before asking STS', () => {
    const clock = { now: new Date('2026-12-02T06:00:00Z') };
    const sts = fakeSts(clock);
    const session = sessionWith(clock, sts);
    expect(() => session.credentialsFor('2222222222222', 'x')).toThrow('Not an AWS account id');
    expect(() => session.credentialsFor('22222222222a', 'x')).toThrow('Not an AWS account id');
    expect(() => spokeRoleArn('aws', MEMBER, 'role/../../admin')).toThrow('Not an IAM role name');
    expect(() => spokeRoleArn('aws', MEMBER, '')).toThrow('Not an IAM role name');
    expect(spokeRoleArn('aws-cn', MEMBER, 'ecs-netfix-spoke')).toBe(`arn:aws-cn:iam::${MEMBER}:role/ecs-netfix-spoke`);
    expect(sts.asked).toEqual([]);
  });

  it('makes a session name STS accepts from any label', () => {
    const name = roleSessionName(`inc:${'x'.repeat(80)} <script>`);
    expect({ valid: /^[\w+=,.@-]{2,64}$/.test(name), length: name.length }).toEqual({ valid: true, length: 64 });
    expect(roleSessionName('svc/a b')).toBe('ecs-netfix-svc-a-b');
  });
});
