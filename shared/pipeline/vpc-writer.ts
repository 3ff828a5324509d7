/**
 * Holds a VPC for one live run: waits for the VPC's lease (another leader may be fixing the same
 * VPC for another service), tells how many endpoints the VPC's window still allows, counts what
 * the run created, and gives the lease back. See shared/incidents/vpc-lease.ts for why.
 */
import type { AwsClients } from '../aws/clients.js';
import { addEndpointCount, readEndpointCount, releaseVpcLease, tryAcquireVpcLease } from '../aws/vpc-lease.js';
import { VpcBusyError, assertIsError } from '../errors.js';
import {
  type EndpointBudget,
  type VpcPlace,
  VPC_LEASE_MS,
  VPC_LEASE_POLL_MS,
  VPC_LEASE_WAIT_MS,
  endpointBudget,
  endpointWindowKey,
  expiresAtFor,
  vpcLeaseKey,
} from '../incidents/vpc-lease.js';
import { logger } from '../observability.js';
import type { ActionResult } from '../remediation/action.js';

interface VpcWriterOptions extends VpcPlace {
  table: string;
  /** This run (the Lambda request id): a lease is never shared, not even by a duplicate delivery. */
  owner: string;
  maxEndpointsPerWindow: number;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  signal?: AbortSignal;
}

interface VpcWriter {
  budget: EndpointBudget;
  /** Counts endpoints this run created against the VPC's window. */
  recordCreated: (count: number) => Promise<void>;
  release: () => Promise<void>;
}

/** Endpoints a run created (what the VPC's window counts). */
function countCreatedEndpoints(results: ActionResult[]): number {
  return results.filter(
    (result) =>
      result.status === 'created' &&
      (result.action.kind === 'create-interface-endpoint' || result.action.kind === 'create-gateway-endpoint')
  ).length;
}

async function acquireVpcWriter(ddb: AwsClients['dynamodb'], options: VpcWriterOptions): Promise<VpcWriter> {
  const { table, vpcId, owner, signal } = options;
  const place: VpcPlace = { region: options.region, accountId: options.accountId, vpcId };
  const key = vpcLeaseKey(place);
  const startedMs = options.now().getTime();
  for (;;) {
    const nowMs = options.now().getTime();
    const lease = { owner, nowMs, leaseUntil: nowMs + VPC_LEASE_MS, expiresAt: expiresAtFor(nowMs) };
    if (await tryAcquireVpcLease(ddb, key, lease, { table, signal })) break;
    if (nowMs - startedMs >= VPC_LEASE_WAIT_MS) throw new VpcBusyError(vpcId, nowMs - startedMs);
    await options.sleep(VPC_LEASE_POLL_MS);
  }
  const windowKey = endpointWindowKey(place, options.now().getTime());
  let created: number;
  try {
    created = await readEndpointCount(ddb, windowKey, { table, signal });
  } catch (error) {
    await releaseVpcLease(ddb, key, owner, { table }).catch(() => false);
    throw error;
  }
  return {
    budget: endpointBudget(options.maxEndpointsPerWindow, created, vpcId),
    recordCreated: async (count) => {
      if (count <= 0) return;
      // No abort signal: what was created must be counted even when the run is ending.
      await addEndpointCount(ddb, windowKey, count, expiresAtFor(options.now().getTime()), { table });
    },
    release: async () => {
      try {
        // No abort signal either: a lease left behind blocks the VPC until it expires.
        await releaseVpcLease(ddb, key, owner, { table });
      } catch (error) {
        assertIsError(error);
        logger.error('Releasing the VPC lease failed; it expires on its own', error);
      }
    },
  };
}

export { acquireVpcWriter, countCreatedEndpoints };
export type { VpcWriter };
