import {
  DescribeDhcpOptionsCommand,
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
  EC2Client,
} from '@aws-sdk/client-ec2';
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient } from '@aws-sdk/client-ecs';
import { ListHostedZonesByVPCCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createAwsClients } from '../../../shared/aws/clients.js';
import { AwsCallError } from '../../../shared/errors.js';
import type { StoppedTask } from '../../../shared/intake/request.js';
import { GATHER_CALL_BUDGET, GATHER_ROUNDS, findBudgetViolations } from '../../helpers/gather-budget.js';
import { clearGatherCaches, gatherSnapshot } from '../../../shared/inspect/gather.js';
import type { PermissionChecker } from '../../../shared/model/permissions.js';

const ec2Mock = mockClient(EC2Client);
const ecsMock = mockClient(ECSClient);
const route53Mock = mockClient(Route53Client);

const task: StoppedTask = {
  region: 'eu-west-1',
  accountId: '123456789012',
  clusterArn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod',
  clusterName: 'prod',
  taskArn: 'arn:aws:ecs:eu-west-1:123456789012:task/prod/0123456789abcdef0123456789abcdef',
  taskId: '0123456789abcdef0123456789abcdef',
  taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/api:7',
  group: 'service:api',
  serviceName: 'api',
  launchType: 'FARGATE',
  platformVersion: '1.4.0',
  availabilityZone: 'eu-west-1a',
  subnetId: 'subnet-a',
  privateIp: '10.0.1.10',
  stopCode: 'TaskFailedToStart',
  stoppedReason: 'ResourceInitializationError: unable to pull secrets or registry auth',
  containerReasons: [],
  stoppedAt: '2026-11-26T10:00:00Z',
  eventId: 'event-1',
};

/** Records what it was asked, answers "allowed" for everything. */
function allowAll(): PermissionChecker & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    check: async (roleArn, requests) => {
      asked.push(...requests.map((request) => request.action));
      return {
        evaluated: true,
        roleArn,
        note: null,
        results: requests.map((request) => ({ ...request, decision: 'allowed' as const })),
      };
    },
  };
}

/** A private VPC whose NAT gateway failed and whose default route is now a blackhole. */
function mockBrokenNatVpc(): void {
  ecsMock.on(DescribeTaskDefinitionCommand).resolves({
    taskDefinition: {
      taskDefinitionArn: task.taskDefinitionArn ?? '',
      family: 'api',
      revision: 7,
      executionRoleArn: 'arn:aws:iam::123456789012:role/api-exec',
      containerDefinitions: [{ name: 'api', image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:7' }],
    },
  });
  ecsMock.on(DescribeServicesCommand).resolves({
    services: [
      {
        serviceName: 'api',
        serviceArn: 'arn:aws:ecs:eu-west-1:123456789012:service/prod/api',
        status: 'ACTIVE',
        desiredCount: 2,
        runningCount: 0,
        networkConfiguration: {
          awsvpcConfiguration: { subnets: ['subnet-a', 'subnet-b'], securityGroups: ['sg-task'], assignPublicIp: 'DISABLED' },
        },
        tags: [{ key: 'team', value: 'payments' }],
      },
    ],
  });
  ec2Mock.on(DescribeSubnetsCommand).resolves({
    Subnets: [
      { SubnetId: 'subnet-b', VpcId: 'vpc-1', AvailabilityZone: 'eu-west-1b', CidrBlock: '10.0.2.0/24' },
      { SubnetId: 'subnet-a', VpcId: 'vpc-1', AvailabilityZone: 'eu-west-1a', CidrBlock: '10.0.1.0/24' },
    ],
  });
  ec2Mock.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16', DhcpOptionsId: 'dopt-1' }] });
  ec2Mock.on(DescribeVpcAttributeCommand, { Attribute: 'enableDnsSupport' }).resolves({ EnableDnsSupport: { Value: true } });
  ec2Mock.on(DescribeVpcAttributeCommand, { Attribute: 'enableDnsHostnames' }).resolves({ EnableDnsHostnames: { Value: true } });
  ec2Mock.on(DescribeDhcpOptionsCommand).resolves({
    DhcpOptions: [
      { DhcpOptionsId: 'dopt-1', DhcpConfigurations: [{ Key: 'domain-name-servers', Values: [{ Value: 'AmazonProvidedDNS' }] }] },
    ],
  });
  ec2Mock.on(DescribeRouteTablesCommand).resolves({
    RouteTables: [
      {
        RouteTableId: 'rtb-private',
        VpcId: 'vpc-1',
        Associations: [{ SubnetId: 'subnet-a' }, { SubnetId: 'subnet-b' }],
        Routes: [
          { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' },
          { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1', State: 'blackhole' },
          { DestinationPrefixListId: 'pl-s3', GatewayId: 'vpce-s3', State: 'active' },
        ],
      },
      { RouteTableId: 'rtb-main', VpcId: 'vpc-1', Associations: [{ Main: true }], Routes: [] },
    ],
  });
  ec2Mock
    .on(DescribeNatGatewaysCommand)
    .resolves({ NatGateways: [{ NatGatewayId: 'nat-1', VpcId: 'vpc-1', SubnetId: 'subnet-public', State: 'failed' }] });
  ec2Mock.on(DescribeInternetGatewaysCommand).resolves({ InternetGateways: [] });
  ec2Mock.on(DescribeVpcEndpointsCommand).resolves({
    VpcEndpoints: [
      {
        VpcEndpointId: 'vpce-s3',
        VpcId: 'vpc-1',
        ServiceName: 'com.amazonaws.eu-west-1.s3',
        VpcEndpointType: 'Gateway',
        State: 'Available',
        RouteTableIds: ['rtb-private'],
      },
      {
        VpcEndpointId: 'vpce-api',
        VpcId: 'vpc-1',
        ServiceName: 'com.amazonaws.eu-west-1.ecr.api',
        VpcEndpointType: 'Interface',
        State: 'Pending',
        SubnetIds: ['subnet-a'],
        Groups: [{ GroupId: 'sg-endpoints' }],
      },
    ],
  });
  ec2Mock.on(DescribeSecurityGroupsCommand).resolves({
    SecurityGroups: [
      { GroupId: 'sg-task', VpcId: 'vpc-1', GroupName: 'task' },
      { GroupId: 'sg-endpoints', VpcId: 'vpc-1', GroupName: 'endpoints' },
      { GroupId: 'sg-unrelated', VpcId: 'vpc-1', GroupName: 'database' },
    ],
  });
  ec2Mock.on(DescribeNetworkAclsCommand).resolves({ NetworkAcls: [] });
  // A prefix-list lookup that finds nothing: the S3 route still names it.
  ec2Mock.on(DescribePrefixListsCommand).resolves({ PrefixLists: [] });
  // No centralised endpoints: the VPC has no private hosted zones.
  route53Mock.on(ListHostedZonesByVPCCommand).resolves({ HostedZoneSummaries: [] });
}

/** Available ecr.api and ecr.dkr endpoints with private DNS, in these subnets. */
function mockOwnEndpoints(subnetIds?: string[]): void {
  ec2Mock.on(DescribeVpcEndpointsCommand).resolves({
    VpcEndpoints: ['ecr.api', 'ecr.dkr'].map((service) => ({
      VpcEndpointId: `vpce-${service}`,
      VpcId: 'vpc-1',
      ServiceName: `com.amazonaws.eu-west-1.${service}`,
      VpcEndpointType: 'Interface',
      State: 'Available',
      PrivateDnsEnabled: true,
      ...(subnetIds === undefined ? {} : { SubnetIds: subnetIds }),
    })),
  });
}

beforeEach(() => {
  clearGatherCaches();
});

afterEach(() => {
  ec2Mock.reset();
  ecsMock.reset();
  route53Mock.reset();
});

describe('gatherSnapshot', () => {
  it('keeps the blackhole route, the failed NAT gateway and the pending endpoint as AWS reports them', async () => {
    // Prepare
    mockBrokenNatVpc();
    const clients = createAwsClients({ region: 'eu-west-1', maxAttempts: 1 });
    const permissions = allowAll();

    // Act
    const snapshot = await gatherSnapshot(clients, task, { permissions });

    // Assess
    expect(snapshot.network).toEqual({
      subnetIds: ['subnet-a', 'subnet-b'],
      securityGroupIds: ['sg-task'],
      assignPublicIp: false,
      source: 'service',
    });
    expect(snapshot.subnets.map((subnet) => subnet.subnetId)).toEqual(['subnet-a', 'subnet-b']);
    expect(snapshot.routeTables.find((table) => table.routeTableId === 'rtb-private')?.routes[1]).toEqual({
      destinationCidr: '0.0.0.0/0',
      destinationPrefixListId: null,
      targetKind: 'nat-gateway',
      targetId: 'nat-1',
      state: 'blackhole',
    });
    expect(snapshot.natGateways[0]?.state).toBe('failed');
    expect(snapshot.endpoints.find((endpoint) => endpoint.service === 'ecr.api')?.state).toBe('pending');
    expect(snapshot.s3PrefixListId).toBe('pl-s3');
    expect(snapshot.securityGroups.map((group) => group.groupId)).toEqual(['sg-task', 'sg-endpoints']);
    expect(snapshot.service?.tags).toEqual({ team: 'payments' });
    expect(permissions.asked).toContain('ecr:GetAuthorizationToken');
    expect(snapshot.permissions.evaluated).toBe(true);
  });

  it('calls each Describe once, the VPC attributes twice, and passes the abort signal to every call', async () => {
    mockBrokenNatVpc();
    const clients = createAwsClients({ region: 'eu-west-1', maxAttempts: 1 });
    const signal = new AbortController().signal;

    await gatherSnapshot(clients, task, { permissions: allowAll(), signal });

    const counts: Record<string, number> = {};
    for (const call of [...ec2Mock.calls(), ...ecsMock.calls(), ...route53Mock.calls()]) {
      const name = `${call.args[0].constructor.name.replace(/Command$/, '')}`;
      counts[name] = (counts[name] ?? 0) + 1;
      expect(((call.args as unknown[])[1] as { abortSignal?: AbortSignal } | undefined)?.abortSignal).toBe(signal);
    }
    expect(counts).toEqual({
      DescribeTaskDefinition: 1,
      DescribeServices: 1,
      DescribeSubnets: 1,
      DescribeVpcs: 1,
      DescribeVpcAttribute: 2,
      DescribeDhcpOptions: 1,
      DescribeRouteTables: 1,
      DescribeNatGateways: 1,
      DescribeInternetGateways: 1,
      DescribeVpcEndpoints: 1,
      DescribeSecurityGroups: 1,
      DescribeNetworkAcls: 1,
      DescribePrefixLists: 1,
      // ecr.api's endpoint is pending and ecr.dkr has none: a hub's private zone may serve them.
      ListHostedZonesByVPC: 1,
      // ecr.api's endpoint misses eu-west-1b, where the service also runs tasks: is it offered there?
      DescribeVpcEndpointServices: 1,
    });
  });

  it('records the AZs a service is offered in, asking only for the endpoint that misses a task AZ', async () => {
    mockBrokenNatVpc();
    ec2Mock.on(DescribeVpcEndpointServicesCommand).resolves({
      ServiceDetails: [{ ServiceName: 'com.amazonaws.eu-west-1.ecr.api', AvailabilityZones: ['eu-west-1a', 'eu-west-1c'] }],
    });
    const clients = createAwsClients({ region: 'eu-west-1', maxAttempts: 1 });

    const snapshot = await gatherSnapshot(clients, task, { permissions: allowAll() });

    expect(ec2Mock.commandCalls(DescribeVpcEndpointServicesCommand).map((call) => call.args[0].input.ServiceNames)).toEqual([
      ['com.amazonaws.eu-west-1.ecr.api'],
    ]);
    expect(snapshot.endpointServiceZones).toEqual([
      { serviceName: 'com.amazonaws.eu-west-1.ecr.api', availabilityZones: ['eu-west-1a', 'eu-west-1c'] },
    ]);
  });

  it('does not ask for service AZs when every needed endpoint covers the task AZs', async () => {
    mockBrokenNatVpc();
    mockOwnEndpoints(['subnet-a', 'subnet-b']);
    const clients = createAwsClients({ region: 'eu-west-1', maxAttempts: 1 });

    const snapshot = await gatherSnapshot(clients, task, { permissions: allowAll() });

    expect(ec2Mock.commandCalls(DescribeVpcEndpointServicesCommand)).toHaveLength(0);
    expect(snapshot.endpointServiceZones).toEqual([]);
  });

  it('reads the records of the private zones that answer a needed name, and only those', async () => {
    mockBrokenNatVpc();
    route53Mock.on(ListHostedZonesByVPCCommand).resolves({
      HostedZoneSummaries: [
        { HostedZoneId: 'Z0API', Name: 'api.ecr.eu-west-1.amazonaws.com.', Owner: { OwningAccount: '111122223333' } },
        { HostedZoneId: 'Z0CORP', Name: 'corp.example.com.', Owner: { OwningAccount: '123456789012' } },
      ],
    });
    route53Mock.on(ListResourceRecordSetsCommand, { HostedZoneId: 'Z0API' }).resolves({
      ResourceRecordSets: [
        {
          Name: 'api.ecr.eu-west-1.amazonaws.com.',
          Type: 'A',
          AliasTarget: {
            HostedZoneId: 'Z7HUB',
            DNSName: 'vpce-0hub-abcd.api.ecr.eu-west-1.vpce.amazonaws.com.',
            EvaluateTargetHealth: false,
          },
        },
        { Name: 'api.ecr.eu-west-1.amazonaws.com.', Type: 'NS', ResourceRecords: [{ Value: 'ns-1.awsdns-1.com' }] },
      ],
    });
    const clients = createAwsClients({ region: 'eu-west-1', maxAttempts: 1 });

    const snapshot = await gatherSnapshot(clients, task, { permissions: allowAll() });

    expect(snapshot.privateZones).toEqual([
      {
        hostedZoneId: 'Z0API',
        zoneName: 'api.ecr.eu-west-1.amazonaws.com',
        ownerAccount: '111122223333',
        records: [
          {
            name: 'api.ecr.eu-west-1.amazonaws.com',
            type: 'A',
            values: [],
            aliasTarget: 'vpce-0hub-abcd.api.ecr.eu-west-1.vpce.amazonaws.com',
          },
        ],
      },
    ]);
    expect(route53Mock.commandCalls(ListResourceRecordSetsCommand).map((call) => call.args[0].input.HostedZoneId)).toEqual([
      'Z0API',
    ]);
  });

  it('does not ask Route 53 when every needed service has its own endpoint with private DNS', async () => {
    mockBrokenNatVpc();
    mockOwnEndpoints();
    const clients = createAwsClients({ region: 'eu-west-1', maxAttempts: 1 });

    const snapshot = await gatherSnapshot(clients, task, { permissions: allowAll() });

    expect(route53Mock.calls()).toHaveLength(0);
    expect(snapshot.privateZones).toEqual([]);
  });

  it('follows NextToken only when a page carries one', async () => {
    mockBrokenNatVpc();
    ec2Mock
      .on(DescribeVpcEndpointsCommand)
      .resolvesOnce({
        NextToken: 'page-2',
        VpcEndpoints: [
          {
            VpcEndpointId: 'vpce-1',
            VpcId: 'vpc-1',
            ServiceName: 'com.amazonaws.eu-west-1.ecr.api',
            VpcEndpointType: 'Interface',
            State: 'Available',
          },
        ],
      })
      .resolvesOnce({
        VpcEndpoints: [
          {
            VpcEndpointId: 'vpce-2',
            VpcId: 'vpc-1',
            ServiceName: 'com.amazonaws.eu-west-1.ecr.dkr',
            VpcEndpointType: 'Interface',
            State: 'Available',
          },
        ],
      });
    const clients = createAwsClients({ region: 'eu-west-1', maxAttempts: 1 });

    const snapshot = await gatherSnapshot(clients, task, { permissions: allowAll() });

    expect(snapshot.endpoints.map((endpoint) => endpoint.service)).toEqual(['ecr.api', 'ecr.dkr']);
    expect(ec2Mock.commandCalls(DescribeVpcEndpointsCommand).map((call) => call.args[0].input.NextToken)).toEqual([
      undefined,
      'page-2',
    ]);
    expect(ec2Mock.commandCalls(DescribeRouteTablesCommand)).toHaveLength(1);
  });

  it('propagates throttling as a transient AwsCallError naming the operation and the VPC', async () => {
    mockBrokenNatVpc();
    ec2Mock
      .on(DescribeRouteTablesCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'RequestLimitExceeded', $metadata: { httpStatusCode: 503 } }));
    const clients = createAwsClients({ region: 'eu-west-1', maxAttempts: 1 });

    const attempt = gatherSnapshot(clients, task, { permissions: allowAll() });

    await expect(attempt).rejects.toBeInstanceOf(AwsCallError);
    await expect(attempt).rejects.toMatchObject({
      operation: 'DescribeRouteTables',
      resource: 'vpc-1',
      code: 'RequestLimitExceeded',
      transient: true,
    });
  });

  it('fails permanently, naming the subnets, when a subnet was deleted', async () => {
    mockBrokenNatVpc();
    ec2Mock.on(DescribeSubnetsCommand).rejects(
      Object.assign(new Error("The subnet ID 'subnet-b' does not exist"), {
        name: 'InvalidSubnetID.NotFound',
        $metadata: { httpStatusCode: 400 },
      })
    );
    const clients = createAwsClients({ region: 'eu-west-1', maxAttempts: 1 });

    const attempt = gatherSnapshot(clients, task, { permissions: allowAll() });

    await expect(attempt).rejects.toMatchObject({
      name: 'AwsCallError',
      operation: 'DescribeSubnets',
      resource: 'subnet-a,subnet-b',
      transient: false,
    });
  });

  it('goes on without the task definition when ECS no longer has it, and says so', async () => {
    mockBrokenNatVpc();
    ecsMock.on(DescribeTaskDefinitionCommand).rejects(
      Object.assign(new Error('Unable to describe task definition.'), {
        name: 'ClientException',
        $metadata: { httpStatusCode: 400 },
      })
    );
    const clients = createAwsClients({ region: 'eu-west-1', maxAttempts: 1 });

    const snapshot = await gatherSnapshot(clients, task, { permissions: allowAll() });

    expect(snapshot.taskDefinition).toBeNull();
    expect(snapshot.permissions).toMatchObject({
      evaluated: false,
      note: 'permission check skipped: the task definition is unknown',
    });
    expect(snapshot.unknowns).toEqual([
      expect.stringContaining(`Task definition ${task.taskDefinitionArn} could not be described`),
    ]);
  });
});

describe('GATHER_CALL_BUDGET', () => {
  it('plans five rounds whose operations all have a budget', () => {
    expect(GATHER_ROUNDS).toHaveLength(GATHER_CALL_BUDGET.maxRounds);
    for (const operation of GATHER_ROUNDS.flatMap((round) => round.operations)) {
      expect(GATHER_CALL_BUDGET.maxCallsPerOperation[operation]).toBeGreaterThan(0);
    }
  });

  it('names each call over budget and any unplanned operation', () => {
    expect(
      findBudgetViolations({ 'EC2.DescribeSubnets': 3, 'EC2.DescribeNetworkInterfaces': 1, 'EC2.DescribeVpcAttribute': 2 }, 6)
    ).toEqual([
      '6 sequential rounds, budget 5',
      'EC2.DescribeSubnets called 3 times, budget 2',
      'EC2.DescribeNetworkInterfaces is not part of the gather plan',
    ]);
  });
});
