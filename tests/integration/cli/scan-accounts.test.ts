/**
 * `scan --all-accounts` / `--accounts` against moto, which keeps accounts apart: credentials from
 * AssumeRole on a role in account B act in account B. The CLI runs as a fresh management account
 * (its own organization, so no other test's state is read), two member accounts hold different
 * services, a third is closed. Every row must carry the account that really holds the service.
 */
import { randomInt } from 'node:crypto';
import {
  CloseAccountCommand,
  CreateAccountCommand,
  CreateOrganizationCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createAwsClients } from '../../../shared/aws/clients.js';
import type { FleetScan } from '../../../shared/cli/fleet-scan.js';
import { buildWorld } from '../../helpers/moto-world.js';
import type { World } from '../../helpers/moto-world.js';
import { requireMoto } from '../../helpers/moto.js';
import { runInMemory } from '../../unit/cli/run-in-memory.js';

const REGION = 'eu-west-1';
const ROLE = 'ecs-netfix-spoke';

interface Keys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

/** moto maps AssumeRole's keys to the account in the role ARN; no trust policy is evaluated. */
async function keysFor(accountId: string): Promise<Keys> {
  const sts = new STSClient({ region: REGION });
  const reply = await sts.send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${ROLE}`, RoleSessionName: 'test-setup' })
  );
  const credentials = reply.Credentials;
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !credentials.SessionToken || !credentials.Expiration)
    throw new Error('no keys');
  return {
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    sessionToken: credentials.SessionToken,
    expiration: credentials.Expiration,
  };
}

describe('ecs-netfix scan across accounts (moto)', () => {
  const savedEnv = { ...process.env };
  const management = `9${String(randomInt(10 ** 10, 10 ** 11 - 1))}0`.slice(0, 12);
  let memberB: string;
  let memberC: string;
  let closedD: string;
  let worldB: World;
  let worldC: World;

  beforeAll(async () => {
    requireMoto();
    const managementKeys = await keysFor(management);
    const organizations = new OrganizationsClient({ region: 'us-east-1', credentials: managementKeys });
    await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const created: string[] = [];
    for (const name of ['team-b', 'team-c', 'team-d']) {
      const reply = await organizations.send(
        new CreateAccountCommand({ AccountName: name, Email: `${name}-${management}@example.com` })
      );
      created.push(reply.CreateAccountStatus?.AccountId ?? '');
    }
    [memberB = '', memberC = '', closedD = ''] = created;
    await organizations.send(new CloseAccountCommand({ AccountId: closedD }));

    // B misses the CloudWatch Logs endpoint; C has every endpoint it needs.
    const [keysB, keysC] = await Promise.all([keysFor(memberB), keysFor(memberC)]);
    [worldB, worldC] = await Promise.all([
      buildWorld(createAwsClients({ region: REGION, maxAttempts: 1, credentials: async () => keysB }), {
        name: 'fleet-b',
        interfaceEndpoints: { services: ['ecr.api', 'ecr.dkr'] },
        s3Gateway: { on: 'private' },
      }),
      buildWorld(createAwsClients({ region: REGION, maxAttempts: 1, credentials: async () => keysC }), {
        name: 'fleet-c',
        interfaceEndpoints: { services: ['ecr.api', 'ecr.dkr', 'logs'] },
        s3Gateway: { on: 'private' },
      }),
    ]);

    // The CLI runs as the management account, the way a person's profile would.
    process.env.AWS_ACCESS_KEY_ID = managementKeys.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = managementKeys.secretAccessKey;
    process.env.AWS_SESSION_TOKEN = managementKeys.sessionToken;
    // Two moto worlds: slow on a busy machine, and a limit on set-up only, never on what is measured.
  }, 300_000);

  afterAll(() => {
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) {
      if (savedEnv[name] === undefined) delete process.env[name];
      else process.env[name] = savedEnv[name];
    }
  });

  it('built each world in its own account', () => {
    expect(worldB.accountId).toBe(memberB);
    expect(worldC.accountId).toBe(memberC);
    expect(new Set([management, memberB, memberC]).size).toBe(3);
  });

  it('lists the ACTIVE accounts of the organization and puts the right account in every row', async () => {
    const result = await runInMemory(['scan', '--all-accounts', '--spoke-role', ROLE, '--region', REGION, '--json']);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const scan = JSON.parse(result.stdout) as FleetScan;
    expect([...scan.accounts].sort()).toEqual([management, memberB, memberC].sort());
    expect(scan.accounts).not.toContain(closedD);
    expect(scan.errors).toEqual([]);
    const rowB = scan.results.find((row) => row.cluster === worldB.clusterName);
    const rowC = scan.results.find((row) => row.cluster === worldC.clusterName);
    expect(rowB).toMatchObject({
      account: memberB,
      region: REGION,
      service: worldB.serviceName,
      status: 'would-fail',
      vpcId: worldB.vpcId,
    });
    expect(rowB?.findings.map((finding) => finding.code)).toContain('LOGS_ENDPOINT_MISSING');
    expect(rowC).toMatchObject({
      account: memberC,
      region: REGION,
      service: worldC.serviceName,
      status: 'ready',
      vpcId: worldC.vpcId,
    });
    // Each account shows only its own services: B's cluster never appears under C or the management account.
    expect(scan.results.filter((row) => row.cluster === worldB.clusterName).map((row) => row.account)).toEqual([memberB]);
    expect(scan.results.filter((row) => row.cluster === worldC.clusterName).map((row) => row.account)).toEqual([memberC]);
    expect(scan.results.filter((row) => row.account === management)).toEqual([]);
  });

  it('prints one table with the account and region in every row for --accounts', async () => {
    const result = await runInMemory(['scan', '--accounts', `${memberC},${memberB}`, '--spoke-role', ROLE, '--regions', REGION]);

    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^ACCOUNT\s+REGION\s+STATUS\s+CLUSTER\s+SERVICE\s+WHY/);
    const lineB = lines.find((line) => line.includes(worldB.clusterName));
    const lineC = lines.find((line) => line.includes(worldC.clusterName));
    expect(lineB).toMatch(
      new RegExp(
        `^${memberB}\\s+${REGION}\\s+✘ would fail\\s+${worldB.clusterName}\\s+${worldB.serviceName}\\s+.*LOGS_ENDPOINT_MISSING`
      )
    );
    expect(lineC).toMatch(new RegExp(`^${memberC}\\s+${REGION}\\s+✔ ready\\s+${worldC.clusterName}`));
    expect(result.stdout).toContain('2 account-regions scanned (2 accounts x 1 region). 1 service would fail to start; 1 ready.');
  });
});
