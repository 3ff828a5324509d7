/**
 * The only EC2 writes ecs-netfix makes. Each is idempotent: callers re-describe first, creates
 * carry a deterministic ClientToken, and "already exists" answers count as success.
 * Everything created is tagged (ManagedBy=ecs-netfix, the triggering task, the time).
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateVpcEndpointCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcEndpointsCommand,
  type EC2Client,
  ModifyVpcEndpointCommand,
  type Tag,
} from '@aws-sdk/client-ec2';
import { ENDPOINT_SECURITY_GROUP_NAME, MANAGED_BY_TAG } from '../aws-names.js';
import { NetfixError } from '../errors.js';
import { callAws, hasErrorName } from './aws-call.js';
import { isLiveEndpointState } from './endpoint-state.js';

interface ExistingEndpoint {
  vpcEndpointId: string;
  serviceName: string;
  type: string;
  state: string;
  subnetIds: string[];
  routeTableIds: string[];
  managedByNetfix: boolean;
}

interface ApplyView {
  endpoints: ExistingEndpoint[];
  /** The per-VPC endpoint security group ecs-netfix created earlier, if any. */
  endpointSecurityGroupId: string | null;
}

function isLiveEndpoint(endpoint: ExistingEndpoint): boolean {
  return isLiveEndpointState(endpoint.state);
}

/** The fresh view that apply acts on: two reads, made just before any write. */
async function describeApplyView(ec2: EC2Client, vpcId: string, signal?: AbortSignal): Promise<ApplyView> {
  const [endpoints, groups] = await Promise.all([
    callAws('EC2.DescribeVpcEndpoints', vpcId, () =>
      ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }), {
        abortSignal: signal,
      })
    ),
    callAws('EC2.DescribeSecurityGroups', vpcId, () =>
      ec2.send(
        new DescribeSecurityGroupsCommand({
          Filters: [
            { Name: 'vpc-id', Values: [vpcId] },
            { Name: 'group-name', Values: [ENDPOINT_SECURITY_GROUP_NAME] },
            // A user's group that happens to have the name is not ours to attach endpoints to.
            { Name: `tag:${MANAGED_BY_TAG.key}`, Values: [MANAGED_BY_TAG.value] },
          ],
        }),
        { abortSignal: signal }
      )
    ),
  ]);
  return {
    endpoints: (endpoints.VpcEndpoints ?? []).map((endpoint) => ({
      vpcEndpointId: endpoint.VpcEndpointId ?? '',
      serviceName: endpoint.ServiceName ?? '',
      type: endpoint.VpcEndpointType ?? '',
      state: endpoint.State ?? 'unknown',
      subnetIds: endpoint.SubnetIds ?? [],
      routeTableIds: endpoint.RouteTableIds ?? [],
      managedByNetfix: (endpoint.Tags ?? []).some((tag) => tag.Key === MANAGED_BY_TAG.key && tag.Value === MANAGED_BY_TAG.value),
    })),
    endpointSecurityGroupId: (groups.SecurityGroups ?? []).find((group) => group.VpcId === vpcId)?.GroupId ?? null,
  };
}

async function createEndpointSecurityGroup(
  ec2: EC2Client,
  request: { vpcId: string; tags: Tag[] },
  signal?: AbortSignal
): Promise<string> {
  try {
    const response = await callAws('EC2.CreateSecurityGroup', request.vpcId, () =>
      ec2.send(
        new CreateSecurityGroupCommand({
          VpcId: request.vpcId,
          GroupName: ENDPOINT_SECURITY_GROUP_NAME,
          Description: 'ecs-netfix: HTTPS from ECS tasks to VPC interface endpoints',
          TagSpecifications: [{ ResourceType: 'security-group', Tags: request.tags }],
        }),
        { abortSignal: signal }
      )
    );
    return response.GroupId ?? '';
  } catch (error) {
    // A concurrent or earlier run created it: use that one.
    if (!hasErrorName(error, ['InvalidGroup.Duplicate'])) throw error;
    const view = await describeApplyView(ec2, request.vpcId, signal);
    if (view.endpointSecurityGroupId) return view.endpointSecurityGroupId;
    // The name is taken by a group ecs-netfix did not make: never borrow it, say what to do.
    throw new NetfixError(
      `A security group named ${ENDPOINT_SECURITY_GROUP_NAME} already exists in ${request.vpcId} without the tag ${MANAGED_BY_TAG.key}=${MANAGED_BY_TAG.value}: rename it, or tag it to let ecs-netfix use it for the endpoints`,
      { resource: request.vpcId, cause: error }
    );
  }
}

/** Lets TCP 443 in from the task security groups (or CIDRs when the groups are unknown). */
async function allowHttpsIn(
  ec2: EC2Client,
  groupId: string,
  sources: { groupIds: string[]; cidrs: string[] },
  signal?: AbortSignal
): Promise<'added' | 'already-present'> {
  try {
    await callAws('EC2.AuthorizeSecurityGroupIngress', groupId, () =>
      ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: groupId,
          IpPermissions: [
            {
              IpProtocol: 'tcp',
              FromPort: 443,
              ToPort: 443,
              UserIdGroupPairs: sources.groupIds.map((id) => ({
                GroupId: id,
                Description: 'ECS tasks (ecs-netfix)',
              })),
              IpRanges: sources.cidrs.map((cidr) => ({ CidrIp: cidr, Description: 'VPC (ecs-netfix)' })),
            },
          ],
        }),
        { abortSignal: signal }
      )
    );
    return 'added';
  } catch (error) {
    if (hasErrorName(error, ['InvalidPermission.Duplicate'])) return 'already-present';
    throw error;
  }
}

interface CreateEndpointRequest {
  vpcId: string;
  serviceName: string;
  type: 'Interface' | 'Gateway';
  subnetIds?: string[];
  securityGroupIds?: string[];
  routeTableIds?: string[];
  clientToken: string;
  tags: Tag[];
}

/** EC2's answer when a private hosted zone of the VPC (a centralised endpoint's) owns the service name. */
function isPrivateDnsConflict(error: unknown): boolean {
  return (
    error instanceof Error &&
    error.name === 'InvalidParameter' &&
    /private-dns-enabled cannot be set because there is already a conflicting DNS domain/i.test(error.message)
  );
}

/**
 * EC2's answer when a subnet of the request has no free address left (an interface endpoint takes
 * one in each of its subnets). https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html
 */
function isSubnetFull(error: unknown): boolean {
  return error instanceof Error && error.name === 'InsufficientFreeAddressesInSubnet';
}

/** Permanent until someone frees addresses: the same subnets refuse a retry. */
function subnetFullError(target: string, subnetIds: string[], cause: unknown): Error {
  return Object.assign(
    new NetfixError(
      `EC2 refused ${target}: a subnet of ${subnetIds.join(', ') || 'the request'} has no free IP address (InsufficientFreeAddressesInSubnet). Nothing was changed; free addresses or use a subnet with room in that AZ (SUBNET_NO_FREE_IPS).`,
      { resource: subnetIds[0] ?? target, cause }
    ),
    { name: 'SubnetNoFreeIps' }
  );
}

async function sendExplainingFullSubnet<T>(target: string, subnetIds: string[], send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw isSubnetFull(error) ? subnetFullError(target, subnetIds, error) : error;
  }
}

/**
 * Says what the private-DNS conflict means instead of EC2's raw words: nothing was created, and
 * the service is served by a zone (usually a shared-services VPC's endpoint) that the diagnosis
 * follows instead. Permanent: a retry meets the same zone.
 */
async function sendExplainingDnsConflict<T>(request: CreateEndpointRequest, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (isSubnetFull(error)) throw subnetFullError(`${request.serviceName} in ${request.vpcId}`, request.subnetIds ?? [], error);
    if (!isPrivateDnsConflict(error)) throw error;
    throw Object.assign(
      new NetfixError(
        `EC2 refused private DNS for ${request.serviceName} in ${request.vpcId}: a Route 53 private hosted zone associated with the VPC already answers for the service's name (a centralised endpoint, e.g. in a shared-services VPC). Nothing was created; fix the route or security group toward that endpoint (SHARED_ENDPOINT_ROUTE_MISSING) or remove the zone's association first.`,
        { resource: request.vpcId, cause: error }
      ),
      { name: 'PrivateDnsConflict' }
    );
  }
}

async function createVpcEndpoint(
  ec2: EC2Client,
  request: CreateEndpointRequest,
  signal?: AbortSignal
): Promise<{ vpcEndpointId: string; state: string }> {
  const interfaceOnly =
    request.type === 'Interface'
      ? {
          SubnetIds: request.subnetIds,
          SecurityGroupIds: request.securityGroupIds,
          PrivateDnsEnabled: true,
        }
      : { RouteTableIds: request.routeTableIds };
  const response = await callAws('EC2.CreateVpcEndpoint', `${request.serviceName} in ${request.vpcId}`, () =>
    sendExplainingDnsConflict(request, () =>
      ec2.send(
        new CreateVpcEndpointCommand({
          VpcId: request.vpcId,
          ServiceName: request.serviceName,
          VpcEndpointType: request.type,
          ClientToken: request.clientToken,
          // moto reads only one TagSpecification element; AWS needs only one too.
          TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: request.tags }],
          ...interfaceOnly,
        }),
        { abortSignal: signal }
      )
    )
  );
  return {
    vpcEndpointId: response.VpcEndpoint?.VpcEndpointId ?? '',
    state: response.VpcEndpoint?.State ?? 'unknown',
  };
}

async function modifyVpcEndpoint(
  ec2: EC2Client,
  request: { vpcEndpointId: string; addRouteTableIds?: string[]; addSubnetIds?: string[] },
  signal?: AbortSignal
): Promise<void> {
  await callAws('EC2.ModifyVpcEndpoint', request.vpcEndpointId, () =>
    sendExplainingFullSubnet(request.vpcEndpointId, request.addSubnetIds ?? [], () =>
      ec2.send(
        new ModifyVpcEndpointCommand({
          VpcEndpointId: request.vpcEndpointId,
          ...(request.addRouteTableIds ? { AddRouteTableIds: request.addRouteTableIds } : {}),
          ...(request.addSubnetIds ? { AddSubnetIds: request.addSubnetIds } : {}),
        }),
        { abortSignal: signal }
      )
    )
  );
}

export {
  allowHttpsIn,
  createEndpointSecurityGroup,
  createVpcEndpoint,
  describeApplyView,
  isLiveEndpoint,
  isPrivateDnsConflict,
  modifyVpcEndpoint,
};
/** A tag as EC2 takes it, for code outside shared/aws. */
type ResourceTag = Tag;

export type { ApplyView, ResourceTag };
