/**
 * Which account and region each client of a run talks to (issue 15): the task's clients in the
 * event's account and region (member accounts through the spoke role), the hub's state always in
 * the hub's own account and region, one set of clients per account and region.
 */
import { describe, expect, it } from '@jest/globals';
import { createClientDirectory } from '../../../shared/aws/client-directory.js';
import { type AwsClients, type ClientOptions, createAwsClients } from '../../../shared/aws/clients.js';
import { type AssumeRole, createSpokeSession } from '../../../shared/aws/spoke-session.js';

const HUB = '111111111111';
const MEMBER = '222222222222';
const OTHER_MEMBER = '333333333333';

function recordingBuild() {
  const built: { options: ClientOptions; clients: AwsClients }[] = [];
  const build = (options: ClientOptions) => {
    const clients = createAwsClients({ ...options, maxAttempts: 1 });
    built.push({ options, clients });
    return clients;
  };
  const optionsOf = (clients: AwsClients) => built.find((entry) => entry.clients.ec2 === clients.ec2)?.options;
  return { built, build, optionsOf };
}

function hubDirectory(asked: { roleArn: string; sessionName: string }[] = []) {
  const assumeRole: AssumeRole = async ({ roleArn, sessionName }) => {
    asked.push({ roleArn, sessionName });
    return {
      accessKeyId: `ASIA-${roleArn.split(':')[4]}`,
      secretAccessKey: 's',
      sessionToken: 't',
      expiration: new Date('2099-01-01T00:00:00Z'),
    };
  };
  const spoke = createSpokeSession({
    roleName: 'ecs-netfix-spoke',
    partition: 'aws',
    homeAccountId: HUB,
    assumeRole,
    now: () => new Date('2026-12-02T00:00:00Z'),
  });
  const recorder = recordingBuild();
  const clientsFor = createClientDirectory({ homeRegion: 'eu-west-1', homeAccountId: HUB, spoke, build: recorder.build });
  return { clientsFor, ...recorder };
}

describe('createClientDirectory', () => {
  it('reads and writes a member account with its spoke credentials in the event region, and keeps the state at home', async () => {
    const asked: { roleArn: string; sessionName: string }[] = [];
    const { clientsFor, optionsOf } = hubDirectory(asked);
    const home = clientsFor('eu-west-1');

    const member = clientsFor('us-east-2', { accountId: MEMBER, sessionLabel: 'task-0123abcd' });

    expect(optionsOf(member)).toMatchObject({ region: 'us-east-2', credentials: expect.any(Function) });
    expect(await optionsOf(member)?.credentials?.()).toMatchObject({ accessKeyId: `ASIA-${MEMBER}` });
    expect(asked).toEqual([{ roleArn: `arn:aws:iam::${MEMBER}:role/ecs-netfix-spoke`, sessionName: 'ecs-netfix-task-0123abcd' }]);
    for (const name of ['ec2', 'ecs', 'iam', 'route53', 'efs'] as const) expect(member[name]).not.toBe(home[name]);
    for (const name of ['dynamodb', 'sns', 'events', 'scheduler'] as const) expect(member[name]).toBe(home[name]);
    expect(optionsOf(home)).toEqual({ region: 'eu-west-1' });
  });

  it('builds one set per account and region, and never shares one between accounts', () => {
    const { clientsFor, built } = hubDirectory();

    const first = clientsFor('eu-west-1', { accountId: MEMBER, sessionLabel: 'task-a' });
    const again = clientsFor('eu-west-1', { accountId: MEMBER, sessionLabel: 'task-b' });
    const otherAccount = clientsFor('eu-west-1', { accountId: OTHER_MEMBER, sessionLabel: 'task-c' });
    const otherRegion = clientsFor('us-east-1', { accountId: MEMBER, sessionLabel: 'task-d' });

    expect(again.ec2).toBe(first.ec2);
    expect(otherAccount.ec2).not.toBe(first.ec2);
    expect(otherRegion.ec2).not.toBe(first.ec2);
    // home state + three workload sets
    expect(built).toHaveLength(4);
  });

  it('uses its own credentials for its own account, named or not, in any region', () => {
    const { clientsFor, optionsOf } = hubDirectory();

    expect(optionsOf(clientsFor('ap-south-1', { accountId: HUB, sessionLabel: 'task-x' }))).toEqual({ region: 'ap-south-1' });
    expect(optionsOf(clientsFor('ap-south-1', { accountId: null, sessionLabel: 'task-x' }))).toEqual({ region: 'ap-south-1' });
  });

  it('names the run in progress when a cached member client asks STS again', async () => {
    const asked: { roleArn: string; sessionName: string }[] = [];
    const { clientsFor, optionsOf } = hubDirectory(asked);
    const first = clientsFor('eu-west-1', { accountId: MEMBER, sessionLabel: 'task-first' });

    clientsFor('eu-west-1', { accountId: MEMBER, sessionLabel: 'verify-web' });
    await optionsOf(first)?.credentials?.();

    expect(asked.map((call) => call.sessionName)).toEqual(['ecs-netfix-verify-web']);
  });

  it('refuses a foreign account when hub mode is off instead of using its own credentials under that name', () => {
    const recorder = recordingBuild();
    const clientsFor = createClientDirectory({ homeRegion: 'eu-west-1', homeAccountId: HUB, spoke: null, build: recorder.build });

    expect(() => clientsFor('eu-west-1', { accountId: MEMBER, sessionLabel: 'task-a' })).toThrow(
      /Account 222222222222 is not this function's account and hub mode is off/
    );
  });
});
