/**
 * The organisation's accounts for `scan --all-accounts`: `organizations:ListAccounts`, every page,
 * only ACTIVE accounts. ListAccounts answers only in the management account or a delegated
 * administrator; elsewhere it is AccessDeniedException (a member account) or
 * AWSOrganizationsNotInUseException (no organisation), which the CLI turns into one line.
 */
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import type { Account } from '@aws-sdk/client-organizations';
import { callAws, collectPages } from './aws-call.js';
import { currentLedger } from './call-ledger.js';

interface OrganizationAccount {
  id: string;
  name: string | null;
}

/**
 * `State` (PENDING_ACTIVATION, ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED) replaced `Status`
 * (retired on 9 September 2026); `Status` is read only when an older endpoint sends no `State`.
 */
function activeAccounts(accounts: readonly Account[]): OrganizationAccount[] {
  return accounts
    .filter((account) => (account.State ?? account.Status) === 'ACTIVE' && typeof account.Id === 'string')
    .map((account) => ({ id: account.Id ?? '', name: account.Name ?? null }));
}

/** A global service: the SDK signs for the partition's Organizations endpoint whatever region is given. */
function createOrganizationsClient(region: string, profile: string | null): OrganizationsClient {
  return new OrganizationsClient({ region, maxAttempts: 4, ...(profile ? { profile } : {}) });
}

async function listActiveAccounts(organizations: OrganizationsClient): Promise<OrganizationAccount[]> {
  const accounts = await callAws('Organizations.ListAccounts', 'the organization', () =>
    collectPages(async (token) => {
      currentLedger()?.record('Organizations.ListAccounts');
      const page = await organizations.send(new ListAccountsCommand({ NextToken: token }));
      return { items: page.Accounts, nextToken: page.NextToken };
    })
  );
  return activeAccounts(accounts);
}

export { activeAccounts, createOrganizationsClient, listActiveAccounts };
