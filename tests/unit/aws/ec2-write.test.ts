import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateVpcEndpointCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  ModifyVpcEndpointCommand,
  type State,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  allowHttpsIn,
  createEndpointSecurityGroup,
  createVpcEndpoint,
  describeApplyView,
  isLiveEndpoint,
  modifyVpcEndpoint,
} from '../../../shared/aws/ec2-write.js';
import { AwsCallError } from '../../../shared/errors.js';

const ec2Mock = mockClient(EC2Client);

/** EC2 answers endpoint states in lower case (`available`), although the SDK types spell them `Available`. */
function ec2State(state: string): State {
  return state as State;
}
const VPC = 'vpc-0abc';
const TAGS = [{ Key: 'ManagedBy', Value: 'ecs-netfix' }];

function anEc2Client(): EC2Client {
  return new EC2Client({ region: 'eu-west-1', maxAttempts: 1 });
}

function awsError(name: string, message: string, status = 400): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}

afterEach(() => {
  ec2Mock.reset();
});

describe('describeApplyView', () => {
  it('reads the VPC endpoints and the ecs-netfix-endpoints group of the VPC, filtered server-side', async () => {
    // Prepare
    ec2Mock.on(DescribeVpcEndpointsCommand).resolves({
      VpcEndpoints: [
        {
          VpcEndpointId: 'vpce-1',
          ServiceName: 'com.amazonaws.eu-west-1.ecr.dkr',
          VpcEndpointType: 'Interface',
          State: ec2State('available'),
          SubnetIds: ['subnet-0a'],
          Tags: [{ Key: 'ManagedBy', Value: 'ecs-netfix' }],
        },
        {
          VpcEndpointId: 'vpce-2',
          ServiceName: 'com.amazonaws.eu-west-1.s3',
          VpcEndpointType: 'Gateway',
          RouteTableIds: ['rtb-1'],
        },
      ],
    });
    ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-netfix', VpcId: VPC }] });

    // Act
    const view = await describeApplyView(anEc2Client(), VPC);

    // Assess
    expect(view).toEqual({
      endpoints: [
        {
          vpcEndpointId: 'vpce-1',
          serviceName: 'com.amazonaws.eu-west-1.ecr.dkr',
          type: 'Interface',
          state: 'available',
          subnetIds: ['subnet-0a'],
          routeTableIds: [],
          managedByNetfix: true,
        },
        {
          vpcEndpointId: 'vpce-2',
          serviceName: 'com.amazonaws.eu-west-1.s3',
          type: 'Gateway',
          state: 'unknown',
          subnetIds: [],
          routeTableIds: ['rtb-1'],
          managedByNetfix: false,
        },
      ],
      endpointSecurityGroupId: 'sg-netfix',
    });
    expect(ec2Mock.commandCalls(DescribeVpcEndpointsCommand)[0]?.args[0].input.Filters).toEqual([
      { Name: 'vpc-id', Values: [VPC] },
    ]);
    expect(ec2Mock.commandCalls(DescribeSecurityGroupsCommand)[0]?.args[0].input.Filters).toEqual([
      { Name: 'vpc-id', Values: [VPC] },
      { Name: 'group-name', Values: ['ecs-netfix-endpoints'] },
      { Name: 'tag:ManagedBy', Values: ['ecs-netfix'] },
    ]);
  });

  it('ignores a group of that name in another VPC', async () => {
    ec2Mock.on(DescribeVpcEndpointsCommand).resolves({});
    ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-other', VpcId: 'vpc-0other' }] });

    const view = await describeApplyView(anEc2Client(), VPC);

    expect(view).toEqual({ endpoints: [], endpointSecurityGroupId: null });
  });

  it('names the operation and the VPC when a describe fails', async () => {
    ec2Mock.on(DescribeVpcEndpointsCommand).rejects(awsError('UnauthorizedOperation', 'You are not authorized', 403));
    ec2Mock.on(DescribeSecurityGroupsCommand).resolves({});

    const error = await describeApplyView(anEc2Client(), VPC).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(AwsCallError);
    expect((error as AwsCallError).message).toBe(
      'EC2.DescribeVpcEndpoints failed for vpc-0abc: UnauthorizedOperation: You are not authorized'
    );
    expect((error as AwsCallError).transient).toBe(false);
  });
});

describe('isLiveEndpoint', () => {
  it.each([
    ['available', true],
    ['Available', true],
    ['pending', true],
    ['pendingAcceptance', true],
    ['failed', false],
    ['rejected', false],
    ['deleting', false],
    ['deleted', false],
    ['expired', false],
  ])('counts an endpoint in state %s as live: %s', (state, live) => {
    const endpoint = {
      vpcEndpointId: 'vpce-1',
      serviceName: 's',
      type: 'Interface',
      state,
      subnetIds: [],
      routeTableIds: [],
      managedByNetfix: true,
    };
    expect(isLiveEndpoint(endpoint)).toBe(live);
  });
});

describe('createEndpointSecurityGroup', () => {
  it('creates the group with its fixed name, a description and the tags, and returns its id', async () => {
    ec2Mock.on(CreateSecurityGroupCommand).resolves({ GroupId: 'sg-new' });

    const groupId = await createEndpointSecurityGroup(anEc2Client(), { vpcId: VPC, tags: TAGS });

    expect(groupId).toBe('sg-new');
    expect(ec2Mock.commandCalls(CreateSecurityGroupCommand)[0]?.args[0].input).toEqual({
      VpcId: VPC,
      GroupName: 'ecs-netfix-endpoints',
      Description: 'ecs-netfix: HTTPS from ECS tasks to VPC interface endpoints',
      TagSpecifications: [{ ResourceType: 'security-group', Tags: TAGS }],
    });
  });

  it("says what to do when the name is taken by a group that is not ecs-netfix's (untagged)", async () => {
    ec2Mock.on(CreateSecurityGroupCommand).rejects(awsError('InvalidGroup.Duplicate', 'already exists'));
    ec2Mock.on(DescribeVpcEndpointsCommand).resolves({});
    ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });

    const error = await createEndpointSecurityGroup(anEc2Client(), { vpcId: VPC, tags: TAGS }).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ name: 'NetfixError', resource: VPC });
    expect((error as Error).message).toBe(
      `A security group named ecs-netfix-endpoints already exists in ${VPC} without the tag ManagedBy=ecs-netfix: rename it, or tag it to let ecs-netfix use it for the endpoints`
    );
  });
});

describe('allowHttpsIn', () => {
  it('answers added, or already-present on InvalidPermission.Duplicate', async () => {
    ec2Mock
      .on(AuthorizeSecurityGroupIngressCommand)
      .resolvesOnce({})
      .rejects(awsError('InvalidPermission.Duplicate', 'rule exists'));

    const first = await allowHttpsIn(anEc2Client(), 'sg-1', { groupIds: ['sg-task'], cidrs: [] });
    const second = await allowHttpsIn(anEc2Client(), 'sg-1', { groupIds: ['sg-task'], cidrs: [] });

    expect([first, second]).toEqual(['added', 'already-present']);
  });

  it('passes other failures on, naming the group', async () => {
    ec2Mock.on(AuthorizeSecurityGroupIngressCommand).rejects(awsError('RulesPerSecurityGroupLimitExceeded', 'too many rules'));

    await expect(allowHttpsIn(anEc2Client(), 'sg-1', { groupIds: [], cidrs: ['10.0.0.0/16'] })).rejects.toMatchObject({
      operation: 'EC2.AuthorizeSecurityGroupIngress',
      resource: 'sg-1',
      transient: false,
    });
  });
});

describe('createVpcEndpoint', () => {
  it('sends subnets, groups and private DNS for an interface endpoint, and no route tables', async () => {
    ec2Mock.on(CreateVpcEndpointCommand).resolves({ VpcEndpoint: { VpcEndpointId: 'vpce-new', State: ec2State('pending') } });

    const created = await createVpcEndpoint(anEc2Client(), {
      vpcId: VPC,
      serviceName: 'com.amazonaws.eu-west-1.ecr.api',
      type: 'Interface',
      subnetIds: ['subnet-0a'],
      securityGroupIds: ['sg-1'],
      routeTableIds: ['rtb-ignored'],
      clientToken: 'ecs-netfix-token',
      tags: TAGS,
    });

    expect(created).toEqual({ vpcEndpointId: 'vpce-new', state: 'pending' });
    expect(ec2Mock.commandCalls(CreateVpcEndpointCommand)[0]?.args[0].input).toEqual({
      VpcId: VPC,
      ServiceName: 'com.amazonaws.eu-west-1.ecr.api',
      VpcEndpointType: 'Interface',
      ClientToken: 'ecs-netfix-token',
      TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: TAGS }],
      SubnetIds: ['subnet-0a'],
      SecurityGroupIds: ['sg-1'],
      PrivateDnsEnabled: true,
    });
  });

  it('sends only route tables for a gateway endpoint', async () => {
    ec2Mock.on(CreateVpcEndpointCommand).resolves({ VpcEndpoint: { VpcEndpointId: 'vpce-s3', State: ec2State('available') } });

    await createVpcEndpoint(anEc2Client(), {
      vpcId: VPC,
      serviceName: 'com.amazonaws.eu-west-1.s3',
      type: 'Gateway',
      routeTableIds: ['rtb-1'],
      clientToken: 'ecs-netfix-token',
      tags: TAGS,
    });

    expect(ec2Mock.commandCalls(CreateVpcEndpointCommand)[0]?.args[0].input).toEqual({
      VpcId: VPC,
      ServiceName: 'com.amazonaws.eu-west-1.s3',
      VpcEndpointType: 'Gateway',
      ClientToken: 'ecs-netfix-token',
      TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: TAGS }],
      RouteTableIds: ['rtb-1'],
    });
  });

  it('names the service and VPC when the create fails, and marks throttling transient', async () => {
    ec2Mock.on(CreateVpcEndpointCommand).rejects(awsError('RequestLimitExceeded', 'Request limit exceeded.', 503));

    const error = await createVpcEndpoint(anEc2Client(), {
      vpcId: VPC,
      serviceName: 'com.amazonaws.eu-west-1.logs',
      type: 'Interface',
      clientToken: 't',
      tags: TAGS,
    }).catch((caught: unknown) => caught);

    expect(error).toMatchObject({
      name: 'AwsCallError',
      transient: true,
      message:
        'EC2.CreateVpcEndpoint failed for com.amazonaws.eu-west-1.logs in vpc-0abc: RequestLimitExceeded: Request limit exceeded.',
    });
  });
});

describe('modifyVpcEndpoint', () => {
  it('sends only the additions it was given', async () => {
    ec2Mock.on(ModifyVpcEndpointCommand).resolves({ Return: true });

    await modifyVpcEndpoint(anEc2Client(), { vpcEndpointId: 'vpce-s3', addRouteTableIds: ['rtb-2'] });
    await modifyVpcEndpoint(anEc2Client(), { vpcEndpointId: 'vpce-dkr', addSubnetIds: ['subnet-0b'] });

    expect(ec2Mock.commandCalls(ModifyVpcEndpointCommand).map((call) => call.args[0].input)).toEqual([
      { VpcEndpointId: 'vpce-s3', AddRouteTableIds: ['rtb-2'] },
      { VpcEndpointId: 'vpce-dkr', AddSubnetIds: ['subnet-0b'] },
    ]);
  });
});
