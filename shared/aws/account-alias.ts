/**
 * Hub mode: the member account's alias for alerts (`iam:ListAccountAliases`, in that account with
 * the spoke role). An account has at most one alias. Nice to have only: any failure (the role may
 * not allow the call) leaves the alias out and never fails the run.
 */
import { type IAMClient, ListAccountAliasesCommand } from '@aws-sdk/client-iam';

type AccountAliasReader = (iam: IAMClient, accountId: string, signal?: AbortSignal) => Promise<string | null>;

/** Throws what IAM threw; the reader below turns that into "no alias". */
async function listAccountAlias(iam: IAMClient, _accountId: string, signal?: AbortSignal): Promise<string | null> {
  const reply = await iam.send(new ListAccountAliasesCommand({}), { abortSignal: signal });
  return reply.AccountAliases?.[0] ?? null;
}

/**
 * One call per account and container: an alias found (or the absence of one) is remembered, a
 * failed call is not (the next alert asks again, so a passing throttle does not hide it for good).
 */
function createAccountAliasReader(read: AccountAliasReader = listAccountAlias): AccountAliasReader {
  const known = new Map<string, string | null>();
  return async (iam, accountId, signal) => {
    if (known.has(accountId)) return known.get(accountId) ?? null;
    let failed = false;
    const alias = await read(iam, accountId, signal).catch(() => {
      failed = true;
      return null;
    });
    if (!failed) known.set(accountId, alias);
    return alias;
  };
}

export { createAccountAliasReader };
export type { AccountAliasReader };
