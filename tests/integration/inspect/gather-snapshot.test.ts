import { beforeAll, describe, expect, it } from '@jest/globals';
import type { AwsClients } from '../../../shared/aws/clients.js';
import { AwsCallError } from '../../../shared/errors.js';
import { OPT_OUT_TAG_KEY } from '../../../shared/aws-names.js';
import { motoClients } from '../../helpers/moto.js';
import { buildWorld } from '../../helpers/moto-world.js';
import { expectWithinBudget, gatherCold } from './gather-helpers.js';

let clients: AwsClients;

beforeAll(() => {
  clients = motoClients();
});

describe('gatherSnapshot against moto', () => {
  it('shows two private subnets in two AZs with only the local route, no endpoint and no NAT', async () => {
    // Prepare
    const world = await buildWorld(clients, { azs: 2 });

    // Act
    const { snapshot, ledger } = await gatherCold(clients, world.task);

    // Assess
    expect(snapshot.network).toEqual({
      subnetIds: world.privateSubnetIds,
      securityGroupIds: [world.taskSecurityGroupId],
      assignPublicIp: false,
      source: 'service',
    });
    expect(snapshot.subnets.map((subnet) => subnet.availabilityZone)).toEqual(['eu-west-1a', 'eu-west-1b']);
    expect(snapshot.vpc).toMatchObject({
      vpcId: world.vpcId,
      cidrBlocks: ['10.0.0.0/16'],
      enableDnsSupport: true,
      enableDnsHostnames: true,
      domainNameServers: ['AmazonProvidedDNS'],
    });
    const privateTable = snapshot.routeTables.find((table) => table.routeTableId === world.privateRouteTableIds[0]);
    expect(privateTable?.subnetIds).toEqual(world.privateSubnetIds);
    expect(privateTable?.routes.map((route) => route.targetKind)).toEqual(['local']);
    expect(snapshot.endpoints).toEqual([]);
    expect(snapshot.natGateways).toEqual([]);
    expect(snapshot.internetGateways).toEqual([]);
    expect(snapshot.service?.serviceName).toBe(world.serviceName);
    expect(snapshot.unknowns).toEqual([]);
    expectWithinBudget(ledger);
    expect(ledger.byOperation()).toMatchObject({
      'ECS.DescribeServices': 1,
      'ECS.DescribeTaskDefinition': 1,
      'EC2.DescribeSubnets': 1,
      'EC2.DescribeVpcEndpoints': 1,
      'EC2.DescribeVpcAttribute': 2,
    });
  });

  it('shows the NAT gateway, its default route from the private table and the internet gateway', async () => {
    const world = await buildWorld(clients, { publicSubnet: { nat: true } });

    const { snapshot, ledger } = await gatherCold(clients, world.task);

    expect(snapshot.natGateways).toEqual([
      { natGatewayId: world.natGatewayId, subnetId: world.publicSubnetId, state: 'available', connectivityType: 'public' },
    ]);
    const privateTable = snapshot.routeTables.find((table) => table.routeTableId === world.privateRouteTableIds[0]);
    expect(privateTable?.routes).toContainEqual({
      destinationCidr: '0.0.0.0/0',
      destinationPrefixListId: null,
      targetKind: 'nat-gateway',
      targetId: world.natGatewayId,
      state: 'active',
    });
    expect(snapshot.internetGateways).toEqual([{ internetGatewayId: world.internetGatewayId, attachedVpcIds: [world.vpcId] }]);
    // The public subnet's table does not apply to the task's subnets.
    expect(snapshot.routeTables.map((table) => table.routeTableId)).not.toContain(world.publicRouteTableId);
    expectWithinBudget(ledger);
  });

  it('lists interface endpoints with their short service, subnets and group, and the S3 gateway route', async () => {
    const world = await buildWorld(clients, {
      interfaceEndpoints: { services: ['ecr.api', 'ecr.dkr', 'logs'] },
      s3Gateway: { on: 'private' },
    });

    const { snapshot, ledger } = await gatherCold(clients, world.task);

    const interfaces = snapshot.endpoints.filter((endpoint) => endpoint.type === 'Interface');
    expect(interfaces.map((endpoint) => endpoint.service).sort()).toEqual(['ecr.api', 'ecr.dkr', 'logs']);
    for (const endpoint of interfaces) {
      expect(endpoint).toMatchObject({
        state: 'available',
        privateDnsEnabled: true,
        subnetIds: world.privateSubnetIds,
        securityGroupIds: [world.endpointSecurityGroupId],
      });
    }
    const gateway = snapshot.endpoints.find((endpoint) => endpoint.type === 'Gateway');
    expect(gateway).toMatchObject({
      service: 's3',
      vpcEndpointId: world.s3GatewayEndpointId,
      routeTableIds: world.privateRouteTableIds,
    });
    expect(snapshot.s3PrefixListId).toMatch(/^pl-/);
    const privateTable = snapshot.routeTables.find((table) => table.routeTableId === world.privateRouteTableIds[0]);
    expect(privateTable?.routes).toContainEqual(
      expect.objectContaining({
        destinationPrefixListId: snapshot.s3PrefixListId,
        targetKind: 'vpc-endpoint',
        targetId: world.s3GatewayEndpointId,
      })
    );
    expect(snapshot.securityGroups.map((group) => group.groupId).sort()).toEqual(
      [world.endpointSecurityGroupId, world.taskSecurityGroupId].sort()
    );
    expectWithinBudget(ledger);
  });

  it('shows a task in a public subnet without a public IP: IGW default route, public IP off', async () => {
    const world = await buildWorld(clients, { publicSubnet: {}, taskSubnet: 'public', assignPublicIp: false });

    const { snapshot, ledger } = await gatherCold(clients, world.task);

    expect(snapshot.network).toMatchObject({ subnetIds: [world.publicSubnetId], assignPublicIp: false });
    expect(snapshot.subnets[0]).toMatchObject({ subnetId: world.publicSubnetId, mapPublicIpOnLaunch: true });
    const publicTable = snapshot.routeTables.find((table) => table.subnetIds.includes(world.publicSubnetId ?? ''));
    expect(publicTable?.routes).toContainEqual(
      expect.objectContaining({ destinationCidr: '0.0.0.0/0', targetKind: 'internet-gateway', targetId: world.internetGatewayId })
    );
    expectWithinBudget(ledger);
  });

  it("shows endpoints placed only outside the task's AZ", async () => {
    const world = await buildWorld(clients, {
      azs: 2,
      interfaceEndpoints: { services: ['ecr.api', 'ecr.dkr'], subnetIndexes: [1] },
      taskSubnet: 0,
    });

    const { snapshot, ledger } = await gatherCold(clients, world.task);

    expect(snapshot.network.subnetIds[0]).toBe(world.privateSubnetIds[0]);
    expect(snapshot.subnets[0]?.availabilityZone).toBe('eu-west-1a');
    for (const endpoint of snapshot.endpoints) expect(endpoint.subnetIds).toEqual([world.privateSubnetIds[1]]);
    expect(snapshot.subnets.find((subnet) => subnet.subnetId === world.privateSubnetIds[1])?.availabilityZone).toBe('eu-west-1b');
    expectWithinBudget(ledger);
  });

  it("shows an S3 gateway endpoint that sits on a route table none of the task's subnets use", async () => {
    const world = await buildWorld(clients, { s3Gateway: { on: 'other' }, privateRouteTables: 'per-subnet' });

    const { snapshot, ledger } = await gatherCold(clients, world.task);

    expect(snapshot.endpoints).toEqual([expect.objectContaining({ service: 's3', routeTableIds: [world.otherRouteTableId] })]);
    const applicable = snapshot.routeTables.map((table) => table.routeTableId).sort();
    expect(applicable).toEqual([world.mainRouteTableId, ...world.privateRouteTableIds].sort());
    expect(snapshot.routeTables.flatMap((table) => table.routes).some((route) => route.destinationPrefixListId !== null)).toBe(
      false
    );
    expectWithinBudget(ledger);
  });

  it('shows security groups that block HTTPS: no task egress, no endpoint ingress', async () => {
    const world = await buildWorld(clients, {
      interfaceEndpoints: { services: ['ecr.api'] },
      taskEgress: 'none',
      endpointIngress: 'none',
    });

    const { snapshot, ledger } = await gatherCold(clients, world.task);

    const taskGroup = snapshot.securityGroups.find((group) => group.groupId === world.taskSecurityGroupId);
    const endpointGroup = snapshot.securityGroups.find((group) => group.groupId === world.endpointSecurityGroupId);
    expect(taskGroup?.egress).toEqual([]);
    expect(endpointGroup?.ingress).toEqual([]);
    expectWithinBudget(ledger);
  });

  it('shows task egress limited to HTTPS inside the VPC', async () => {
    const world = await buildWorld(clients, { taskEgress: 'https-to-vpc' });

    const { snapshot } = await gatherCold(clients, world.task);

    expect(snapshot.securityGroups.find((group) => group.groupId === world.taskSecurityGroupId)?.egress).toEqual([
      { protocol: 'tcp', fromPort: 443, toPort: 443, cidrs: ['10.0.0.0/16'], ipv6Cidrs: [], prefixListIds: [], groupIds: [] },
    ]);
  });

  it('shows the VPC DNS attributes turned off', async () => {
    const world = await buildWorld(clients, {
      interfaceEndpoints: { services: ['ecr.api'] },
      dns: { support: false, hostnames: false },
    });

    const { snapshot, ledger } = await gatherCold(clients, world.task);

    expect(snapshot.vpc).toMatchObject({ enableDnsSupport: false, enableDnsHostnames: false });
    expectWithinBudget(ledger);
  });

  it('shows custom DNS servers from the DHCP options', async () => {
    const world = await buildWorld(clients, { dhcpDnsServers: ['10.0.0.53', '10.0.1.53'] });

    const { snapshot, ledger } = await gatherCold(clients, world.task);

    expect(snapshot.vpc).toMatchObject({ dhcpOptionsId: world.dhcpOptionsId, domainNameServers: ['10.0.0.53', '10.0.1.53'] });
    expectWithinBudget(ledger);
  });

  it('shows a NACL whose egress denies HTTPS on the private subnets', async () => {
    const world = await buildWorld(clients, { naclDenyHttps: true });

    const { snapshot, ledger } = await gatherCold(clients, world.task);

    const acl = snapshot.networkAcls.find((candidate) => candidate.networkAclId === world.networkAclId);
    expect(acl?.subnetIds.sort()).toEqual([...world.privateSubnetIds].sort());
    expect(acl?.entries).toContainEqual({
      ruleNumber: 100,
      egress: true,
      protocol: '6',
      action: 'deny',
      cidr: '0.0.0.0/0',
      ipv6Cidr: null,
      portFrom: 443,
      portTo: 443,
    });
    expectWithinBudget(ledger);
  });

  it('reads secrets, awslogs and environment files from the task definition', async () => {
    const world = await buildWorld(clients, {
      taskDefinition: {
        awslogs: true,
        secrets: ['secretsmanager', 'ssm', 'ssm-name'],
        environmentFiles: ['arn:aws:s3:::config-bucket/app.env'],
      },
    });

    const { snapshot, ledger } = await gatherCold(clients, world.task);

    const definition = snapshot.taskDefinition;
    expect(definition?.executionRoleArn).toBe(world.executionRoleArn);
    expect(definition?.awsLogs).toEqual([{ container: 'app', group: `/ecs/${world.name}`, region: 'eu-west-1' }]);
    expect(definition?.secrets.map((secret) => [secret.name, secret.source, secret.region])).toEqual([
      ['DB_PASSWORD', 'secretsmanager', 'eu-west-1'],
      ['API_KEY', 'ssm', 'eu-west-1'],
      ['FEATURE_FLAGS', 'ssm', 'eu-west-1'],
    ]);
    expect(definition?.environmentFiles).toEqual(['arn:aws:s3:::config-bucket/app.env']);
    expect(snapshot.permissions).toEqual({
      evaluated: false,
      roleArn: world.executionRoleArn,
      results: [],
      note: 'permission check disabled (PERMISSION_CHECK=off)',
    });
    expectWithinBudget(ledger);
  });

  it('recognises a Docker Hub image as a public registry', async () => {
    const world = await buildWorld(clients, { taskDefinition: { image: 'docker-hub' } });

    const { snapshot } = await gatherCold(clients, world.task);

    expect(snapshot.taskDefinition?.images).toEqual([
      {
        container: 'app',
        image: 'nginx:1.27',
        registryKind: 'public',
        registryHost: 'docker.io',
        ecrRegion: null,
        ecrAccountId: null,
        repository: 'nginx',
      },
    ]);
  });

  it('recognises an ECR image from another region', async () => {
    const world = await buildWorld(clients, { taskDefinition: { image: 'ecr-other-region', otherRegion: 'us-east-1' } });

    const { snapshot } = await gatherCold(clients, world.task);

    expect(snapshot.taskDefinition?.images[0]).toMatchObject({
      registryKind: 'ecr',
      ecrRegion: 'us-east-1',
      ecrAccountId: world.accountId,
    });
  });

  it('says in plain words that a standalone task has unknown security groups and public IP', async () => {
    const world = await buildWorld(clients, { launch: 'standalone' });

    const { snapshot, ledger } = await gatherCold(clients, world.task);

    expect(snapshot.network).toEqual({
      subnetIds: [world.taskSubnetId],
      securityGroupIds: null,
      assignPublicIp: null,
      source: 'event',
    });
    expect(snapshot.service).toBeNull();
    expect(snapshot.unknowns).toEqual([expect.stringContaining('standalone RunTask')]);
    expect(ledger.byOperation()['ECS.DescribeServices']).toBeUndefined();
    expectWithinBudget(ledger);
  });

  it('carries the opt-out tags of the VPC and the service', async () => {
    const world = await buildWorld(clients, {
      tags: { vpc: { [OPT_OUT_TAG_KEY]: 'true' }, service: { [OPT_OUT_TAG_KEY]: 'true', team: 'payments' } },
    });

    const { snapshot } = await gatherCold(clients, world.task);

    expect(snapshot.vpc?.tags[OPT_OUT_TAG_KEY]).toBe('true');
    expect(snapshot.service?.tags).toEqual({ [OPT_OUT_TAG_KEY]: 'true', team: 'payments' });
  });

  it('uses the main route table for subnets without an explicit association', async () => {
    const world = await buildWorld(clients, { privateRouteTables: 'main', publicSubnet: { nat: true } });

    const { snapshot } = await gatherCold(clients, world.task);

    expect(snapshot.routeTables.map((table) => table.routeTableId)).toEqual([world.mainRouteTableId]);
    expect(snapshot.routeTables[0]?.routes).toContainEqual(
      expect.objectContaining({ targetKind: 'nat-gateway', targetId: world.natGatewayId })
    );
  });

  it('skips DescribeTaskDefinition for a revision it has already read in this container', async () => {
    const world = await buildWorld(clients, {});
    await gatherCold(clients, world.task);

    const { snapshot, ledger } = await gatherCold(clients, world.task, { keepCache: true });

    expect(snapshot.taskDefinition?.arn).toBe(world.taskDefinitionArn);
    expect(ledger.byOperation()['ECS.DescribeTaskDefinition']).toBeUndefined();
    expectWithinBudget(ledger);
  });

  it('reports a missing service in unknowns and still inspects the task subnet', async () => {
    const world = await buildWorld(clients, { launch: 'standalone' });

    const { snapshot } = await gatherCold(clients, {
      ...world.task,
      serviceName: 'no-such-service',
      group: 'service:no-such-service',
    });

    expect(snapshot.network.source).toBe('event');
    expect(snapshot.vpc?.vpcId).toBe(world.vpcId);
    expect(snapshot.unknowns).toEqual([expect.stringContaining('Service no-such-service was not found')]);
  });

  it('fails permanently, naming the subnet, when the subnet no longer exists', async () => {
    const world = await buildWorld(clients, { launch: 'standalone' });

    const attempt = gatherCold(clients, { ...world.task, subnetId: 'subnet-0000000000000dead' });

    await expect(attempt).rejects.toBeInstanceOf(AwsCallError);
    await expect(attempt).rejects.toMatchObject({
      operation: 'DescribeSubnets',
      resource: 'subnet-0000000000000dead',
      transient: false,
    });
  });
});
