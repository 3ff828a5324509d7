/**
 * The work `check` and `scan` share: find the services of a cluster (all, or the named ones),
 * then check each with `checkServiceReadiness`, a few at a time.
 */
import type { AwsClients } from '../aws/clients.js';
import { describeServicesInBatches, listServiceArns } from '../aws/ecs-list.js';
import type { ListedService, ServiceFailure } from '../aws/ecs-list.js';
import type { PermissionChecker } from '../model/permissions.js';
import { mapLimited } from './map-limited.js';
import { checkServiceReadiness, missingServiceReadiness } from './service-readiness.js';
import type { ServiceReadiness } from './service-readiness.js';

interface ClusterServices {
  /** As given (name or ARN): what the ECS calls take. */
  cluster: string;
  services: ListedService[];
  failures: ServiceFailure[];
}

/** Services checked at once: each check makes about ten EC2 Describe calls. */
const CONCURRENT_CHECKS = 4;

/** The named services of a cluster, or every service when none is named. */
async function findClusterServices(
  clients: AwsClients,
  cluster: string,
  names: readonly string[] | null,
  signal?: AbortSignal
): Promise<ClusterServices> {
  const wanted = names ?? (await listServiceArns(clients.ecs, cluster, { signal }));
  const described = await describeServicesInBatches(clients.ecs, cluster, wanted, { signal });
  return { cluster, ...described };
}

interface AssessOptions {
  permissions: PermissionChecker;
  region: string;
  /** Called once per service done (progress bars). */
  onServiceDone?: (result: ServiceReadiness) => void;
  signal?: AbortSignal;
}

async function assessClusterServices(
  clients: AwsClients,
  clusters: readonly ClusterServices[],
  options: AssessOptions
): Promise<ServiceReadiness[]> {
  const work = clusters.flatMap((group) => group.services.map((service) => ({ group, service })));
  const checked = await mapLimited(work, CONCURRENT_CHECKS, async ({ group, service }) => {
    const result = await checkServiceReadiness(clients, service, {
      permissions: options.permissions,
      region: options.region,
      clusterArn: service.clusterArn ?? group.cluster,
      signal: options.signal,
    });
    options.onServiceDone?.(result);
    return result;
  });
  const missing = clusters.flatMap((group) =>
    group.failures.map((failure) => missingServiceReadiness(group.cluster, failure.service, failure.reason))
  );
  return [...checked, ...missing];
}

function serviceCount(clusters: readonly ClusterServices[]): number {
  return clusters.reduce((sum, group) => sum + group.services.length, 0);
}

export { assessClusterServices, findClusterServices, serviceCount };
export type { ClusterServices };
