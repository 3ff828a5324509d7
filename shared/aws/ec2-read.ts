/**
 * The EC2 reads of one diagnosis. Each function makes one Describe call (following NextToken only
 * when AWS sends one), filters by VPC on the server and again on the client (moto ignores some
 * filters), and returns plain facts. EC2 Describe* share an account-wide token bucket, so nothing
 * here ever loops per subnet or per endpoint.
 */
import {
  DescribeDhcpOptionsCommand,
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeNatGatewaysCommand,
  DescribeNetworkAclsCommand,
  DescribePrefixListsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointServicesCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  type DhcpOptions,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { AwsCallError } from '../errors.js';
import type {
  Ec2InstanceFacts,
  InternetGatewayFacts,
  NatGatewayFacts,
  NetworkAclFacts,
  RouteTableFacts,
  SecurityGroupFacts,
  SubnetFacts,
  VpcEndpointFacts,
  VpcFacts,
} from '../model/snapshot.js';
import { callAws, collectPages, hasErrorName } from './aws-call.js';
import {
  toEc2InstanceFacts,
  toInternetGatewayFacts,
  toNatGatewayFacts,
  toNetworkAclFacts,
  toRouteTableFacts,
  toSecurityGroupFacts,
  toSubnetFacts,
  toVpcEndpointFacts,
  toVpcFacts,
} from './ec2-facts.js';

interface ReadOptions {
  signal?: AbortSignal;
}

function vpcFilter(name: string, vpcId: string) {
  return [{ Name: name, Values: [vpcId] }];
}

/** Fails (permanently) when a subnet no longer exists: without it there is no VPC to inspect. */
async function describeSubnetFacts(ec2: EC2Client, subnetIds: string[], options: ReadOptions = {}): Promise<SubnetFacts[]> {
  const subnets = await callAws('DescribeSubnets', subnetIds.join(','), () =>
    collectPages(async (token) => {
      const page = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: subnetIds, NextToken: token }), {
        abortSignal: options.signal,
      });
      return { items: page.Subnets, nextToken: page.NextToken };
    })
  );
  const facts = subnets.map(toSubnetFacts);
  return subnetIds
    .map((subnetId) => facts.find((subnet) => subnet.subnetId === subnetId))
    .filter((subnet): subnet is SubnetFacts => subnet !== undefined);
}

/**
 * The network of the EC2 instance behind a container instance: one instance by id. null when EC2
 * no longer knows it (terminated long ago) or the id is not one EC2 accepts.
 */
async function describeInstanceFacts(
  ec2: EC2Client,
  instanceId: string,
  options: ReadOptions = {}
): Promise<Ec2InstanceFacts | null> {
  try {
    const response = await callAws('DescribeInstances', instanceId, () =>
      ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }), { abortSignal: options.signal })
    );
    const instance = (response.Reservations ?? [])
      .flatMap((reservation) => reservation.Instances ?? [])
      .find((candidate) => candidate.InstanceId === instanceId);
    return instance === undefined ? null : toEc2InstanceFacts(instance);
  } catch (error) {
    if (hasErrorName(error, ['InvalidInstanceID.NotFound', 'InvalidInstanceID.Malformed'])) return null;
    throw error;
  }
}

async function describeVpcFacts(ec2: EC2Client, vpcId: string, options: ReadOptions = {}): Promise<VpcFacts> {
  const response = await callAws('DescribeVpcs', vpcId, () =>
    ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }), { abortSignal: options.signal })
  );
  const vpc = response.Vpcs?.find((candidate) => candidate.VpcId === vpcId);
  if (vpc === undefined) {
    const notFound = Object.assign(new Error(`VPC ${vpcId} was not found`), { name: 'InvalidVpcID.NotFound' });
    throw new AwsCallError('DescribeVpcs', vpcId, notFound, false);
  }
  return toVpcFacts(vpc);
}

/** AWS answers one attribute per call, so these are the only Describe that runs twice. */
async function describeVpcDnsAttributes(
  ec2: EC2Client,
  vpcId: string,
  options: ReadOptions = {}
): Promise<{ enableDnsSupport: boolean | null; enableDnsHostnames: boolean | null }> {
  const [support, hostnames] = await Promise.all([
    callAws('DescribeVpcAttribute', `${vpcId} enableDnsSupport`, () =>
      ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsSupport' }), {
        abortSignal: options.signal,
      })
    ),
    callAws('DescribeVpcAttribute', `${vpcId} enableDnsHostnames`, () =>
      ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsHostnames' }), {
        abortSignal: options.signal,
      })
    ),
  ]);
  return {
    enableDnsSupport: support.EnableDnsSupport?.Value ?? null,
    enableDnsHostnames: hostnames.EnableDnsHostnames?.Value ?? null,
  };
}

/**
 * Every DHCP option set of the account (there is no VPC filter, and the VPC's option set id
 * arrives in the same round): the caller picks the VPC's one. Accounts hold a handful.
 */
async function describeDhcpOptionSets(ec2: EC2Client, options: ReadOptions = {}): Promise<DhcpOptions[]> {
  return callAws('DescribeDhcpOptions', 'all DHCP option sets', () =>
    collectPages(async (token) => {
      const page = await ec2.send(new DescribeDhcpOptionsCommand({ NextToken: token }), {
        abortSignal: options.signal,
      });
      return { items: page.DhcpOptions, nextToken: page.NextToken };
    })
  );
}

async function describeRouteTableFacts(ec2: EC2Client, vpcId: string, options: ReadOptions = {}): Promise<RouteTableFacts[]> {
  const tables = await callAws('DescribeRouteTables', vpcId, () =>
    collectPages(async (token) => {
      const page = await ec2.send(new DescribeRouteTablesCommand({ Filters: vpcFilter('vpc-id', vpcId), NextToken: token }), {
        abortSignal: options.signal,
      });
      return { items: page.RouteTables, nextToken: page.NextToken };
    })
  );
  return tables.map(toRouteTableFacts).filter((table) => table.vpcId === vpcId);
}

async function describeNatGatewayFacts(ec2: EC2Client, vpcId: string, options: ReadOptions = {}): Promise<NatGatewayFacts[]> {
  const gateways = await callAws('DescribeNatGateways', vpcId, () =>
    collectPages(async (token) => {
      const page = await ec2.send(new DescribeNatGatewaysCommand({ Filter: vpcFilter('vpc-id', vpcId), NextToken: token }), {
        abortSignal: options.signal,
      });
      return { items: page.NatGateways, nextToken: page.NextToken };
    })
  );
  return gateways.filter((gateway) => gateway.VpcId === vpcId).map(toNatGatewayFacts);
}

async function describeInternetGatewayFacts(
  ec2: EC2Client,
  vpcId: string,
  options: ReadOptions = {}
): Promise<InternetGatewayFacts[]> {
  const gateways = await callAws('DescribeInternetGateways', vpcId, () =>
    collectPages(async (token) => {
      const page = await ec2.send(
        new DescribeInternetGatewaysCommand({ Filters: vpcFilter('attachment.vpc-id', vpcId), NextToken: token }),
        { abortSignal: options.signal }
      );
      return { items: page.InternetGateways, nextToken: page.NextToken };
    })
  );
  return gateways.map(toInternetGatewayFacts).filter((gateway) => gateway.attachedVpcIds.includes(vpcId));
}

/** Every endpoint in any state (moto keeps deleted ones listed; the diagnosis skips them). */
async function describeVpcEndpointFacts(
  ec2: EC2Client,
  vpcId: string,
  region: string,
  options: ReadOptions = {}
): Promise<VpcEndpointFacts[]> {
  const endpoints = await callAws('DescribeVpcEndpoints', vpcId, () =>
    collectPages(async (token) => {
      const page = await ec2.send(new DescribeVpcEndpointsCommand({ Filters: vpcFilter('vpc-id', vpcId), NextToken: token }), {
        abortSignal: options.signal,
      });
      return { items: page.VpcEndpoints, nextToken: page.NextToken };
    })
  );
  return endpoints.map((endpoint) => toVpcEndpointFacts(endpoint, region)).filter((endpoint) => endpoint.vpcId === vpcId);
}

/** All groups of the VPC in one call: the endpoints' groups are not known before this round. */
async function describeSecurityGroupFacts(
  ec2: EC2Client,
  vpcId: string,
  options: ReadOptions = {}
): Promise<SecurityGroupFacts[]> {
  const groups = await callAws('DescribeSecurityGroups', vpcId, () =>
    collectPages(async (token) => {
      const page = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: vpcFilter('vpc-id', vpcId), NextToken: token }), {
        abortSignal: options.signal,
      });
      return { items: page.SecurityGroups, nextToken: page.NextToken };
    })
  );
  return groups.map(toSecurityGroupFacts).filter((group) => group.vpcId === vpcId);
}

async function describeNetworkAclFacts(ec2: EC2Client, vpcId: string, options: ReadOptions = {}): Promise<NetworkAclFacts[]> {
  const acls = await callAws('DescribeNetworkAcls', vpcId, () =>
    collectPages(async (token) => {
      const page = await ec2.send(new DescribeNetworkAclsCommand({ Filters: vpcFilter('vpc-id', vpcId), NextToken: token }), {
        abortSignal: options.signal,
      });
      return { items: page.NetworkAcls, nextToken: page.NextToken };
    })
  );
  return acls.map(toNetworkAclFacts).filter((acl) => acl.vpcId === vpcId);
}

/** The AWS-managed `com.amazonaws.<region>.s3` prefix list (the S3 gateway route's destination). */
async function describeS3PrefixListId(ec2: EC2Client, region: string, options: ReadOptions = {}): Promise<string | null> {
  const name = `com.amazonaws.${region}.s3`;
  const response = await callAws('DescribePrefixLists', name, () =>
    ec2.send(new DescribePrefixListsCommand({ Filters: [{ Name: 'prefix-list-name', Values: [name] }] }), {
      abortSignal: options.signal,
    })
  );
  return response.PrefixLists?.find((prefixList) => prefixList.PrefixListName === name)?.PrefixListId ?? null;
}

/**
 * The AZs each AWS service offers its endpoint in. An interface endpoint with a subnet in an AZ
 * the service does not offer is refused whole (older AZs lack some services), so apply leaves such
 * subnets out. One call for every service of the plan; a service unknown in the region is absent.
 */
async function describeServiceAvailabilityZones(
  ec2: EC2Client,
  serviceNames: string[],
  signal?: AbortSignal
): Promise<Map<string, Set<string>>> {
  const zones = new Map<string, Set<string>>();
  if (serviceNames.length === 0) return zones;
  try {
    const response = await callAws('EC2.DescribeVpcEndpointServices', serviceNames.join(','), () =>
      ec2.send(new DescribeVpcEndpointServicesCommand({ ServiceNames: serviceNames }), { abortSignal: signal })
    );
    for (const detail of response?.ServiceDetails ?? []) {
      if (detail.ServiceName && detail.AvailabilityZones) zones.set(detail.ServiceName, new Set(detail.AvailabilityZones));
    }
  } catch (error) {
    // Unknown here means "do not filter": the create itself will say what EC2 refuses. Only a
    // transient failure aborts (the retry asks again); a missing permission must not block a fix.
    if (error instanceof AwsCallError && error.transient) throw error;
  }
  return zones;
}

export {
  describeServiceAvailabilityZones,
  describeDhcpOptionSets,
  describeInstanceFacts,
  describeInternetGatewayFacts,
  describeNatGatewayFacts,
  describeNetworkAclFacts,
  describeRouteTableFacts,
  describeS3PrefixListId,
  describeSecurityGroupFacts,
  describeSubnetFacts,
  describeVpcDnsAttributes,
  describeVpcEndpointFacts,
  describeVpcFacts,
};
