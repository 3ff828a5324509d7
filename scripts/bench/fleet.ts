/**
 * The scale figure of issue 15: `ecs-netfix scan` over 50 accounts x 2 regions x 20 services on
 * moto, counting every AWS call by operation (the CLI's call ledger; STS and Organizations record
 * themselves). The same world also serves the growth figures: 10 vs 20 services per
 * account-region (two clusters in the same VPC) and 25 vs 50 accounts. Calls, never time.
 *
 *   node --import tsx scripts/bench/fleet.ts OUT.json     (scripts/bench.mjs runs it on moto)
 */
import { randomInt } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand } from '@aws-sdk/client-ec2';
import { CreateClusterCommand, CreateServiceCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { withCallLedger } from '../../shared/aws/call-ledger.js';
import { type AwsClients, createAwsClients } from '../../shared/aws/clients.js';
import type { SpokeCredentials } from '../../shared/aws/spoke-session.js';
import { mapLimited } from '../../shared/cli/map-limited.js';
import { runCli } from '../../shared/cli/run-cli.js';
import type { FleetScan } from '../../shared/cli/fleet-scan.js';
import { clearGatherCaches } from '../../shared/inspect/gather.js';

/** 50 (the figure); BENCH_FLEET_ACCOUNTS=N for a quicker look (an even number). */
const ACCOUNTS = Number(process.env.BENCH_FLEET_ACCOUNTS ?? 50);
const REGIONS = ['eu-west-1', 'us-east-1'];
/** Two clusters per account-region, both in its one VPC: `c20` (20 services) and `c10` (10). */
const CLUSTERS = { c20: 20, c10: 10 } as const;
const ROLE = 'ecs-netfix-spoke';
const BUILD_CONCURRENCY = 8;

async function keysFor(accountId: string): Promise<SpokeCredentials> {
  const sts = new STSClient({ region: REGIONS[0] });
  const reply = await sts.send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${ROLE}`, RoleSessionName: 'bench-setup' })
  );
  const c = reply.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) throw new Error('AssumeRole gave no keys');
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
    expiration: c.Expiration,
  };
}

/** One VPC, two subnets, one security group, one task definition, the two clusters and their services: the fewest calls moto needs. */
async function buildAccountRegion(clients: AwsClients, region: string): Promise<number> {
  const vpc = await clients.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
  const vpcId = vpc.Vpc?.VpcId ?? '';
  const subnets = await Promise.all(
    ['a', 'b'].map((az, index) =>
      clients.ec2.send(
        new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.0.${index}.0/24`, AvailabilityZone: `${region}${az}` })
      )
    )
  );
  const group = await clients.ec2.send(
    new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'bench-task', Description: 'bench task' })
  );
  const definition = await clients.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'bench',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'app', image: 'public.ecr.aws/nginx/nginx:latest', memory: 512, essential: true }],
    })
  );
  const network = {
    awsvpcConfiguration: {
      subnets: subnets.map((subnet) => subnet.Subnet?.SubnetId ?? ''),
      securityGroups: [group.GroupId ?? ''],
      assignPublicIp: 'DISABLED' as const,
    },
  };
  let services = 0;
  for (const [cluster, count] of Object.entries(CLUSTERS)) {
    await clients.ecs.send(new CreateClusterCommand({ clusterName: cluster }));
    await mapLimited(
      Array.from({ length: count }, (_, index) => index),
      4,
      async (index) => {
        await clients.ecs.send(
          new CreateServiceCommand({
            cluster,
            serviceName: `svc-${index}`,
            taskDefinition: definition.taskDefinition?.taskDefinitionArn ?? '',
            desiredCount: 1,
            launchType: 'FARGATE',
            networkConfiguration: network,
          })
        );
        services += 1;
      }
    );
  }
  return services;
}

function memoryStream() {
  const chunks: string[] = [];
  return { isTTY: false, write: (chunk: string) => chunks.push(chunk) > 0, text: () => chunks.join('') };
}

interface ScanFigure {
  label: string;
  accounts: number;
  regions: number;
  servicesPerAccountRegion: number;
  services: number;
  errors: number;
  total: number;
  byOperation: Record<string, number>;
}

async function scanOnce(label: string, accounts: string[], cluster: keyof typeof CLUSTERS): Promise<ScanFigure> {
  // Every run starts cold: the task-definition, subnet and VPC caches of the process would flatter later runs.
  clearGatherCaches();
  const stdout = memoryStream();
  const stderr = memoryStream();
  const argv = [
    'scan',
    '--accounts',
    accounts.join(','),
    '--spoke-role',
    ROLE,
    '--regions',
    REGIONS.join(','),
    '--cluster',
    cluster,
    '--json',
  ];
  const { result: code, ledger } = await withCallLedger(() =>
    runCli(argv, { stdin: process.stdin, stdout, stderr, env: { ...process.env, NO_COLOR: '1' } })
  );
  if (code === 2 || stdout.text() === '') throw new Error(`scan failed (${code}): ${stderr.text()}`);
  const scan = JSON.parse(stdout.text()) as FleetScan;
  return {
    label,
    accounts: accounts.length,
    regions: REGIONS.length,
    servicesPerAccountRegion: CLUSTERS[cluster],
    services: scan.results.length,
    errors: scan.errors.length,
    total: ledger.total,
    byOperation: ledger.byOperation(),
  };
}

async function main(): Promise<void> {
  const out = process.argv[2];
  if (!out) throw new Error('usage: fleet.ts OUT.json');
  const base = randomInt(100_000, 999_999);
  const accounts = Array.from({ length: ACCOUNTS }, (_, index) => `${base}${String(index).padStart(6, '0')}`);
  const buildStart = performance.now();
  const units = accounts.flatMap((account) => REGIONS.map((region) => ({ account, region })));
  const keys = new Map<string, Promise<SpokeCredentials>>();
  const built = await mapLimited(units, BUILD_CONCURRENCY, async ({ account, region }) => {
    let provider = keys.get(account);
    if (provider === undefined) {
      provider = keysFor(account);
      keys.set(account, provider);
    }
    const credentials = await provider;
    return buildAccountRegion(createAwsClients({ region, maxAttempts: 3, credentials: async () => credentials }), region);
  });
  const buildMs = performance.now() - buildStart;
  const scans = [
    await scanOnce(`${ACCOUNTS} accounts x 2 regions x 20 services`, accounts, 'c20'),
    await scanOnce(`${ACCOUNTS} accounts x 2 regions x 10 services`, accounts, 'c10'),
    await scanOnce(`${ACCOUNTS / 2} accounts x 2 regions x 20 services`, accounts.slice(0, ACCOUNTS / 2), 'c20'),
  ];
  writeFileSync(out, JSON.stringify({ buildMs, servicesBuilt: built.reduce((sum, count) => sum + count, 0), scans }, null, 2));
}

await main();
