/**
 * What moto cannot show: EC2 refuses `PrivateDnsEnabled: true` when a Route 53 private hosted zone
 * associated with the VPC (a centralised endpoint's) already owns the name. The refusal must be
 * reported in plain words, as permanent, with nothing created.
 */
import {
  CreateVpcEndpointCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcEndpointServicesCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  ModifyVpcEndpointCommand,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createVpcEndpoint, isPrivateDnsConflict, modifyVpcEndpoint } from '../../../shared/aws/ec2-write.js';
import { AwsCallError } from '../../../shared/errors.js';
import { applyPlan } from '../../../shared/remediation/apply.js';
import type { CreateInterfaceEndpointAction } from '../../../shared/remediation/action.js';

const ec2Mock = mockClient(EC2Client);

/** The error as the SDK raises it for EC2's 400 (name from the Code element, message verbatim). */
function conflictError(): Error {
  return Object.assign(
    new Error(
      'private-dns-enabled cannot be set because there is already a conflicting DNS domain for api.ecr.eu-west-1.amazonaws.com in the VPC vpc-0abc'
    ),
    { name: 'InvalidParameter', $fault: 'client', $metadata: { httpStatusCode: 400, requestId: 'req-1', attempts: 1 } }
  );
}

afterEach(() => {
  ec2Mock.reset();
});

describe('the private-DNS conflict', () => {
  it('is recognised by name and wording, and only then', () => {
    expect(isPrivateDnsConflict(conflictError())).toBe(true);
    expect(isPrivateDnsConflict(Object.assign(new Error('The subnet ID does not exist'), { name: 'InvalidParameter' }))).toBe(
      false
    );
    expect(isPrivateDnsConflict(Object.assign(conflictError(), { name: 'InvalidParameterValue' }))).toBe(false);
  });

  it('is reported as a permanent failure that names the private hosted zone, not the raw text', async () => {
    ec2Mock.on(CreateVpcEndpointCommand).rejects(conflictError());
    const ec2 = new EC2Client({ region: 'eu-west-1', maxAttempts: 1 });

    const attempt = createVpcEndpoint(ec2, {
      vpcId: 'vpc-0abc',
      serviceName: 'com.amazonaws.eu-west-1.ecr.api',
      type: 'Interface',
      subnetIds: ['subnet-0a'],
      securityGroupIds: ['sg-endpoints'],
      clientToken: 'token-1',
      tags: [],
    });

    await expect(attempt).rejects.toBeInstanceOf(AwsCallError);
    await expect(attempt).rejects.toMatchObject({ transient: false, code: 'PrivateDnsConflict' });
    await expect(attempt).rejects.toThrow(/private hosted zone associated with the VPC already answers/);
  });

  it('fails only that action in apply, with the explanation in its note', async () => {
    ec2Mock.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [] });
    ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
    ec2Mock.on(DescribeVpcEndpointServicesCommand).resolves({ ServiceDetails: [] });
    ec2Mock.on(CreateVpcEndpointCommand).rejects(conflictError());
    const action: CreateInterfaceEndpointAction = {
      kind: 'create-interface-endpoint',
      id: 'a1',
      vpcId: 'vpc-0abc',
      service: 'ecr.api',
      serviceName: 'com.amazonaws.eu-west-1.ecr.api',
      subnetIds: ['subnet-0a'],
      availabilityZones: ['eu-west-1a'],
      securityGroupId: 'sg-endpoints',
      privateDnsEnabled: true,
      fixes: ['ECR_API_ENDPOINT_MISSING'],
      monthlyCostUsd: 8,
      description: 'Create the ecr.api interface endpoint',
    };

    const [outcome] = await applyPlan(new EC2Client({ region: 'eu-west-1', maxAttempts: 1 }), [action], {
      vpcId: 'vpc-0abc',
      taskArn: 'arn:aws:ecs:eu-west-1:123456789012:task/prod/1',
      incidentId: 'incident-1',
      now: new Date('2026-12-01T00:00:00Z'),
    });

    expect(outcome?.status).toBe('failed');
    expect(outcome?.resourceId).toBeNull();
    expect(outcome?.note).toMatch(/Nothing was created/);
    expect(outcome?.note).toMatch(/SHARED_ENDPOINT_ROUTE_MISSING/);
  });
});

/** EC2's 400 for a subnet without a free address (EC2 API error codes reference). */
function subnetFullError(): Error {
  return Object.assign(new Error('The specified subnet does not have enough free addresses to satisfy the request.'), {
    name: 'InsufficientFreeAddressesInSubnet',
    $fault: 'client',
    $metadata: { httpStatusCode: 400, requestId: 'req-2', attempts: 1 },
  });
}

describe('a full subnet', () => {
  it('is reported as SUBNET_NO_FREE_IPS, permanent, naming the subnets, on create', async () => {
    ec2Mock.on(CreateVpcEndpointCommand).rejects(subnetFullError());
    const attempt = createVpcEndpoint(new EC2Client({ region: 'eu-west-1', maxAttempts: 1 }), {
      vpcId: 'vpc-0abc',
      serviceName: 'com.amazonaws.eu-west-1.ecr.api',
      type: 'Interface',
      subnetIds: ['subnet-0a', 'subnet-0b'],
      securityGroupIds: ['sg-endpoints'],
      clientToken: 'token-2',
      tags: [],
    });
    await expect(attempt).rejects.toMatchObject({ transient: false, code: 'SubnetNoFreeIps' });
    await expect(attempt).rejects.toThrow(
      /subnet-0a, subnet-0b has no free IP address \(InsufficientFreeAddressesInSubnet\)\. Nothing was changed/
    );
  });

  it('is reported the same way when adding subnets to an endpoint', async () => {
    ec2Mock.on(ModifyVpcEndpointCommand).rejects(subnetFullError());
    const attempt = modifyVpcEndpoint(new EC2Client({ region: 'eu-west-1', maxAttempts: 1 }), {
      vpcEndpointId: 'vpce-1',
      addSubnetIds: ['subnet-0c'],
    });
    await expect(attempt).rejects.toMatchObject({ transient: false, code: 'SubnetNoFreeIps' });
    await expect(attempt).rejects.toThrow(/subnet-0c has no free IP address/);
  });

  it('leaves other errors as they are', async () => {
    ec2Mock
      .on(ModifyVpcEndpointCommand)
      .rejects(Object.assign(new Error('nope'), { name: 'InvalidVpcEndpointId.NotFound', $metadata: { httpStatusCode: 400 } }));
    const attempt = modifyVpcEndpoint(new EC2Client({ region: 'eu-west-1', maxAttempts: 1 }), {
      vpcEndpointId: 'vpce-1',
      addSubnetIds: ['subnet-0c'],
    });
    await expect(attempt).rejects.not.toMatchObject({ code: 'SubnetNoFreeIps' });
  });
});
