/**
 * Hub mode: credentials for a member ("spoke") account, from `sts:AssumeRole` on the role the spoke
 * stack creates there. One cache per process (Lambda container or CLI run), keyed by account, so a
 * burst of events from one account costs one AssumeRole; a credential is reused until
 * `refreshMarginMs` before it expires (the SDK re-asks the provider on every call, so expiry mid-run
 * is handled by asking again). The hub's own account needs no role: `credentialsFor` returns
 * undefined there and the default chain applies.
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';

/** The shape the SDK v3 clients accept as `credentials` (a provider function). */
interface SpokeCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}
type SpokeCredentialProvider = () => Promise<SpokeCredentials>;

interface AssumeRoleRequest {
  roleArn: string;
  sessionName: string;
  durationSeconds: number;
}
type AssumeRole = (request: AssumeRoleRequest) => Promise<SpokeCredentials>;

interface SpokeSessionOptions {
  /** Name of the role in every member account (`SPOKE_ROLE_NAME`). */
  roleName: string;
  /** `aws`, `aws-cn`, `aws-us-gov`: from the function's own ARN. */
  partition: string;
  /** The hub's own account: no role is assumed there. */
  homeAccountId: string;
  assumeRole: AssumeRole;
  now: () => Date;
  /** Ask again this long before expiry (default 5 minutes). */
  refreshMarginMs?: number;
  /** Session length asked of STS (default 1 hour, the role's default maximum). */
  durationSeconds?: number;
}

interface SpokeSession {
  /** Undefined for the hub's own account (use the default credential chain). */
  credentialsFor: (accountId: string, sessionLabel: string) => SpokeCredentialProvider | undefined;
}

const ACCOUNT_ID = /^\d{12}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

function spokeRoleArn(partition: string, accountId: string, roleName: string): string {
  if (!ACCOUNT_ID.test(accountId)) throw new Error(`Not an AWS account id: ${JSON.stringify(accountId)}`);
  if (!ROLE_NAME.test(roleName)) throw new Error(`Not an IAM role name: ${JSON.stringify(roleName)}`);
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

/**
 * RoleSessionName allows 2-64 of [\w+=,.@-]; CloudTrail in the member account shows it, so it names
 * the incident (or CLI command) the credentials were first asked for.
 */
function roleSessionName(label: string): string {
  const cleaned = `ecs-netfix-${label}`.replace(/[^\w+=,.@-]/g, '-');
  return cleaned.slice(0, 64);
}

function createSpokeSession(options: SpokeSessionOptions): SpokeSession {
  const refreshMarginMs = options.refreshMarginMs ?? 5 * 60_000;
  const durationSeconds = options.durationSeconds ?? 3600;
  const cached = new Map<string, SpokeCredentials>();
  // One AssumeRole in flight per account: concurrent callers share it.
  const inFlight = new Map<string, Promise<SpokeCredentials>>();

  function fresh(credentials: SpokeCredentials | undefined): credentials is SpokeCredentials {
    return credentials !== undefined && credentials.expiration.getTime() - refreshMarginMs > options.now().getTime();
  }

  return {
    credentialsFor(accountId, sessionLabel) {
      if (accountId === options.homeAccountId) return undefined;
      const roleArn = spokeRoleArn(options.partition, accountId, options.roleName);
      return async () => {
        const known = cached.get(accountId);
        if (fresh(known)) return known;
        let pending = inFlight.get(accountId);
        if (pending === undefined) {
          pending = options
            .assumeRole({ roleArn, sessionName: roleSessionName(sessionLabel), durationSeconds })
            .then((credentials) => {
              cached.set(accountId, credentials);
              return credentials;
            })
            .finally(() => inFlight.delete(accountId));
          inFlight.set(accountId, pending);
        }
        return pending;
      };
    },
  };
}

/** The real AssumeRole, through one STS client in the hub's region. */
function stsAssumeRole(sts: STSClient): AssumeRole {
  return async ({ roleArn, sessionName, durationSeconds }) => {
    const reply = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName, DurationSeconds: durationSeconds })
    );
    const credentials = reply.Credentials;
    if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !credentials.SessionToken || !credentials.Expiration) {
      throw new Error(`AssumeRole on ${roleArn} returned no credentials`);
    }
    return {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretAccessKey,
      sessionToken: credentials.SessionToken,
      expiration: credentials.Expiration,
    };
  };
}

function createStsClient(region: string): STSClient {
  return new STSClient({ region, maxAttempts: 4 });
}

export { createSpokeSession, createStsClient, roleSessionName, spokeRoleArn, stsAssumeRole };
export type { AssumeRole, SpokeCredentialProvider, SpokeCredentials, SpokeSession };
