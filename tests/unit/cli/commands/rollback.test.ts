import {
  DeleteSecurityGroupCommand,
  DeleteVpcEndpointsCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from '@jest/globals';
import { runInMemory } from '../run-in-memory.js';

const ec2Mock = mockClient(EC2Client);
const ENV = { AWS_REGION: 'eu-west-1' };
const VPC = 'vpc-0abc';
const MANAGED = [
  { Key: 'ManagedBy', Value: 'ecs-netfix' },
  { Key: 'ecs-netfix:incident', Value: 'ecs-netfix/prod/service:web/network/20261120T100000' },
  { Key: 'ecs-netfix:created-at', Value: '2026-11-20T10:00:00.000Z' },
];

function endpoint(id: string, tags = MANAGED, extra: Partial<VpcEndpoint> = {}): VpcEndpoint {
  return {
    VpcEndpointId: id,
    VpcId: VPC,
    ServiceName: 'com.amazonaws.eu-west-1.logs',
    VpcEndpointType: 'Interface',
    // EC2 sends lower-case states; the SDK's enum spells them capitalised.
    State: 'available' as VpcEndpoint['State'],
    SubnetIds: ['subnet-a', 'subnet-b'],
    Groups: [{ GroupId: 'sg-netfix', GroupName: 'ecs-netfix-endpoints' }],
    Tags: tags,
    ...extra,
  };
}

describe('ecs-netfix rollback', () => {
  afterEach(() => {
    ec2Mock.reset();
  });

  it('leaves an endpoint alone whose tag was removed after it was listed', async () => {
    // Prepare: listed with the tag, described again without it just before the delete.
    ec2Mock
      .on(DescribeVpcEndpointsCommand)
      .callsFake((input: { VpcEndpointIds?: string[] }) =>
        input.VpcEndpointIds ? { VpcEndpoints: [endpoint('vpce-1', [])] } : { VpcEndpoints: [endpoint('vpce-1')] }
      );
    ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });

    // Act
    const result = await runInMemory(['rollback', '--vpc', VPC, '--yes'], { env: ENV });

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✘ left alone vpce-1');
    expect(result.stdout).toContain('it no longer carries the tags ecs-netfix writes');
    expect(result.stdout).toContain('Deleted 0 of 1');
    expect(ec2Mock.commandCalls(DeleteVpcEndpointsCommand)).toHaveLength(0);
  });

  it('keeps the security group while an endpoint it did not create still uses it', async () => {
    // Prepare: our endpoint goes; a user's endpoint also uses our group.
    const user = endpoint('vpce-user', [], { ServiceName: 'com.amazonaws.eu-west-1.sts' });
    let listings = 0;
    ec2Mock.on(DescribeVpcEndpointsCommand).callsFake((input: { VpcEndpointIds?: string[]; Filters?: { Name: string }[] }) => {
      if (input.VpcEndpointIds) return { VpcEndpoints: [endpoint('vpce-1')] };
      // The first listing makes the plan; the next one (who still uses the group) sees vpce-1 deleted.
      listings += 1;
      return {
        VpcEndpoints:
          listings === 1
            ? [endpoint('vpce-1'), user]
            : [endpoint('vpce-1', MANAGED, { State: 'deleted' as VpcEndpoint['State'] }), user],
      };
    });
    ec2Mock.on(DescribeSecurityGroupsCommand).resolves({
      SecurityGroups: [{ GroupId: 'sg-netfix', GroupName: 'ecs-netfix-endpoints', VpcId: VPC, Tags: MANAGED }],
    });
    ec2Mock.on(DeleteVpcEndpointsCommand).resolves({ Unsuccessful: [] });

    // Act
    const result = await runInMemory(['rollback', '--vpc', VPC, '--yes'], { env: ENV });

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✔ deleted vpce-1');
    expect(result.stdout).toContain('✘ still in use sg-netfix');
    expect(result.stdout).toContain('still used by vpce-user');
    expect(ec2Mock.commandCalls(DeleteSecurityGroupCommand)).toHaveLength(0);
  });

  it('prints the plan with the monthly saving and deletes nothing without --yes', async () => {
    ec2Mock.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [endpoint('vpce-1')] });
    ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });

    const result = await runInMemory(['rollback', '--vpc', VPC], { env: ENV });

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      '  delete  vpce-1  interface-endpoint com.amazonaws.eu-west-1.logs (created 2026-11-20T10:00:00.000Z, ≈ $16.06/month)'
    );
    expect(result.stdout).toContain('Saves ≈ $16.06/month.');
    expect(ec2Mock.commandCalls(DeleteVpcEndpointsCommand)).toHaveLength(0);
  });

  it('is a usage error without --vpc, before any AWS call', async () => {
    const result = await runInMemory(['rollback', '--yes'], { env: ENV });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--vpc VPC is required');
    expect(ec2Mock.calls()).toHaveLength(0);
  });

  it('turns missing credentials into one line and its fix, without a stack trace', async () => {
    ec2Mock
      .onAnyCommand()
      .rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));

    const result = await runInMemory(['rollback', '--vpc', VPC], { env: ENV });

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "ecs-netfix rollback: no AWS credentials found (no environment keys, profile, SSO session or instance role)\n  fix: run 'aws configure' or 'aws sso login', or pass --profile NAME\n"
    );
  });
});
