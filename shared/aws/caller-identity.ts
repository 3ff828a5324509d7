/**
 * The CLI's way into member accounts: who the caller is (`sts:GetCallerIdentity`: the home
 * account and its partition), and a spoke session whose AssumeRole goes through the caller's own
 * profile. The Lambda knows its account from its ARN; a person's CLI has to ask.
 */
import { clockOf } from '../clock.js';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { callAws } from './aws-call.js';
import { currentLedger } from './call-ledger.js';
import { createSpokeSession, spokeRoleArn, stsAssumeRole } from './spoke-session.js';
import type { SpokeCredentialProvider, SpokeSession } from './spoke-session.js';

interface CallerIdentity {
  accountId: string;
  /** `aws`, `aws-cn`, `aws-us-gov`: from the caller's ARN. */
  partition: string;
}

interface CliSpokeOptions {
  region: string;
  profile: string | null;
  roleName: string;
  now?: () => Date;
}

interface CliSpokeSession {
  home: CallerIdentity;
  /** Undefined for the home account; otherwise AssumeRole on the spoke role, cached per account. */
  credentialsFor: SpokeSession['credentialsFor'];
  roleArnFor: (accountId: string) => string;
}

function createCliStsClient(region: string, profile: string | null): STSClient {
  return new STSClient({ region, maxAttempts: 4, ...(profile ? { profile } : {}) });
}

async function readCallerIdentity(sts: STSClient): Promise<CallerIdentity> {
  currentLedger()?.record('STS.GetCallerIdentity');
  const reply = await callAws('STS.GetCallerIdentity', 'caller', () => sts.send(new GetCallerIdentityCommand({})));
  const accountId = reply.Account ?? '';
  if (!/^\d{12}$/.test(accountId)) throw new Error(`GetCallerIdentity returned no account id (${JSON.stringify(accountId)})`);
  const partition = reply.Arn?.split(':')[1] || 'aws';
  return { accountId, partition };
}

/** Who the CLI runs as, for a scan of the caller's own account (the account column). */
async function identifyCaller(region: string, profile: string | null): Promise<CallerIdentity> {
  return readCallerIdentity(createCliStsClient(region, profile));
}

async function openCliSpokeSession(options: CliSpokeOptions): Promise<CliSpokeSession> {
  const sts = createCliStsClient(options.region, options.profile);
  const home = await readCallerIdentity(sts);
  const assume = stsAssumeRole(sts);
  const session = createSpokeSession({
    roleName: options.roleName,
    partition: home.partition,
    homeAccountId: home.accountId,
    // Named after the operation and role, so a denied AssumeRole reads as such, not as the ECS call it delayed.
    assumeRole: (request) => {
      currentLedger()?.record('STS.AssumeRole');
      return callAws('STS.AssumeRole', request.roleArn, () => assume(request));
    },
    now: clockOf(options),
  });
  return {
    home,
    credentialsFor: session.credentialsFor,
    roleArnFor: (accountId) => spokeRoleArn(home.partition, accountId, options.roleName),
  };
}

/** Asks for the credentials once, so a role that cannot be assumed fails here, named, not mid-scan. */
async function assumeNow(provider: SpokeCredentialProvider | undefined): Promise<void> {
  if (provider !== undefined) await provider();
}

export { assumeNow, identifyCaller, openCliSpokeSession };
export type { CliSpokeSession };
