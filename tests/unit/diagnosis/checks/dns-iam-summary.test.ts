import { describe, expect, it } from '@jest/globals';
import { amazonDnsServers } from '../../../../shared/diagnosis/checks/amazon-dns-servers.js';
import { executionRolePermitted } from '../../../../shared/diagnosis/checks/execution-role-permitted.js';
import { executionRolePresent } from '../../../../shared/diagnosis/checks/execution-role-present.js';
import { stopReasonIsNetwork } from '../../../../shared/diagnosis/checks/stop-reason-is-network.js';
import { vpcDnsEnabled } from '../../../../shared/diagnosis/checks/vpc-dns-enabled.js';
import { aSnapshot, publicImage } from '../../../helpers/snapshot-builder.js';
import { runCheck } from '../run-check.js';

describe('vpcDnsEnabled', () => {
  it('reports VPC_DNS_DISABLED with both attribute commands', () => {
    const snapshot = aSnapshot().withVpcDns({ support: false, hostnames: false }).build();
    const [finding] = runCheck(vpcDnsEnabled, snapshot, { category: 'dns_resolution_failed' }).findings;
    expect(finding).toMatchObject({ code: 'VPC_DNS_DISABLED', severity: 'error', cause: true });
    expect(finding?.fix.cli).toEqual([
      `aws ec2 modify-vpc-attribute --vpc-id vpc-0abc --enable-dns-support '{"Value":true}' --region eu-west-1`,
      `aws ec2 modify-vpc-attribute --vpc-id vpc-0abc --enable-dns-hostnames '{"Value":true}' --region eu-west-1`,
    ]);
  });

  it('is a warning when only hostnames are off and NAT still works', () => {
    const snapshot = aSnapshot().withVpcDns({ hostnames: false }).withNatGateway().build();
    expect(runCheck(vpcDnsEnabled, snapshot).findings[0]?.severity).toBe('warning');
  });

  it('passes when both attributes are on', () => {
    expect(runCheck(vpcDnsEnabled, aSnapshot().build()).status).toBe('pass');
  });
});

describe('amazonDnsServers', () => {
  it('reports CUSTOM_DNS_SERVERS when the DHCP options name other servers', () => {
    const [finding] = runCheck(amazonDnsServers, aSnapshot().withDnsServers('10.9.0.10').build()).findings;
    expect(finding).toMatchObject({ code: 'CUSTOM_DNS_SERVERS', severity: 'warning', resources: ['vpc-0abc', 'dopt-0abc'] });
    expect(finding?.message).toContain('10.9.0.10');
  });

  it('passes with AmazonProvidedDNS', () => {
    expect(runCheck(amazonDnsServers, aSnapshot().build()).status).toBe('pass');
  });
});

describe('executionRolePermitted', () => {
  it('reports EXECUTION_ROLE_PERMISSION_MISSING with the role and the denied actions', () => {
    const secretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-password-AbCdEf';
    const snapshot = aSnapshot()
      .withPermissions([
        { action: 'ecr:GetAuthorizationToken', resource: '*', decision: 'implicitDeny' },
        { action: 'secretsmanager:GetSecretValue', resource: secretArn, decision: 'implicitDeny' },
      ])
      .build();
    const [finding] = runCheck(executionRolePermitted, snapshot, { category: 'iam_permission_denied' }).findings;
    expect(finding).toMatchObject({ code: 'EXECUTION_ROLE_PERMISSION_MISSING', severity: 'error', cause: true });
    expect(finding?.resources).toEqual([
      'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
      'ecr:GetAuthorizationToken',
      'secretsmanager:GetSecretValue',
    ]);
    expect(finding?.fix.cli[0]).toBe(
      'aws iam attach-role-policy --role-name ecsTaskExecutionRole --policy-arn arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy'
    );
    expect(finding?.fix.cli[1]).toContain(`"Resource":["${secretArn}"]`);
  });

  it('does not apply when permissions were not evaluated', () => {
    expect(runCheck(executionRolePermitted, aSnapshot().withPermissions([], false).build()).status).toBe('not-applicable');
  });

  it('passes when every action is allowed', () => {
    expect(runCheck(executionRolePermitted, aSnapshot().build()).status).toBe('pass');
  });
});

describe('executionRolePresent', () => {
  it('reports EXECUTION_ROLE_MISSING for ECR images without an execution role', () => {
    const [finding] = runCheck(executionRolePresent, aSnapshot().withTaskDefinition({ executionRoleArn: null }).build()).findings;
    expect(finding).toMatchObject({ code: 'EXECUTION_ROLE_MISSING', severity: 'error' });
    expect(finding?.message).toContain('ECR images, secrets, the awslogs driver');
  });

  it('does not apply when nothing needs the role', () => {
    const snapshot = aSnapshot()
      .withTaskDefinition({ executionRoleArn: null, images: [publicImage()], secrets: [], awsLogs: [] })
      .build();
    expect(runCheck(executionRolePresent, snapshot).status).toBe('not-applicable');
  });
});

describe('stopReasonIsNetwork', () => {
  it('reports NOT_A_NETWORK_PROBLEM with a pull-through cache fix for rate limits', () => {
    const [finding] = runCheck(stopReasonIsNetwork, aSnapshot().build(), { category: 'rate_limited' }).findings;
    expect(finding).toMatchObject({ code: 'NOT_A_NETWORK_PROBLEM', severity: 'warning', cause: true });
    expect(finding?.fix.cli[0]).toContain('create-pull-through-cache-rule');
  });

  it('passes for network and IAM failures', () => {
    expect(runCheck(stopReasonIsNetwork, aSnapshot().build(), { category: 'ecr_api_unreachable' }).status).toBe('pass');
    expect(runCheck(stopReasonIsNetwork, aSnapshot().build(), { category: 'iam_permission_denied' }).status).toBe('pass');
  });
});
