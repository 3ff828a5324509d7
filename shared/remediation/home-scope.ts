/**
 * A single-account deployment acts only on its own account and region. Events that name another
 * account or region (in `account`/`region` or inside the cluster and task ARNs) are not ours: the
 * function's credentials would read and write its own account under a foreign name. Pure: checked
 * right after intake, before any AWS call, and answered as `invalid` (never retried).
 */
import { parseClusterArn, parseTaskArn } from '../intake/ecs-arn.js';
import type { NetfixRequest } from '../intake/request.js';
import type { ScopeVerdict } from './guardrails.js';

/** Where the function runs. `accountId` is null when it is not known (then only the region is checked). */
interface Home {
  region: string;
  accountId: string | null;
}

/** The account of a Lambda function ARN (`arn:aws:lambda:<region>:<account>:function:<name>[:alias]`). */
function accountOfFunctionArn(functionArn: string | undefined): string | null {
  const account = functionArn?.split(':')[4];
  return account !== undefined && /^\d{12}$/.test(account) ? account : null;
}

/** Every (what, region, account) a request names; null parts are not named. */
function placesNamedBy(request: NetfixRequest): { what: string; region: string | null; accountId: string | null }[] {
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

/** In scope when nothing in the request names another region or account than the function's. */
function checkHomeScope(home: Home, request: NetfixRequest): ScopeVerdict {
  for (const place of placesNamedBy(request)) {
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

export { accountOfFunctionArn, checkHomeScope };
export type { Home };
