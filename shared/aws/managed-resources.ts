/**
 * What ecs-netfix created, found by its tag (ManagedBy=ecs-netfix): VPC endpoints that exist
 * (available or on their way) and the per-VPC `ecs-netfix-endpoints` security groups. Read-only.
 * The tag is checked again on every item, so a filter that a server ignores never widens the list.
 */
import {
  DescribeSecurityGroupsCommand,
  DescribeVpcEndpointsCommand,
  type EC2Client,
  type Filter,
  type SecurityGroup,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { CREATED_AT_TAG_KEY, ENDPOINT_SECURITY_GROUP_NAME, INCIDENT_TAG_KEY, MANAGED_BY_TAG } from '../aws-names.js';
import { callAws, collectPages } from './aws-call.js';
import { toTags } from './ec2-facts.js';
import { isLiveEndpointState } from './endpoint-state.js';

interface ManagedEndpoint {
  vpcEndpointId: string;
  vpcId: string;
  serviceName: string;
  /** As EC2 reports it, normalised to `Interface` / `Gateway` when it is one of those. */
  type: string;
  state: string;
  subnetIds: string[];
  routeTableIds: string[];
  securityGroupIds: string[];
  tags: Record<string, string>;
  /** EC2's CreationTimestamp, ISO 8601. */
  createdAt: string | null;
}

interface ManagedSecurityGroup {
  groupId: string;
  groupName: string;
  vpcId: string;
  tags: Record<string, string>;
}

interface FindOptions {
  /** Only this VPC; every VPC of the region when absent. */
  vpcId?: string;
  signal?: AbortSignal;
}

/**
 * Ours only with every tag ecs-netfix writes at creation: ManagedBy=ecs-netfix, the incident, and a
 * valid creation time. One hand-set ManagedBy tag on a person's resource never makes it ours.
 */
function isManagedByNetfix(tags: Record<string, string>): boolean {
  const createdAt = tags[CREATED_AT_TAG_KEY];
  return (
    tags[MANAGED_BY_TAG.key] === MANAGED_BY_TAG.value &&
    (tags[INCIDENT_TAG_KEY] ?? '') !== '' &&
    createdAt !== undefined &&
    !Number.isNaN(Date.parse(createdAt))
  );
}

function normaliseType(type: string | undefined): string {
  const lower = (type ?? '').toLowerCase();
  if (lower === 'interface') return 'Interface';
  if (lower === 'gateway') return 'Gateway';
  return type ?? 'unknown';
}

function toManagedEndpoint(endpoint: VpcEndpoint): ManagedEndpoint {
  return {
    vpcEndpointId: endpoint.VpcEndpointId ?? '',
    vpcId: endpoint.VpcId ?? '',
    serviceName: endpoint.ServiceName ?? '',
    type: normaliseType(endpoint.VpcEndpointType),
    state: endpoint.State ?? 'unknown',
    subnetIds: endpoint.SubnetIds ?? [],
    routeTableIds: endpoint.RouteTableIds ?? [],
    securityGroupIds: (endpoint.Groups ?? []).flatMap((group) => (group.GroupId ? [group.GroupId] : [])),
    tags: toTags(endpoint.Tags),
    createdAt: endpoint.CreationTimestamp ? endpoint.CreationTimestamp.toISOString() : null,
  };
}

function toManagedSecurityGroup(group: SecurityGroup): ManagedSecurityGroup {
  return {
    groupId: group.GroupId ?? '',
    groupName: group.GroupName ?? '',
    vpcId: group.VpcId ?? '',
    tags: toTags(group.Tags),
  };
}

function vpcFilters(vpcId: string | undefined): Filter[] {
  return vpcId === undefined ? [] : [{ Name: 'vpc-id', Values: [vpcId] }];
}

/** Every endpoint of the VPC (or region) in any state, tagged or not. */
async function describeEndpoints(
  ec2: EC2Client,
  filters: Filter[],
  where: string,
  signal?: AbortSignal
): Promise<ManagedEndpoint[]> {
  const endpoints = await callAws('EC2.DescribeVpcEndpoints', where, () =>
    collectPages(async (token) => {
      const page = await ec2.send(new DescribeVpcEndpointsCommand({ Filters: filters, NextToken: token }), {
        abortSignal: signal,
      });
      return { items: page.VpcEndpoints, nextToken: page.NextToken };
    })
  );
  return endpoints.map(toManagedEndpoint);
}

/** Existing endpoints ecs-netfix created. */
async function findManagedEndpoints(ec2: EC2Client, options: FindOptions = {}): Promise<ManagedEndpoint[]> {
  const filters = [...vpcFilters(options.vpcId), { Name: `tag:${MANAGED_BY_TAG.key}`, Values: [MANAGED_BY_TAG.value] }];
  const endpoints = await describeEndpoints(ec2, filters, options.vpcId ?? 'the region', options.signal);
  return endpoints.filter(
    (endpoint) =>
      isManagedByNetfix(endpoint.tags) &&
      isLiveEndpointState(endpoint.state) &&
      (options.vpcId === undefined || endpoint.vpcId === options.vpcId)
  );
}

/** Existing endpoints of a VPC, whoever created them: who still uses a security group. */
async function findExistingEndpoints(ec2: EC2Client, vpcId: string, signal?: AbortSignal): Promise<ManagedEndpoint[]> {
  const endpoints = await describeEndpoints(ec2, vpcFilters(vpcId), vpcId, signal);
  return endpoints.filter((endpoint) => endpoint.vpcId === vpcId && isLiveEndpointState(endpoint.state));
}

/** One endpoint by id, in any state; null when EC2 no longer knows it. */
async function describeEndpointById(
  ec2: EC2Client,
  vpcEndpointId: string,
  signal?: AbortSignal
): Promise<ManagedEndpoint | null> {
  try {
    const response = await ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [vpcEndpointId] }), {
      abortSignal: signal,
    });
    const endpoint = response.VpcEndpoints?.find((candidate) => candidate.VpcEndpointId === vpcEndpointId);
    return endpoint === undefined ? null : toManagedEndpoint(endpoint);
  } catch (error) {
    if (error instanceof Error && error.name === 'InvalidVpcEndpointId.NotFound') return null;
    return callAws('EC2.DescribeVpcEndpoints', vpcEndpointId, () => Promise.reject(error));
  }
}

/** The `ecs-netfix-endpoints` groups that carry the tag. */
async function findManagedSecurityGroups(ec2: EC2Client, options: FindOptions = {}): Promise<ManagedSecurityGroup[]> {
  const filters = [
    ...vpcFilters(options.vpcId),
    { Name: `tag:${MANAGED_BY_TAG.key}`, Values: [MANAGED_BY_TAG.value] },
    { Name: 'group-name', Values: [ENDPOINT_SECURITY_GROUP_NAME] },
  ];
  const groups = await callAws('EC2.DescribeSecurityGroups', options.vpcId ?? 'the region', () =>
    collectPages(async (token) => {
      const page = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: filters, NextToken: token }), {
        abortSignal: options.signal,
      });
      return { items: page.SecurityGroups, nextToken: page.NextToken };
    })
  );
  return groups
    .map(toManagedSecurityGroup)
    .filter(
      (group) =>
        isManagedByNetfix(group.tags) &&
        group.groupName === ENDPOINT_SECURITY_GROUP_NAME &&
        (options.vpcId === undefined || group.vpcId === options.vpcId)
    );
}

/** One group by id; null when EC2 no longer knows it. */
async function describeSecurityGroupById(
  ec2: EC2Client,
  groupId: string,
  signal?: AbortSignal
): Promise<ManagedSecurityGroup | null> {
  try {
    const response = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }), { abortSignal: signal });
    const group = response.SecurityGroups?.find((candidate) => candidate.GroupId === groupId);
    return group === undefined ? null : toManagedSecurityGroup(group);
  } catch (error) {
    if (error instanceof Error && error.name === 'InvalidGroup.NotFound') return null;
    return callAws('EC2.DescribeSecurityGroups', groupId, () => Promise.reject(error));
  }
}

export {
  describeEndpointById,
  describeSecurityGroupById,
  findExistingEndpoints,
  findManagedEndpoints,
  findManagedSecurityGroups,
  isManagedByNetfix,
};
export type { ManagedEndpoint, ManagedSecurityGroup };

/** Endpoints and security groups tagged with one incident in one VPC, in any state of life (issue 13). */
async function findIncidentResources(
  ec2: EC2Client,
  vpcId: string,
  incidentId: string,
  signal?: AbortSignal
): Promise<{ endpoints: ManagedEndpoint[]; groups: ManagedSecurityGroup[] }> {
  const tagFilter = { Name: `tag:${INCIDENT_TAG_KEY}`, Values: [incidentId.slice(0, 255)] };
  const [endpoints, groups] = await Promise.all([
    describeEndpoints(ec2, [...vpcFilters(vpcId), tagFilter], vpcId, signal),
    callAws('EC2.DescribeSecurityGroups', vpcId, () =>
      ec2.send(new DescribeSecurityGroupsCommand({ Filters: [...vpcFilters(vpcId), tagFilter] }), { abortSignal: signal })
    ),
  ]);
  const ofIncident = (tags: Record<string, string>) =>
    isManagedByNetfix(tags) && tags[INCIDENT_TAG_KEY] === incidentId.slice(0, 255);
  return {
    endpoints: endpoints.filter(
      (endpoint) => endpoint.vpcId === vpcId && isLiveEndpointState(endpoint.state) && ofIncident(endpoint.tags)
    ),
    groups: (groups.SecurityGroups ?? [])
      .map(toManagedSecurityGroup)
      .filter((group) => group.vpcId === vpcId && ofIncident(group.tags)),
  };
}

export { findIncidentResources };
