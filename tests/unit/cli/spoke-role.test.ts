/**
 * `--spoke-role ROLE` with `--account ID` (or the event's account): forged values stop before any
 * AWS call, the home account comes from GetCallerIdentity and needs no role, and a member account's
 * calls really carry the assumed role's keys.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DescribeSecurityGroupsCommand, DescribeVpcEndpointsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { COMMANDS } from '../../../shared/cli/command-table.js';
import { useTempDirs } from '../../helpers/temp-dir.js';
import { runInMemory } from './run-in-memory.js';

const stsMock = mockClient(STSClient);
const ec2Mock = mockClient(EC2Client);
const lambdaMock = mockClient(LambdaClient);
const makeTempDir = useTempDirs();
const ENV = { AWS_REGION: 'eu-west-1' };
const HOME = '111111111111';
const MEMBER = '222222222222';
const ROLE = 'ecs-netfix-spoke';

/** The access key a client signed with, as the SDK resolved it. */
async function accessKeyOf(
  getClient: () => { config: { credentials: () => Promise<{ accessKeyId: string }> } }
): Promise<string> {
  return (await getClient().config.credentials()).accessKeyId;
}

function callerIs(arn: string): void {
  stsMock.on(GetCallerIdentityCommand).resolves({ Account: arn.split(':')[4], Arn: arn, UserId: 'AIDAEXAMPLE' });
}

function assumeRoleGives(accessKeyId: string): void {
  stsMock.on(AssumeRoleCommand).resolves({
    Credentials: {
      AccessKeyId: accessKeyId,
      SecretAccessKey: 'secret',
      SessionToken: 'token',
      Expiration: new Date(Date.now() + 3600_000),
    },
  });
}

describe('--spoke-role and --account', () => {
  const signedWith: string[] = [];

  beforeEach(() => {
    stsMock.reset();
    ec2Mock.reset();
    lambdaMock.reset();
    signedWith.length = 0;
    ec2Mock.on(DescribeVpcEndpointsCommand).callsFake(async (_input, getClient) => {
      signedWith.push(await accessKeyOf(getClient as never));
      return { VpcEndpoints: [] };
    });
    ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
  });
  afterEach(() => {
    stsMock.reset();
  });

  it.each([
    ['a short account', ['--account', '12345678901', '--spoke-role', ROLE], 'is not an AWS account id'],
    ['a long account', ['--account', '1234567890123', '--spoke-role', ROLE], 'is not an AWS account id'],
    ['letters in the account', ['--account', '12345678901a', '--spoke-role', ROLE], 'is not an AWS account id'],
    ['shell in the account', ['--account', '222222222222;id', '--spoke-role', ROLE], 'is not an AWS account id'],
    ['a path in the account', ['--account', '../222222222222', '--spoke-role', ROLE], 'is not an AWS account id'],
    ['a role with a slash', ['--account', MEMBER, '--spoke-role', 'admin/../root'], 'is not an IAM role name'],
    ['a role with a space', ['--account', MEMBER, '--spoke-role', 'a b'], 'is not an IAM role name'],
    ['a 65-character role', ['--account', MEMBER, '--spoke-role', 'r'.repeat(65)], 'is not an IAM role name'],
    ['a role ARN', ['--account', MEMBER, '--spoke-role', `arn:aws:iam::${MEMBER}:role/x`], "takes the role's name, not its ARN"],
    ['--account alone', ['--account', MEMBER], '--account needs --spoke-role'],
    ['--spoke-role alone', ['--spoke-role', ROLE], '--spoke-role needs --account'],
  ])('refuses %s with exit 2 before any AWS call', async (_what, flags, message) => {
    for (const command of [
      ['resources'],
      ['rollback', '--vpc', 'vpc-0abc'],
      ['check', '--cluster', 'prod'],
      ['scan'],
      ['diagnose', '--cluster', 'c', '--service', 's'],
    ]) {
      const result = await runInMemory([...command, ...flags], { env: ENV });

      expect({ command: command[0], code: result.code, stderr: result.stderr }).toEqual({
        command: command[0],
        code: 2,
        stderr: expect.stringContaining(message),
      });
    }
    expect(stsMock.calls()).toHaveLength(0);
    expect(ec2Mock.calls()).toHaveLength(0);
  });

  it('assumes the role in the member account and signs every call with its keys', async () => {
    callerIs(`arn:aws:sts::${HOME}:assumed-role/Admin/alice`);
    assumeRoleGives('ASIAMEMBER');

    const result = await runInMemory(['resources', '--account', MEMBER, '--spoke-role', ROLE], { env: ENV });

    expect(result.code).toBe(0);
    const assumed = stsMock.commandCalls(AssumeRoleCommand).map((call) => call.args[0].input);
    expect(assumed).toEqual([
      expect.objectContaining({ RoleArn: `arn:aws:iam::${MEMBER}:role/${ROLE}`, RoleSessionName: 'ecs-netfix-cli-resources' }),
    ]);
    expect(signedWith).toEqual(['ASIAMEMBER']);
  });

  it("takes the partition from the caller's ARN (aws-cn)", async () => {
    callerIs(`arn:aws-cn:sts::${HOME}:assumed-role/Admin/alice`);
    assumeRoleGives('ASIACHINA');

    await runInMemory(['resources', '--account', MEMBER, '--spoke-role', ROLE, '--region', 'cn-north-1'], { env: ENV });

    expect(stsMock.commandCalls(AssumeRoleCommand)[0]?.args[0].input.RoleArn).toBe(`arn:aws-cn:iam::${MEMBER}:role/${ROLE}`);
  });

  it('needs no role in its own account: the profile credentials are used as they are', async () => {
    callerIs(`arn:aws:iam::${HOME}:user/alice`);

    const result = await runInMemory(['resources', '--account', HOME, '--spoke-role', ROLE], {
      env: ENV,
    });

    expect(result.code).toBe(0);
    expect(stsMock.commandCalls(AssumeRoleCommand)).toHaveLength(0);
    expect(signedWith).toHaveLength(1);
    expect(signedWith[0]).not.toBe('ASIAMEMBER');
  });

  it('names the role when it cannot be assumed, exit 1, and makes no call in the account', async () => {
    callerIs(`arn:aws:iam::${HOME}:user/alice`);
    stsMock.on(AssumeRoleCommand).rejects(
      new STSServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
        message: `User: arn:aws:iam::${HOME}:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${MEMBER}:role/${ROLE}`,
      })
    );

    const result = await runInMemory(['resources', '--account', MEMBER, '--spoke-role', ROLE], { env: ENV });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`ecs-netfix resources: cannot assume arn:aws:iam::${MEMBER}:role/${ROLE} (AccessDenied)`);
    expect(result.stderr).toContain('fix: check that the spoke role exists in that account and trusts you');
    expect(ec2Mock.calls()).toHaveLength(0);
  });

  describe("with --event, the account is the event's", () => {
    async function eventFile(account: unknown): Promise<string> {
      const file = join(makeTempDir('netfix-spoke-'), 'event.json');
      const event = {
        version: '0',
        id: 'e1',
        'detail-type': 'ECS Task State Change',
        source: 'aws.ecs',
        ...(account === undefined ? {} : { account }),
        region: 'eu-west-1',
        detail: {
          lastStatus: 'STOPPED',
          taskArn: `arn:aws:ecs:eu-west-1:${MEMBER}:task/prod/abc`,
          clusterArn: `arn:aws:ecs:eu-west-1:${MEMBER}:cluster/prod`,
        },
      };
      await writeFile(file, JSON.stringify(event));
      return file;
    }

    it("invokes the function deployed in the event's account with the assumed keys", async () => {
      callerIs(`arn:aws:iam::${HOME}:user/alice`);
      assumeRoleGives('ASIAMEMBER');
      const keys: string[] = [];
      lambdaMock.on(InvokeCommand).callsFake(async (_input, getClient) => {
        keys.push(await accessKeyOf(getClient as never));
        return {
          StatusCode: 200,
          FunctionError: 'Unhandled',
          Payload: new TextEncoder().encode('{"errorType":"X","errorMessage":"y"}') as never,
        };
      });

      await runInMemory(['invoke', '--function', 'ecs-netfix', '--event', await eventFile(MEMBER), '--spoke-role', ROLE], {
        env: ENV,
      });

      expect(stsMock.commandCalls(AssumeRoleCommand)[0]?.args[0].input.RoleArn).toBe(`arn:aws:iam::${MEMBER}:role/${ROLE}`);
      expect(keys).toEqual(['ASIAMEMBER']);
    });

    it.each([
      ['a forged account', '2222222222222', 'is not an AWS account id'],
      ['an account that is a number', 222222222222, 'has no "account" field'],
      ['no account', undefined, 'has no "account" field'],
    ])('refuses an event with %s, exit 2, no AWS call', async (_what, account, message) => {
      for (const command of [['diagnose'], ['invoke', '--function', 'f']]) {
        const result = await runInMemory([...command, '--event', await eventFile(account), '--spoke-role', ROLE], { env: ENV });

        expect(result.code).toBe(2);
        expect(result.stderr).toContain(message);
      }
      expect(stsMock.calls()).toHaveLength(0);
      expect(lambdaMock.calls()).toHaveLength(0);
    });

    it('refuses --account next to --event rather than ignore one of them', async () => {
      const result = await runInMemory(
        ['diagnose', '--event', await eventFile(MEMBER), '--account', MEMBER, '--spoke-role', ROLE],
        { env: ENV }
      );

      expect(result.code).toBe(2);
      expect(result.stderr).toContain('--event names the account');
      expect(stsMock.calls()).toHaveLength(0);
    });
  });

  it('is offered by every command that calls AWS, and by none that does not', async () => {
    for (const command of COMMANDS) {
      const help = (await runInMemory([command.name, '--help'])).stdout;
      const callsAws = command.name !== 'classify';
      expect({
        command: command.name,
        spokeRole: help.includes('--spoke-role ROLE'),
        account: help.includes('--account ID'),
      }).toEqual({
        command: command.name,
        spokeRole: callsAws,
        account: callsAws,
      });
    }
  });
});
