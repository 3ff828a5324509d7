/**
 * What ecs-netfix created, as rows for people: kind, service, age and the estimated monthly cost
 * (interface endpoints are billed per AZ, i.e. per subnet; gateway endpoints and security groups
 * are free). Pure.
 */
import type { ManagedEndpoint, ManagedSecurityGroup } from '../aws/managed-resources.js';
import { CREATED_AT_TAG_KEY } from '../aws-names.js';
import { monthlyEndpointCost } from '../remediation/cost.js';

type ManagedKind = 'interface-endpoint' | 'gateway-endpoint' | 'other-endpoint' | 'security-group';

interface ManagedResource {
  kind: ManagedKind;
  resourceId: string;
  vpcId: string;
  /** The endpoint's service name, or the group's name. */
  name: string;
  state: string;
  /** AZs an interface endpoint is billed for (one subnet per AZ). */
  azCount: number;
  createdAt: string | null;
  ageSeconds: number | null;
  monthlyUsd: number;
}

interface Inventory {
  region: string;
  resources: ManagedResource[];
  totalMonthlyUsd: number;
  note: string;
}

function kindOf(endpoint: ManagedEndpoint): ManagedKind {
  if (endpoint.type === 'Interface') return 'interface-endpoint';
  if (endpoint.type === 'Gateway') return 'gateway-endpoint';
  return 'other-endpoint';
}

/** Our own tag first (set at creation), EC2's timestamp otherwise. */
function createdAtOf(tags: Record<string, string>, fallback: string | null): string | null {
  const tagged = tags[CREATED_AT_TAG_KEY];
  if (tagged !== undefined && !Number.isNaN(Date.parse(tagged))) return tagged;
  return fallback;
}

function ageSecondsOf(createdAt: string | null, now: Date): number | null {
  if (createdAt === null) return null;
  return Math.max(0, Math.floor((now.getTime() - Date.parse(createdAt)) / 1000));
}

function buildInventory(
  endpoints: readonly ManagedEndpoint[],
  groups: readonly ManagedSecurityGroup[],
  options: { region: string; now: Date }
): Inventory {
  const endpointRows = endpoints.map((endpoint): ManagedResource => {
    const kind = kindOf(endpoint);
    const azCount = kind === 'interface-endpoint' ? endpoint.subnetIds.length : 0;
    const createdAt = createdAtOf(endpoint.tags, endpoint.createdAt);
    return {
      kind,
      resourceId: endpoint.vpcEndpointId,
      vpcId: endpoint.vpcId,
      name: endpoint.serviceName,
      state: endpoint.state,
      azCount,
      createdAt,
      ageSeconds: ageSecondsOf(createdAt, options.now),
      monthlyUsd: kind === 'interface-endpoint' ? monthlyEndpointCost(options.region, azCount) : 0,
    };
  });
  const groupRows = groups.map((group): ManagedResource => {
    const createdAt = createdAtOf(group.tags, null);
    return {
      kind: 'security-group',
      resourceId: group.groupId,
      vpcId: group.vpcId,
      name: group.groupName,
      state: 'exists',
      azCount: 0,
      createdAt,
      ageSeconds: ageSecondsOf(createdAt, options.now),
      monthlyUsd: 0,
    };
  });
  const resources = [...endpointRows, ...groupRows].sort(
    (a, b) => a.vpcId.localeCompare(b.vpcId) || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name)
  );
  const total = Math.round(resources.reduce((sum, row) => sum + row.monthlyUsd, 0) * 100) / 100;
  return {
    region: options.region,
    resources,
    totalMonthlyUsd: total,
    note: 'Estimates: hourly charges only (interface endpoints per AZ-hour); data processing is extra; gateway endpoints and security groups are free.',
  };
}

/** `3d 4h`, `5h 12m`, `12m`, `40s`: enough to tell last week from last year. */
function formatAge(seconds: number | null): string {
  if (seconds === null) return '?';
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${minutes}m`;
  if (minutes > 0) return `${minutes}m`;
  return `${seconds}s`;
}

function formatUsd(amount: number): string {
  return `$${amount.toFixed(2)}`;
}

export { buildInventory, formatAge, formatUsd };
export type { Inventory, ManagedResource };
