/**
 * Hub mode: the member account and region a run acted in, for its alert and audit event. A
 * single-account deployment names no account (its alerts stay as they were), so this is
 * undefined there.
 */
import { createAccountAliasReader } from '../aws/account-alias.js';
import type { AwsClients } from '../aws/clients.js';
import type { AccountPlace } from '../report/report.js';
import type { RemediationDeps } from './handle-request.js';

async function accountPlaceOf(
  deps: RemediationDeps,
  workload: AwsClients,
  place: { accountId: string | null; region: string },
  signal?: AbortSignal
): Promise<AccountPlace | undefined> {
  if (deps.config.spokeRoleName === null || place.accountId === null) return undefined;
  const aliasOf = deps.accountAliasOf ?? createAccountAliasReader();
  return { accountId: place.accountId, alias: await aliasOf(workload.iam, place.accountId, signal), region: place.region };
}

export { accountPlaceOf };
