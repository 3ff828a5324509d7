/**
 * `scan --all-accounts` / `--accounts` with the AWS answers moto cannot give: ListAccounts denied
 * outside the management account, accounts in every lifecycle State, several pages, and a member
 * account whose role cannot be assumed (a row with its error, never a crash).
 */
import { ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
import {
  AccessDeniedException,
  AWSOrganizationsNotInUseException,
  ListAccountsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { activeAccounts, listActiveAccounts } from '../../../shared/aws/organizations.js';
import type { FleetScan } from '../../../shared/cli/fleet-scan.js';
import { runInMemory } from './run-in-memory.js';

const stsMock = mockClient(STSClient);
const organizationsMock = mockClient(OrganizationsClient);
const ecsMock = mockClient(ECSClient);
const ENV = { AWS_REGION: 'eu-west-1' };
const HOME = '111111111111';
const ROLE = 'ecs-netfix-spoke';

function denied(account: string): STSServiceException {
  return new STSServiceException({
    name: 'AccessDenied',
    $fault: 'client',
    $metadata: { httpStatusCode: 403 },
    message: `User: arn:aws:iam::${HOME}:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${account}:role/${ROLE}`,
  });
}

describe('the ACTIVE accounts of the organization', () => {
  it('keeps only State ACTIVE, and reads the retired Status only when State is absent', () => {
    const accounts = activeAccounts([
      { Id: '000000000001', Name: 'active', State: 'ACTIVE', Status: 'ACTIVE' },
      { Id: '000000000002', State: 'SUSPENDED', Status: 'ACTIVE' },
      { Id: '000000000003', State: 'PENDING_CLOSURE' },
      { Id: '000000000004', State: 'CLOSED' },
      { Id: '000000000005', State: 'PENDING_ACTIVATION' },
      { Id: '000000000006', Status: 'ACTIVE' },
      { Id: '000000000007', Status: 'SUSPENDED' },
      { State: 'ACTIVE' },
    ]);

    expect(accounts).toEqual([
      { id: '000000000001', name: 'active' },
      { id: '000000000006', name: null },
    ]);
  });

  it('reads every page', async () => {
    organizationsMock.reset();
    organizationsMock
      .on(ListAccountsCommand, { NextToken: undefined })
      .resolves({ Accounts: [{ Id: '000000000001', State: 'ACTIVE' }], NextToken: 'page-2' })
      .on(ListAccountsCommand, { NextToken: 'page-2' })
      .resolves({
        Accounts: [
          { Id: '000000000002', State: 'ACTIVE' },
          { Id: '000000000003', State: 'SUSPENDED' },
        ],
      });

    const accounts = await listActiveAccounts(new OrganizationsClient({ region: 'us-east-1' }));

    expect(accounts.map((account) => account.id)).toEqual(['000000000001', '000000000002']);
    expect(organizationsMock.commandCalls(ListAccountsCommand)).toHaveLength(2);
  });
});

describe('scan across accounts', () => {
  beforeEach(() => {
    stsMock.reset();
    organizationsMock.reset();
    ecsMock.reset();
    stsMock.on(GetCallerIdentityCommand).resolves({ Account: HOME, Arn: `arn:aws:iam::${HOME}:user/alice` });
    ecsMock.on(ListClustersCommand).resolves({ clusterArns: [] });
  });

  it.each([
    [['--all-accounts'], '--all-accounts needs --spoke-role ROLE'],
    [['--accounts', '222222222222'], '--accounts needs --spoke-role ROLE'],
    [['--all-accounts', '--accounts', '222222222222', '--spoke-role', ROLE], 'give --all-accounts or --accounts, not both'],
    [['--all-accounts', '--account', '222222222222', '--spoke-role', ROLE], 'give --all-accounts or --account, not both'],
    [['--accounts', '222222222222,22222222222x', '--spoke-role', ROLE], 'in --accounts, "22222222222x" is not an AWS account id'],
    [['--accounts', ',,', '--spoke-role', ROLE], '--accounts needs at least one account id'],
    [['--accounts', '222222222222', '--spoke-role', 'x/y'], 'is not an IAM role name'],
    [['--regions', 'eu-west-1,moon-base'], 'in --regions, "moon-base" is not an AWS region name'],
  ])('refuses %j with exit 2 before any AWS call', async (flags, message) => {
    const result = await runInMemory(['scan', ...flags], { env: ENV });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect([...stsMock.calls(), ...organizationsMock.calls(), ...ecsMock.calls()]).toHaveLength(0);
  });

  it('says in one line that ListAccounts answers only in the management account', async () => {
    organizationsMock.on(ListAccountsCommand).rejects(
      new AccessDeniedException({
        $metadata: { httpStatusCode: 400 },
        message: "You don't have permissions to access this resource.",
      })
    );

    const result = await runInMemory(['scan', '--all-accounts', '--spoke-role', ROLE], { env: ENV });

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'ecs-netfix scan: organizations:ListAccounts was denied: it answers only in the management account or a delegated administrator\n' +
        '  fix: run it with a profile of the management account (or a delegated administrator), or name the accounts with --accounts ID,ID\n'
    );
    expect(stsMock.commandCalls(AssumeRoleCommand)).toHaveLength(0);
    expect(ecsMock.calls()).toHaveLength(0);
  });

  it('says when the account is in no organization', async () => {
    organizationsMock.on(ListAccountsCommand).rejects(
      new AWSOrganizationsNotInUseException({
        $metadata: { httpStatusCode: 400 },
        message: 'Your account is not a member of an organization.',
      })
    );

    const result = await runInMemory(['scan', '--all-accounts', '--spoke-role', ROLE], { env: ENV });

    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')[0]).toBe(
      'ecs-netfix scan: the account is not in an AWS organization, so there are no accounts to list'
    );
  });

  it('makes a row of an account whose role cannot be assumed, scans the others, and exits 1', async () => {
    stsMock.on(AssumeRoleCommand, { RoleArn: `arn:aws:iam::333333333333:role/${ROLE}` }).rejects(denied('333333333333'));
    stsMock.on(AssumeRoleCommand, { RoleArn: `arn:aws:iam::222222222222:role/${ROLE}` }).resolves({
      Credentials: { AccessKeyId: 'ASIAB', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3600_000) },
    });
    organizationsMock.on(ListAccountsCommand).resolves({
      Accounts: [
        { Id: HOME, State: 'ACTIVE' },
        { Id: '222222222222', State: 'ACTIVE' },
        { Id: '333333333333', State: 'ACTIVE' },
        { Id: '444444444444', State: 'SUSPENDED' },
      ],
    });

    const json = await runInMemory(
      ['scan', '--all-accounts', '--spoke-role', ROLE, '--regions', 'eu-west-1,us-east-1', '--json'],
      { env: ENV }
    );
    const text = await runInMemory(['scan', '--all-accounts', '--spoke-role', ROLE, '--regions', 'eu-west-1,us-east-1'], {
      env: ENV,
    });

    expect(json.code).toBe(1);
    const scan = JSON.parse(json.stdout) as FleetScan;
    expect(scan.accounts).toEqual([HOME, '222222222222', '333333333333']);
    expect(scan.errors).toEqual(
      ['eu-west-1', 'us-east-1'].map((region) => ({
        account: '333333333333',
        region,
        error: `cannot assume arn:aws:iam::333333333333:role/${ROLE} (AccessDenied)`,
      }))
    );
    // Home (no role) and 222222222222 were scanned in both regions: ListClusters 4 times per run, two runs.
    expect(ecsMock.commandCalls(ListClustersCommand)).toHaveLength(8);
    // One AssumeRole per account and run, whatever the number of regions (the role of the home account is never assumed).
    const assumed = stsMock.commandCalls(AssumeRoleCommand).map((call) => call.args[0].input.RoleArn);
    expect(assumed.filter((arn) => arn?.includes('222222222222'))).toHaveLength(2);
    expect(assumed.some((arn) => arn?.includes(HOME))).toBe(false);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(
      /^333333333333\s+eu-west-1\s+✘ not scanned\s+-\s+-\s+cannot assume arn:aws:iam::333333333333:role\/ecs-netfix-spoke \(AccessDenied\)$/m
    );
    expect(text.stdout).toContain('4 account-regions scanned (3 accounts x 2 regions); 2 could not be scanned.');
  });

  it("scans the caller's own account in several regions without any role", async () => {
    const result = await runInMemory(['scan', '--regions', 'eu-west-1,eu-central-1', '--json'], { env: ENV });

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      accounts: [HOME],
      regions: ['eu-west-1', 'eu-central-1'],
      results: [],
      errors: [],
    });
    expect(stsMock.commandCalls(AssumeRoleCommand)).toHaveLength(0);
    expect(organizationsMock.calls()).toHaveLength(0);
  });
});
