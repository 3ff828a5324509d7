/**
 * What the chaos tests share: their own moto server (reset between cases, so each case starts from
 * an empty account), the fault proxy in front of it for the built bundle, a world, the function's
 * stack, and readers for what people were told (alerts) and what exists (the `resources` CLI).
 */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll } from '@jest/globals';
import { GetScheduleCommand, ListSchedulesCommand } from '@aws-sdk/client-scheduler';
import type { AwsClients } from '../../../shared/aws/clients.js';
import { createAwsClients } from '../../../shared/aws/clients.js';
import type { Inventory } from '../../../shared/cli/managed-inventory.js';
import { FaultProxy, resetMoto } from '../../helpers/fault-proxy.js';
import { type InvokeResult, invokeBundle } from '../../helpers/invoke-bundle.js';
import { createLocalStack, type LocalStack, type PublishedAlert } from '../../helpers/local-stack.js';
import { buildWorld, type World, type WorldSpec } from '../../helpers/moto-world.js';
import { runInMemory } from '../../unit/cli/run-in-memory.js';

interface MotoServer {
  url: string;
  stop: () => Promise<void>;
}

interface Chaos {
  moto: MotoServer;
  proxy: FaultProxy;
  clients: AwsClients;
  stop: () => Promise<void>;
}

/**
 * The function's time limit in the chaos runs. Cases with a held reply use HELD_TIMEOUT_MS: long
 * enough for a loaded machine to reach the writes, short enough that the held reply ends the run.
 */
const CHAOS_TIMEOUT_MS = 60_000;
const HELD_TIMEOUT_MS = 30_000;

async function startChaos(): Promise<Chaos> {
  // scripts/lib/moto.mjs is plain JS (no types): import it by URL.
  const { startMoto } = (await import(new URL('../../../scripts/lib/moto.mjs', import.meta.url).href)) as {
    startMoto: (options: { quiet: boolean }) => Promise<MotoServer>;
  };
  // The test runner's moto when there is one (integration files run one at a time, so resetting
  // it between cases is safe); otherwise a server of our own.
  const shared = process.env.NETFIX_MOTO_URL;
  const moto = shared ? { url: shared, stop: async () => {} } : await startMoto({ quiet: true });
  // This file's own clients (world building, reading back) talk to moto directly.
  process.env.AWS_ENDPOINT_URL = moto.url;
  process.env.NETFIX_MOTO_URL = moto.url;
  const proxy = await FaultProxy.start(moto.url);
  const clients = createAwsClients({ region: 'eu-west-1', maxAttempts: 1 });
  return {
    moto,
    proxy,
    clients,
    stop: async () => {
      await proxy.close();
      await moto.stop();
    },
  };
}

/** The world every chaos case starts from: two AZs, an ECR image, logs. */
const CHAOS_WORLD: WorldSpec = { azs: 2, taskDefinition: { image: 'ecr', awslogs: true } };

/** The function's environment for a live run whose AWS calls go through `proxyUrl`. */
function liveEnv(world: World, stack: LocalStack, proxyUrl: string, timeoutMs: number): Record<string, string> {
  return {
    ...stack.env,
    DRY_RUN: 'false',
    // The suite also proves that changes to a person's own S3 gateway are recorded and reversed
    // exactly: such changes happen only with the opt-in.
    ALLOW_USER_ENDPOINT_CHANGES: 'true',
    AWS_ENDPOINT_URL: proxyUrl,
    SELF_FUNCTION_ARN: `arn:aws:lambda:eu-west-1:${world.accountId}:function:ecs-netfix`,
    SCHEDULER_ROLE_ARN: `arn:aws:iam::${world.accountId}:role/ecs-netfix-scheduler`,
    VERIFY_DELAY_SECONDS: '90',
    NETFIX_INVOKE_TIMEOUT_MS: String(timeoutMs),
  };
}

interface Case {
  world: World;
  stack: LocalStack;
  env: Record<string, string>;
  /** Every alert published so far in this case (drained from the queue and kept). */
  alerts: PublishedAlert[];
  invoke: (events: unknown[]) => Promise<InvokeResult[]>;
  readAlerts: () => Promise<PublishedAlert[]>;
}

/** A clean account with a world and the function's stack; the bundle talks through the proxy. */
async function newCase(
  chaos: Chaos,
  spec: WorldSpec = {},
  timeoutMs = CHAOS_TIMEOUT_MS,
  extraEnv: Record<string, string> = {}
): Promise<Case> {
  await resetMoto(chaos.moto.url);
  chaos.proxy.reset();
  const world = await buildWorld(chaos.clients, { ...CHAOS_WORLD, ...spec });
  const stack = await createLocalStack(chaos.clients);
  const env = { ...liveEnv(world, stack, chaos.proxy.url, timeoutMs), ...extraEnv };
  const alerts: PublishedAlert[] = [];
  const readAlerts = async () => {
    alerts.push(...(await stack.readAlerts()));
    return alerts;
  };
  return { world, stack, env, alerts, readAlerts, invoke: (events) => invokeBundle(events, { env }) };
}

function textsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(textsOf);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(textsOf);
  return [];
}

/** The resource ids an alert says ecs-netfix created (its "✅ ...: created, `id`" lines). */
function createdInAlert(alert: PublishedAlert): string[] {
  const ids = new Set<string>();
  for (const text of textsOf(alert.message)) {
    for (const line of text.split('\n')) {
      if (!line.includes('✅')) continue;
      for (const match of line.matchAll(/: created, `((?:vpce|sg)-[0-9a-f]+)`/g)) if (match[1]) ids.add(match[1]);
    }
  }
  return [...ids];
}

function createdInAlerts(alerts: readonly PublishedAlert[]): string[] {
  return [...new Set(alerts.flatMap(createdInAlert))].sort();
}

function outcomesOf(alerts: readonly PublishedAlert[]): string[] {
  return alerts.map((alert) => alert.attributes.outcome ?? alert.attributes.kind ?? '?');
}

/** What `ecs-netfix resources --vpc` lists, straight from moto. */
async function listedResources(vpcId: string): Promise<string[]> {
  const result = await runInMemory(['resources', '--vpc', vpcId, '--json', '--region', 'eu-west-1']);
  if (result.code !== 0) throw new Error(`resources failed: ${result.stderr}`);
  return (JSON.parse(result.stdout) as Inventory).resources.map((row) => row.resourceId).sort();
}

/** The incident items of the case's table (raw DynamoDB attributes). */
async function incidentItems(chaos: Chaos, stack: LocalStack): Promise<Record<string, unknown>[]> {
  const scanned = await chaos.clients.dynamodb.send(new ScanCommand({ TableName: stack.tableName, ConsistentRead: true }));
  return (scanned.Items ?? []).map((item) => item as Record<string, unknown>);
}

async function verifySchedules(chaos: Chaos): Promise<string[]> {
  const listed = await chaos.clients.scheduler.send(new ListSchedulesCommand({ NamePrefix: 'ecs-netfix-verify-' }));
  return (listed.Schedules ?? []).map((schedule) => schedule.Name ?? '');
}

/** The verify schedules' payloads: what EventBridge Scheduler delivers at the time (moto runs no schedule). */
async function verifyPayloads(chaos: Chaos): Promise<unknown[]> {
  const payloads: unknown[] = [];
  for (const name of await verifySchedules(chaos)) {
    const detail = await chaos.clients.scheduler.send(new GetScheduleCommand({ Name: name }));
    payloads.push(JSON.parse(detail.Target?.Input ?? '{}'));
  }
  return payloads;
}

export {
  CHAOS_TIMEOUT_MS,
  CHAOS_WORLD,
  HELD_TIMEOUT_MS,
  createdInAlerts,
  incidentItems,
  listedResources,
  liveEnv,
  newCase,
  outcomesOf,
  startChaos,
  verifyPayloads,
  verifySchedules,
};
export type { Chaos };

/** The VPC's endpoints and security groups as a person sees them: ids, attachments, tags. */
async function vpcState(chaos: Pick<Chaos, 'clients'>, vpcId: string): Promise<{ endpoints: string[]; groups: string[] }> {
  const { DescribeVpcEndpointsCommand, DescribeSecurityGroupsCommand } = await import('@aws-sdk/client-ec2');
  const endpoints = await chaos.clients.ec2.send(
    new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] })
  );
  const groups = await chaos.clients.ec2.send(
    new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] })
  );
  const tagText = (tags: { Key?: string; Value?: string }[] | undefined) =>
    (tags ?? [])
      .map((tag) => `${tag.Key}=${tag.Value}`)
      .sort()
      .join(',');
  return {
    endpoints: (endpoints.VpcEndpoints ?? [])
      .filter((endpoint) => String(endpoint.State).toLowerCase() !== 'deleted')
      .map(
        (endpoint) =>
          `${endpoint.VpcEndpointId} ${endpoint.ServiceName} rtb=[${[...(endpoint.RouteTableIds ?? [])].sort().join(',')}] subnets=[${[...(endpoint.SubnetIds ?? [])].sort().join(',')}] tags=[${tagText(endpoint.Tags)}]`
      )
      .sort(),
    groups: (groups.SecurityGroups ?? [])
      .map((group) => `${group.GroupId} ${group.GroupName} tags=[${tagText(group.Tags)}]`)
      .sort(),
  };
}

/** Runs the CLI in this process against the proxy (so its calls can be faulted too). */
async function cliThroughProxy(chaos: Chaos, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const direct = process.env.AWS_ENDPOINT_URL;
  process.env.AWS_ENDPOINT_URL = chaos.proxy.url;
  try {
    return await runInMemory([...argv, '--region', 'eu-west-1']);
  } finally {
    process.env.AWS_ENDPOINT_URL = direct;
  }
}

/** A person's sqs endpoint that someone tagged ManagedBy=ecs-netfix by hand: never ours. */
async function createHandTaggedEndpoint(chaos: Pick<Chaos, 'clients'>, world: World): Promise<string> {
  const { CreateVpcEndpointCommand } = await import('@aws-sdk/client-ec2');
  const created = await chaos.clients.ec2.send(
    new CreateVpcEndpointCommand({
      VpcId: world.vpcId,
      ServiceName: 'com.amazonaws.eu-west-1.sqs',
      VpcEndpointType: 'Interface',
      SubnetIds: [world.privateSubnetIds[0] ?? ''],
      TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: [{ Key: 'ManagedBy', Value: 'ecs-netfix' }] }],
    })
  );
  return created.VpcEndpoint?.VpcEndpointId ?? '';
}

/** Starts moto and the proxy for the file, stops them after; `get()` inside the tests. */
function useChaos(): { get: () => Chaos } {
  let chaos: Chaos | null = null;
  beforeAll(async () => {
    chaos = await startChaos();
  }, 60_000);
  afterAll(async () => {
    await chaos?.stop();
  });
  return {
    get: () => {
      if (chaos === null) throw new Error('chaos not started');
      return chaos;
    },
  };
}

export { cliThroughProxy, createHandTaggedEndpoint, useChaos, vpcState };
