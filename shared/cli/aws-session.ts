/**
 * The AWS clients of one CLI run in one account: one set per region, all with the chosen profile,
 * or with a member account's credentials (--spoke-role).
 */
import { type AwsClients, createAwsClients } from '../aws/clients.js';
import { createPermissionChecker } from '../aws/iam-permissions.js';
import { memoizeReads } from '../aws/read-memo.js';
import type { SpokeCredentialProvider } from '../aws/spoke-session.js';
import type { PermissionChecker } from '../model/permissions.js';
import type { AwsTarget } from './aws-options.js';

interface AwsSession {
  target: AwsTarget;
  /** Undefined in the caller's own account (the profile's credentials). */
  credentials: SpokeCredentialProvider | undefined;
  clientsFor: (region: string) => AwsClients;
  permissionsFor: (clients: AwsClients) => PermissionChecker;
}

interface SessionOptions {
  /** Answer repeated reads from memory (shared/aws/read-memo.ts): read-only scans only. */
  memoizeReads?: boolean;
}

function createAwsSession(target: AwsTarget, credentials?: SpokeCredentialProvider, options: SessionOptions = {}): AwsSession {
  const byRegion = new Map<string, AwsClients>();
  return {
    target,
    credentials,
    clientsFor(region) {
      let clients = byRegion.get(region);
      if (clients === undefined) {
        clients = createAwsClients({
          region,
          ...(target.profile ? { profile: target.profile } : {}),
          ...(credentials ? { credentials } : {}),
        });
        if (options.memoizeReads === true) memoizeReads(clients);
        byRegion.set(region, clients);
      }
      return clients;
    },
    permissionsFor: (clients) => createPermissionChecker(clients.iam, 'simulate'),
  };
}

export { createAwsSession };
export type { AwsSession, SessionOptions };
