/**
 * What a live run settles before it reads the VPC it may change: the facts that decide where it
 * writes are AWS's (confirm-facts.ts), and it is the VPC's only writer (vpc-writer.ts). A dry run
 * writes nothing and skips both.
 */
import type { AwsClients } from '../aws/clients.js';
import type { Config } from '../config.js';
import { FactsDisagreeError } from '../errors.js';
import type { StoppedTask } from '../intake/request.js';
import { confirmTaskFacts } from './confirm-facts.js';
import { type VpcWriter, acquireVpcWriter } from './vpc-writer.js';

interface GuardOptions {
  dryRun: boolean;
  config: Pick<Config, 'stateTableName' | 'maxEndpointsPerRun' | 'allowedVpcIds'>;
  owner: string;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  signal?: AbortSignal;
}

interface GuardedRun {
  /** The task with AWS's cluster, service, task definition and subnet. */
  task: StoppedTask;
  /** Held until the run ends (null in a dry run, without a state table, or outside the allowlist). */
  writer: VpcWriter | null;
}

async function guardLiveRun(clients: AwsClients, task: StoppedTask, options: GuardOptions): Promise<GuardedRun> {
  if (options.dryRun) return { task, writer: null };
  const confirmation = await confirmTaskFacts(clients, task, options.signal);
  if (!confirmation.confirmed) throw new FactsDisagreeError(confirmation.disagreement, task.taskArn);
  const { vpcId } = confirmation;
  const { stateTableName, allowedVpcIds } = options.config;
  // Outside the allowlist nothing is written (the scope check says so once the VPC is read).
  const mayWrite = vpcId !== null && (allowedVpcIds.length === 0 || allowedVpcIds.includes(vpcId));
  if (!mayWrite || stateTableName === null) return { task: confirmation.task, writer: null };
  const writer = await acquireVpcWriter(clients.dynamodb, {
    table: stateTableName,
    region: confirmation.task.region,
    accountId: confirmation.task.accountId,
    vpcId,
    owner: options.owner,
    maxEndpointsPerWindow: options.config.maxEndpointsPerRun,
    now: options.now,
    sleep: options.sleep,
    signal: options.signal,
  });
  return { task: confirmation.task, writer };
}

export { guardLiveRun };
