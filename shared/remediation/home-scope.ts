/**
 * A single-account deployment acts only on its own account and region. A hub (issue 15) acts in
 * any region and in member accounts, but only in the allowed ones, and only when every part of
 * the request names the same account and region (the spoke credentials are chosen by it). Events that name another
 * account or region (in `account`/`region` or inside the cluster and task ARNs) are not ours: the
 * function's credentials would read and write its own account under a foreign name. Pure: checked
 * right after intake, before any AWS call, and answered as `invalid` (never retried).
 */
import { parseClusterArn, parseTaskArn } from '../intake/ecs-arn.js';
import type { NetfixRequest } from '../intake/request.js';
import type { Config } from '../config.js';
import type { ScopeVerdict } from './guardrails.js';

/** Hub mode: which member accounts the hub serves (empty: any account of the organisation). */
interface HubScope {
  allowedAccountIds: readonly string[];
}

/** Where the function runs. `accountId` is null when it is not known (then only the region is checked). */
interface Home {
  region: string;
  accountId: string | null;
  /** Set in hub mode (SPOKE_ROLE_NAME). */
  hub?: HubScope;
}

type Place = { what: string; region: string | null; accountId: string | null };

/** The account of a Lambda function ARN (`arn:aws:lambda:<region>:<account>:function:<name>[:alias]`). */
function accountOfFunctionArn(functionArn: string | undefined): string | null {
  const account = functionArn?.split(':')[4];
  return account !== undefined && /^\d{12}$/.test(account) ? account : null;
}

/** `aws`, `aws-cn`, `aws-us-gov` from any ARN; `aws` when it is not one. */
function partitionOfArn(arn: string | undefined): string {
  const partition = arn?.split(':')[1];
  return partition !== undefined && /^aws(-[a-z]+)*$/.test(partition) ? partition : 'aws';
}

/** The function's home from its settings and its own ARN: hub mode when SPOKE_ROLE_NAME is set. */
function homeOf(config: Pick<Config, 'region' | 'spokeRoleName' | 'allowedAccountIds'>, functionArn: string | undefined): Home {
  const home = { region: config.region, accountId: accountOfFunctionArn(functionArn) };
  return config.spokeRoleName === null ? home : { ...home, hub: { allowedAccountIds: config.allowedAccountIds } };
}

/** Every (what, region, account) a request names; null parts are not named. */
function placesNamedBy(request: NetfixRequest): Place[] {
  switch (request.kind) {
    case 'verify':
      return [{ what: 'verify request', region: request.region, accountId: null }];
    case 'lifecycle': {
      const cluster = parseClusterArn(request.clusterArn);
      return [
        { what: 'event', region: request.region, accountId: request.accountId },
        { what: 'clusterArn', region: cluster?.region ?? null, accountId: cluster?.accountId ?? null },
      ];
    }
    case 'ignored':
      return [];
    case 'diagnose': {
      const { task, lookup } = request;
      if (task === null) return [{ what: 'lookup', region: lookup?.region ?? null, accountId: null }];
      const cluster = parseClusterArn(task.clusterArn);
      const taskArn = parseTaskArn(task.taskArn);
      return [
        { what: 'event', region: task.region, accountId: task.accountId },
        { what: 'clusterArn', region: cluster?.region ?? null, accountId: cluster?.accountId ?? null },
        { what: 'taskArn', region: taskArn?.region ?? null, accountId: taskArn?.accountId ?? null },
      ];
    }
  }
}

function distinctNamed(places: Place[], part: 'region' | 'accountId'): string[] {
  return [...new Set(places.map((place) => place[part]).filter((value): value is string => value !== null))];
}

/**
 * The hub reads and writes with the credentials of the account the event names: a task or cluster
 * ARN of another account or region than the event would be handled under a foreign name.
 */
function checkHubScope(home: Home, hub: HubScope, places: Place[]): ScopeVerdict {
  const nothingDone = 'nothing was read or changed';
  const regions = distinctNamed(places, 'region');
  if (regions.length > 1) return { inScope: false, reason: `the request names regions ${regions.join(' and ')}: ${nothingDone}` };
  const accounts = distinctNamed(places, 'accountId');
  if (accounts.length > 1)
    return { inScope: false, reason: `the request names accounts ${accounts.join(' and ')}: ${nothingDone}` };
  const account = accounts[0];
  if (account === undefined || account === home.accountId) return { inScope: true };
  if (hub.allowedAccountIds.length > 0 && !hub.allowedAccountIds.includes(account)) {
    return { inScope: false, reason: `account ${account} is not in this hub's ALLOWED_ACCOUNT_IDS: ${nothingDone}` };
  }
  return { inScope: true };
}

/**
 * In scope when nothing in the request names another region or account than the function's; in
 * hub mode, when it names one allowed account and one region.
 */
function checkHomeScope(home: Home, request: NetfixRequest): ScopeVerdict {
  const places = placesNamedBy(request);
  if (home.hub !== undefined) return checkHubScope(home, home.hub, places);
  for (const place of places) {
    if (place.region !== null && place.region !== home.region) {
      return {
        inScope: false,
        reason: `${place.what} names region ${place.region}, but this deployment serves ${home.region} only: nothing was read or changed`,
      };
    }
    if (home.accountId !== null && place.accountId !== null && place.accountId !== home.accountId) {
      return {
        inScope: false,
        reason: `${place.what} names account ${place.accountId}, but this deployment serves account ${home.accountId} only: nothing was read or changed`,
      };
    }
  }
  return { inScope: true };
}

export { accountOfFunctionArn, checkHomeScope, homeOf, partitionOfArn };
export type { Home };
