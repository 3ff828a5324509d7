import { describe, expect, it } from '@jest/globals';
import {
  domainNameServersOf,
  selectApplicableRouteTables,
  toNatGatewayFacts,
  toRouteTableFacts,
  toVpcEndpointFacts,
} from '../../../shared/aws/ec2-facts.js';

describe('toRouteTableFacts', () => {
  it('keeps a blackhole NAT route as blackhole and names every target kind', () => {
    const table = toRouteTableFacts({
      RouteTableId: 'rtb-1',
      VpcId: 'vpc-1',
      Associations: [{ SubnetId: 'subnet-a', Main: false }],
      Routes: [
        { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' },
        { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-gone', State: 'blackhole' },
        { DestinationPrefixListId: 'pl-6da54004', GatewayId: 'vpce-s3', State: 'active' },
        { DestinationCidrBlock: '172.16.0.0/12', TransitGatewayId: 'tgw-1', State: 'active' },
        { DestinationCidrBlock: '192.168.0.0/16', VpcPeeringConnectionId: 'pcx-1', State: 'active' },
      ],
    });

    expect(table.isMain).toBe(false);
    expect(table.subnetIds).toEqual(['subnet-a']);
    expect(table.routes.map((route) => [route.targetKind, route.targetId, route.state])).toEqual([
      ['local', 'local', 'active'],
      ['nat-gateway', 'nat-gone', 'blackhole'],
      ['vpc-endpoint', 'vpce-s3', 'active'],
      ['transit-gateway', 'tgw-1', 'active'],
      ['peering', 'pcx-1', 'active'],
    ]);
    expect(table.routes[2]?.destinationPrefixListId).toBe('pl-6da54004');
  });
});

describe('selectApplicableRouteTables', () => {
  it("keeps each subnet's explicit table and the main table, and drops unrelated tables", () => {
    const tables = [
      toRouteTableFacts({ RouteTableId: 'rtb-main', VpcId: 'vpc-1', Associations: [{ Main: true }] }),
      toRouteTableFacts({ RouteTableId: 'rtb-a', VpcId: 'vpc-1', Associations: [{ SubnetId: 'subnet-a' }] }),
      toRouteTableFacts({ RouteTableId: 'rtb-public', VpcId: 'vpc-1', Associations: [{ SubnetId: 'subnet-public' }] }),
    ];

    expect(selectApplicableRouteTables(tables, ['subnet-a', 'subnet-b']).map((table) => table.routeTableId)).toEqual([
      'rtb-main',
      'rtb-a',
    ]);
  });
});

describe('toNatGatewayFacts', () => {
  it('keeps pending and failed NAT gateways in their state', () => {
    expect(
      toNatGatewayFacts({ NatGatewayId: 'nat-1', SubnetId: 'subnet-p', State: 'failed', ConnectivityType: 'public' })
    ).toEqual({ natGatewayId: 'nat-1', subnetId: 'subnet-p', state: 'failed', connectivityType: 'public' });
    expect(
      toNatGatewayFacts({ NatGatewayId: 'nat-2', SubnetId: 'subnet-p', State: 'pending', ConnectivityType: 'private' }).state
    ).toBe('pending');
  });
});

describe('toVpcEndpointFacts', () => {
  it('reads a pending interface endpoint with a custom policy', () => {
    const policy = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'ecr:*', Resource: '*' }] });

    const endpoint = toVpcEndpointFacts(
      {
        VpcEndpointId: 'vpce-1',
        VpcId: 'vpc-1',
        ServiceName: 'com.amazonaws.eu-west-1.ecr.dkr',
        VpcEndpointType: 'Interface',
        State: 'Pending',
        SubnetIds: ['subnet-a'],
        Groups: [{ GroupId: 'sg-e' }],
        PrivateDnsEnabled: true,
        PolicyDocument: policy,
        CreationTimestamp: new Date('2026-01-02T03:04:05Z'),
      },
      'eu-west-1'
    );

    expect(endpoint).toMatchObject({
      service: 'ecr.dkr',
      type: 'Interface',
      state: 'pending',
      securityGroupIds: ['sg-e'],
      policyDocument: policy,
      createdAt: '2026-01-02T03:04:05.000Z',
    });
  });

  it('reads a lowercase gateway type (as moto echoes it) and drops the default full-access policy', () => {
    const fullAccess = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] });

    const endpoint = toVpcEndpointFacts(
      {
        VpcEndpointId: 'vpce-2',
        ServiceName: 'com.amazonaws.eu-west-1.s3',
        VpcEndpointType: 'gateway' as never,
        State: 'PendingAcceptance',
        PolicyDocument: fullAccess,
      },
      'eu-west-1'
    );

    expect(endpoint).toMatchObject({ service: 's3', type: 'Gateway', state: 'pendingAcceptance', policyDocument: null });
  });

  it('gives no short service to an endpoint of another region or a third-party service', () => {
    expect(toVpcEndpointFacts({ ServiceName: 'com.amazonaws.us-east-1.ecr.api' }, 'eu-west-1').service).toBeNull();
    expect(toVpcEndpointFacts({ ServiceName: 'com.amazonaws.vpce.eu-west-1.vpce-svc-123' }, 'eu-west-1').service).toBeNull();
  });
});

describe('domainNameServersOf', () => {
  it('means the Amazon resolver for the default options', () => {
    expect(domainNameServersOf('default', undefined)).toEqual(['AmazonProvidedDNS']);
  });

  it('lists custom servers, and returns null when the option set was not found', () => {
    const options = {
      DhcpOptionsId: 'dopt-1',
      DhcpConfigurations: [{ Key: 'domain-name-servers', Values: [{ Value: '10.0.0.53' }] }],
    };
    expect(domainNameServersOf('dopt-1', options)).toEqual(['10.0.0.53']);
    expect(domainNameServersOf('dopt-1', undefined)).toBeNull();
  });
});
