/** The AWS clients of one CLI run: one set per region, all with the chosen profile. */
import { type AwsClients, createAwsClients } from '../aws/clients.js';
import { createPermissionChecker } from '../aws/iam-permissions.js';
import type { PermissionChecker } from '../inspect/permissions.js';
import type { AwsTarget } from './aws-options.js';

interface AwsSession {
  target: AwsTarget;
  clientsFor: (region: string) => AwsClients;
  permissionsFor: (clients: AwsClients) => PermissionChecker;
}

function createAwsSession(target: AwsTarget): AwsSession {
  const byRegion = new Map<string, AwsClients>();
  return {
    target,
    clientsFor(region) {
      let clients = byRegion.get(region);
      if (clients === undefined) {
        clients = createAwsClients({ region, ...(target.profile ? { profile: target.profile } : {}) });
        byRegion.set(region, clients);
      }
      return clients;
    },
    permissionsFor: (clients) => createPermissionChecker(clients.iam, 'simulate'),
  };
}

export { createAwsSession };
export type { AwsSession };
