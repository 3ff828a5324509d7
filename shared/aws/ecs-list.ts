/**
 * The ECS reads of `check` and `scan`: clusters, their services, and the services described in
 * batches of 10 (the DescribeServices limit). Read-only.
 */
import {
  DescribeServicesCommand,
  type ECSClient,
  ListClustersCommand,
  ListServicesCommand,
  type Service,
} from '@aws-sdk/client-ecs';
import { callAws, collectPages } from './aws-call.js';

interface ListOptions {
  signal?: AbortSignal;
}

/** A service ECS could not describe, with its reason (`MISSING`, `INACTIVE`...). */
interface ServiceFailure {
  service: string;
  reason: string;
}

/** What `check` and `scan` need of a service, as plain data. */
interface ListedService {
  serviceName: string;
  serviceArn: string | null;
  clusterArn: string | null;
  taskDefinitionArn: string | null;
  launchType: string | null;
  capacityProviders: string[];
  platformVersion: string | null;
  /** awsvpc subnets; empty for bridge/host network modes. */
  subnetIds: string[];
}

interface DescribedServices {
  services: ListedService[];
  failures: ServiceFailure[];
}

/** DescribeServices takes at most 10 names per call. */
const DESCRIBE_SERVICES_BATCH = 10;

async function listClusterArns(ecs: ECSClient, options: ListOptions = {}): Promise<string[]> {
  return callAws('ECS.ListClusters', 'the account', () =>
    collectPages(async (token) => {
      const page = await ecs.send(new ListClustersCommand({ nextToken: token }), { abortSignal: options.signal });
      return { items: page.clusterArns, nextToken: page.nextToken };
    })
  );
}

async function listServiceArns(ecs: ECSClient, cluster: string, options: ListOptions = {}): Promise<string[]> {
  return callAws('ECS.ListServices', `cluster ${cluster}`, () =>
    collectPages(async (token) => {
      const page = await ecs.send(new ListServicesCommand({ cluster, nextToken: token }), {
        abortSignal: options.signal,
      });
      return { items: page.serviceArns, nextToken: page.nextToken };
    })
  );
}

function toListedService(service: Service): ListedService {
  return {
    serviceName: service.serviceName ?? service.serviceArn?.split('/').at(-1) ?? 'unknown',
    serviceArn: service.serviceArn ?? null,
    clusterArn: service.clusterArn ?? null,
    taskDefinitionArn: service.taskDefinition ?? null,
    launchType: service.launchType ?? null,
    capacityProviders: (service.capacityProviderStrategy ?? []).flatMap((item) =>
      item.capacityProvider ? [item.capacityProvider] : []
    ),
    platformVersion: service.platformVersion ?? null,
    subnetIds: service.networkConfiguration?.awsvpcConfiguration?.subnets ?? [],
  };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/** Only ACTIVE services are returned as services; draining or missing ones come back as failures. */
async function describeServicesInBatches(
  ecs: ECSClient,
  cluster: string,
  services: readonly string[],
  options: ListOptions = {}
): Promise<DescribedServices> {
  const result: DescribedServices = { services: [], failures: [] };
  for (const batch of chunk(services, DESCRIBE_SERVICES_BATCH)) {
    const response = await callAws('ECS.DescribeServices', `${batch.join(', ')} in cluster ${cluster}`, () =>
      ecs.send(new DescribeServicesCommand({ cluster, services: batch, include: ['TAGS'] }), {
        abortSignal: options.signal,
      })
    );
    for (const service of response.services ?? []) {
      if (service.status === 'ACTIVE' || service.status === undefined) result.services.push(toListedService(service));
      else result.failures.push({ service: service.serviceName ?? service.serviceArn ?? '?', reason: service.status });
    }
    for (const failure of response.failures ?? []) {
      result.failures.push({ service: failure.arn ?? '?', reason: failure.reason ?? 'MISSING' });
    }
  }
  return result;
}

export { describeServicesInBatches, listClusterArns, listServiceArns };
export type { ListedService, ServiceFailure };
