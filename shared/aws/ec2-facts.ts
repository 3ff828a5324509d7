/**
 * Pure conversions from EC2 Describe* output to the Snapshot's plain facts. Kept apart from the
 * calls so that AWS-only states (blackhole routes, failed NAT gateways) are testable with fixtures.
 */
import type {
  DhcpOptions,
  Instance,
  InternetGateway,
  IpPermission,
  NatGateway,
  NetworkAcl,
  Route,
  RouteTable,
  SecurityGroup,
  Subnet,
  Tag,
  Vpc,
  VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { shortServiceName } from '../aws-names.js';
import type {
  Ec2InstanceFacts,
  InternetGatewayFacts,
  NatGatewayFacts,
  NetworkAclFacts,
  RouteFacts,
  RouteTableFacts,
  RouteTargetKind,
  SecurityGroupFacts,
  SecurityGroupRuleFacts,
  SubnetFacts,
  VpcEndpointFacts,
  VpcFacts,
} from '../model/snapshot.js';

function toTags(tags: Tag[] | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.Key !== undefined) result[tag.Key] = tag.Value ?? '';
  return result;
}

function toSubnetFacts(subnet: Subnet): SubnetFacts {
  return {
    subnetId: subnet.SubnetId ?? '',
    vpcId: subnet.VpcId ?? '',
    availabilityZone: subnet.AvailabilityZone ?? '',
    availabilityZoneId: subnet.AvailabilityZoneId ?? null,
    cidrBlock: subnet.CidrBlock ?? '',
    mapPublicIpOnLaunch: subnet.MapPublicIpOnLaunch ?? false,
    availableIpAddressCount: subnet.AvailableIpAddressCount ?? null,
    tags: toTags(subnet.Tags),
  };
}

/**
 * The network of a container instance's EC2 instance. The groups are the primary interface's
 * (device 0: the host's own traffic leaves through it), else the instance's.
 */
function toEc2InstanceFacts(instance: Instance): Ec2InstanceFacts {
  const primary = instance.NetworkInterfaces?.find((eni) => eni.Attachment?.DeviceIndex === 0);
  const groups = (primary?.Groups ?? instance.SecurityGroups ?? [])
    .map((group) => group.GroupId)
    .filter((groupId): groupId is string => groupId !== undefined);
  return {
    instanceId: instance.InstanceId ?? '',
    state: instance.State?.Name ?? null,
    vpcId: instance.VpcId ?? primary?.VpcId ?? null,
    subnetId: instance.SubnetId ?? primary?.SubnetId ?? null,
    availabilityZone: instance.Placement?.AvailabilityZone ?? null,
    securityGroupIds: [...new Set(groups)],
    privateIp: instance.PrivateIpAddress ?? primary?.PrivateIpAddress ?? null,
    publicIp: instance.PublicIpAddress ?? primary?.Association?.PublicIp ?? null,
  };
}

/** The VPC facts without the attributes and DNS servers, which come from other calls. */
function toVpcFacts(vpc: Vpc): VpcFacts {
  const associated = (vpc.CidrBlockAssociationSet ?? [])
    .filter((association) => association.CidrBlockState?.State !== 'disassociated')
    .map((association) => association.CidrBlock)
    .filter((cidr): cidr is string => cidr !== undefined);
  const cidrBlocks = associated.length > 0 ? associated : vpc.CidrBlock ? [vpc.CidrBlock] : [];
  return {
    vpcId: vpc.VpcId ?? '',
    cidrBlocks,
    enableDnsSupport: null,
    enableDnsHostnames: null,
    dhcpOptionsId: vpc.DhcpOptionsId ?? null,
    domainNameServers: [],
    tags: toTags(vpc.Tags),
  };
}

/**
 * `domain-name-servers` of the VPC's DHCP options. `default` (or no options) means the Amazon
 * resolver, which is the only one that sees the endpoints' private hosted zones.
 */
function domainNameServersOf(dhcpOptionsId: string | null, options: DhcpOptions | undefined): string[] | null {
  if (dhcpOptionsId === null || dhcpOptionsId === 'default') return ['AmazonProvidedDNS'];
  if (options === undefined) return null;
  const servers = (options.DhcpConfigurations ?? [])
    .filter((configuration) => configuration.Key === 'domain-name-servers')
    .flatMap((configuration) => configuration.Values ?? [])
    .map((value) => value.Value)
    .filter((value): value is string => value !== undefined);
  return servers.length > 0 ? servers : ['AmazonProvidedDNS'];
}

function routeTarget(route: Route): { kind: RouteTargetKind; id: string | null } {
  if (route.NatGatewayId) return { kind: 'nat-gateway', id: route.NatGatewayId };
  if (route.TransitGatewayId) return { kind: 'transit-gateway', id: route.TransitGatewayId };
  if (route.VpcPeeringConnectionId) return { kind: 'peering', id: route.VpcPeeringConnectionId };
  if (route.EgressOnlyInternetGatewayId) {
    return { kind: 'egress-only-internet-gateway', id: route.EgressOnlyInternetGatewayId };
  }
  if (route.InstanceId) return { kind: 'instance', id: route.InstanceId };
  if (route.NetworkInterfaceId) return { kind: 'network-interface', id: route.NetworkInterfaceId };
  const gateway = route.GatewayId;
  if (gateway === 'local') return { kind: 'local', id: 'local' };
  if (gateway?.startsWith('igw-')) return { kind: 'internet-gateway', id: gateway };
  if (gateway?.startsWith('vpce-')) return { kind: 'vpc-endpoint', id: gateway };
  if (gateway?.startsWith('vgw-')) return { kind: 'virtual-private-gateway', id: gateway };
  return { kind: 'other', id: gateway ?? route.CarrierGatewayId ?? route.LocalGatewayId ?? null };
}

function toRouteFacts(route: Route): RouteFacts {
  const target = routeTarget(route);
  return {
    destinationCidr: route.DestinationCidrBlock ?? route.DestinationIpv6CidrBlock ?? null,
    destinationPrefixListId: route.DestinationPrefixListId ?? null,
    targetKind: target.kind,
    targetId: target.id,
    state: route.State === 'blackhole' ? 'blackhole' : 'active',
  };
}

function toRouteTableFacts(table: RouteTable): RouteTableFacts {
  const associations = table.Associations ?? [];
  return {
    routeTableId: table.RouteTableId ?? '',
    vpcId: table.VpcId ?? '',
    isMain: associations.some((association) => association.Main === true),
    subnetIds: associations
      .map((association) => association.SubnetId)
      .filter((subnetId): subnetId is string => subnetId !== undefined),
    routes: (table.Routes ?? []).map(toRouteFacts),
  };
}

/**
 * The tables whose routes a subnet's traffic uses (its explicit table, or the main table when it
 * has none), plus the main table itself.
 */
function selectApplicableRouteTables(tables: RouteTableFacts[], subnetIds: string[]): RouteTableFacts[] {
  const main = tables.find((table) => table.isMain);
  const applicable = new Set<string>();
  if (main) applicable.add(main.routeTableId);
  for (const subnetId of subnetIds) {
    const explicit = tables.find((table) => table.subnetIds.includes(subnetId));
    if (explicit) applicable.add(explicit.routeTableId);
  }
  return tables.filter((table) => applicable.has(table.routeTableId));
}

const NAT_STATES: readonly NatGatewayFacts['state'][] = ['pending', 'available', 'failed', 'deleting', 'deleted'];

function toNatGatewayFacts(gateway: NatGateway): NatGatewayFacts {
  const state = NAT_STATES.find((known) => known === gateway.State) ?? 'failed';
  return {
    natGatewayId: gateway.NatGatewayId ?? '',
    subnetId: gateway.SubnetId ?? '',
    state,
    connectivityType: gateway.ConnectivityType === 'private' ? 'private' : 'public',
  };
}

function toInternetGatewayFacts(gateway: InternetGateway): InternetGatewayFacts {
  return {
    internetGatewayId: gateway.InternetGatewayId ?? '',
    attachedVpcIds: (gateway.Attachments ?? [])
      .filter((attachment) => attachment.State === undefined || attachment.State !== 'detached')
      .map((attachment) => attachment.VpcId)
      .filter((vpcId): vpcId is string => vpcId !== undefined),
  };
}

/** moto echoes the type as sent ("gateway"); AWS sends "Gateway". */
function endpointType(value: string | undefined): VpcEndpointFacts['type'] {
  switch (value?.toLowerCase()) {
    case 'interface':
      return 'Interface';
    case 'gateway':
      return 'Gateway';
    case 'gatewayloadbalancer':
      return 'GatewayLoadBalancer';
    default:
      return 'Other';
  }
}

/** The SDK's enum says `Available`, the wire says `available`: keep the wire's camelCase. */
function endpointState(value: string | undefined): string {
  if (value === undefined || value === '') return 'unknown';
  return value.charAt(0).toLowerCase() + value.slice(1);
}

/** The default endpoint policy allows everything to everyone: report only custom ones. */
function customPolicy(document: string | undefined): string | null {
  if (document === undefined || document.trim() === '') return null;
  try {
    const parsed = JSON.parse(document) as { Statement?: unknown };
    const statements = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
    const isFullAccess =
      statements.length === 1 &&
      statements.every((statement) => {
        const s = statement as Record<string, unknown>;
        const principalAll = s.Principal === '*' || (s.Principal as { AWS?: unknown } | undefined)?.AWS === '*';
        return s.Effect === 'Allow' && principalAll && isStar(s.Action) && isStar(s.Resource) && s.Condition === undefined;
      });
    return isFullAccess ? null : document;
  } catch {
    return document;
  }
}

function isStar(value: unknown): boolean {
  return value === '*' || (Array.isArray(value) && value.length === 1 && value[0] === '*');
}

function toVpcEndpointFacts(endpoint: VpcEndpoint, region: string): VpcEndpointFacts {
  const serviceName = endpoint.ServiceName ?? '';
  return {
    vpcEndpointId: endpoint.VpcEndpointId ?? '',
    vpcId: endpoint.VpcId ?? '',
    serviceName,
    service: shortServiceName(region, serviceName),
    type: endpointType(endpoint.VpcEndpointType),
    state: endpointState(endpoint.State),
    subnetIds: endpoint.SubnetIds ?? [],
    routeTableIds: endpoint.RouteTableIds ?? [],
    privateDnsEnabled: endpoint.PrivateDnsEnabled ?? false,
    securityGroupIds: (endpoint.Groups ?? [])
      .map((group) => group.GroupId)
      .filter((groupId): groupId is string => groupId !== undefined),
    policyDocument: customPolicy(endpoint.PolicyDocument),
    privateDnsOnlyForInboundResolverEndpoint: endpoint.DnsOptions?.PrivateDnsOnlyForInboundResolverEndpoint ?? null,
    tags: toTags(endpoint.Tags),
    createdAt: endpoint.CreationTimestamp ? endpoint.CreationTimestamp.toISOString() : null,
  };
}

function toRuleFacts(permission: IpPermission): SecurityGroupRuleFacts {
  return {
    protocol: permission.IpProtocol ?? '-1',
    fromPort: permission.FromPort ?? null,
    toPort: permission.ToPort ?? null,
    cidrs: (permission.IpRanges ?? []).map((range) => range.CidrIp).filter((cidr): cidr is string => cidr !== undefined),
    ipv6Cidrs: (permission.Ipv6Ranges ?? []).map((range) => range.CidrIpv6).filter((cidr): cidr is string => cidr !== undefined),
    prefixListIds: (permission.PrefixListIds ?? [])
      .map((prefixList) => prefixList.PrefixListId)
      .filter((id): id is string => id !== undefined),
    groupIds: (permission.UserIdGroupPairs ?? []).map((pair) => pair.GroupId).filter((id): id is string => id !== undefined),
  };
}

function toSecurityGroupFacts(group: SecurityGroup): SecurityGroupFacts {
  return {
    groupId: group.GroupId ?? '',
    vpcId: group.VpcId ?? '',
    groupName: group.GroupName ?? '',
    ingress: (group.IpPermissions ?? []).map(toRuleFacts),
    egress: (group.IpPermissionsEgress ?? []).map(toRuleFacts),
    tags: toTags(group.Tags),
  };
}

function toNetworkAclFacts(acl: NetworkAcl): NetworkAclFacts {
  return {
    networkAclId: acl.NetworkAclId ?? '',
    vpcId: acl.VpcId ?? '',
    isDefault: acl.IsDefault ?? false,
    subnetIds: (acl.Associations ?? [])
      .map((association) => association.SubnetId)
      .filter((subnetId): subnetId is string => subnetId !== undefined),
    entries: (acl.Entries ?? []).map((entry) => ({
      ruleNumber: entry.RuleNumber ?? 0,
      egress: entry.Egress ?? false,
      protocol: entry.Protocol ?? '-1',
      action: entry.RuleAction === 'allow' ? 'allow' : 'deny',
      cidr: entry.CidrBlock ?? null,
      ipv6Cidr: entry.Ipv6CidrBlock ?? null,
      portFrom: entry.PortRange?.From ?? null,
      portTo: entry.PortRange?.To ?? null,
    })),
  };
}

export {
  toEc2InstanceFacts,
  domainNameServersOf,
  selectApplicableRouteTables,
  toInternetGatewayFacts,
  toNatGatewayFacts,
  toNetworkAclFacts,
  toRouteTableFacts,
  toSecurityGroupFacts,
  toSubnetFacts,
  toTags,
  toVpcEndpointFacts,
  toVpcFacts,
};
