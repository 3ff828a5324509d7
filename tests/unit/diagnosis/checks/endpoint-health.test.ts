import { describe, expect, it } from '@jest/globals';
import { endpointAzCovered } from '../../../../shared/diagnosis/checks/endpoint-az-covered.js';
import { endpointPathOpen } from '../../../../shared/diagnosis/checks/endpoint-path-open.js';
import { endpointPrivateDnsEnabled } from '../../../../shared/diagnosis/checks/endpoint-private-dns-enabled.js';
import { endpointSgAllowsHttps } from '../../../../shared/diagnosis/checks/endpoint-sg-allows-https.js';
import { endpointsAvailable } from '../../../../shared/diagnosis/checks/endpoints-available.js';
import { diagnose } from '../../../../shared/diagnosis/diagnose.js';
import { aClassification, aSnapshot, aStoppedTask, httpsRule } from '../../../helpers/snapshot-builder.js';
import { runCheck } from '../run-check.js';

describe('endpointsAvailable', () => {
  it('reports ENDPOINT_NOT_AVAILABLE for a failed endpoint with a recreate fix', () => {
    const snapshot = aSnapshot().withEndpointChanges('ecr.dkr', { state: 'failed' }).build();
    const [finding] = runCheck(endpointsAvailable, snapshot, { category: 'ecr_dkr_unreachable' }).findings;
    expect(finding).toMatchObject({
      code: 'ENDPOINT_NOT_AVAILABLE',
      severity: 'error',
      service: 'ecr.dkr',
      cause: true,
      resources: ['vpce-ecr-dkr'],
    });
    expect(finding?.fix.cli).toContain('aws ec2 delete-vpc-endpoints --vpc-endpoint-ids vpce-ecr-dkr --region eu-west-1');
  });

  it('tells to wait for a pending endpoint, as a warning when NAT carries the traffic', () => {
    const snapshot = aSnapshot().withEndpointChanges('logs', { state: 'pending' }).withNatGateway().build();
    const [finding] = runCheck(endpointsAvailable, snapshot).findings;
    expect(finding?.severity).toBe('warning');
    expect(finding?.fix.summary).toMatch(/^Wait for vpce-logs/);
  });

  it('passes when every needed endpoint is available', () => {
    expect(runCheck(endpointsAvailable, aSnapshot().build()).status).toBe('pass');
  });

  it('treats a deleted endpoint (still listed for a while) as no endpoint, not as unavailable', () => {
    const snapshot = aSnapshot().withEndpointChanges('ecr.dkr', { state: 'deleted' }).build();
    const diagnosis = diagnose({ classification: aClassification('ecr_dkr_unreachable'), snapshot, task: aStoppedTask() });
    const codes = diagnosis.findings.map((finding) => finding.code);
    expect(codes).toContain('ECR_DKR_ENDPOINT_MISSING');
    expect(codes).not.toContain('ENDPOINT_NOT_AVAILABLE');
  });
});

describe('endpointPrivateDnsEnabled', () => {
  it('reports ENDPOINT_PRIVATE_DNS_DISABLED with the modify command', () => {
    const snapshot = aSnapshot().withEndpointChanges('ecr.api', { privateDnsEnabled: false }).build();
    const [finding] = runCheck(endpointPrivateDnsEnabled, snapshot).findings;
    expect(finding).toMatchObject({ code: 'ENDPOINT_PRIVATE_DNS_DISABLED', severity: 'error', cause: true });
    expect(finding?.fix.cli).toEqual([
      'aws ec2 modify-vpc-endpoint --vpc-endpoint-id vpce-ecr-api --private-dns-enabled --region eu-west-1',
    ]);
  });

  it('passes when private DNS is on', () => {
    expect(runCheck(endpointPrivateDnsEnabled, aSnapshot().build()).status).toBe('pass');
  });
});

describe('endpointAzCovered', () => {
  it('reports ENDPOINT_AZ_NOT_COVERED, automatic only for endpoints ecs-netfix manages', () => {
    const snapshot = aSnapshot()
      .withEndpointChanges('ecr.api', { subnetIds: ['subnet-0a'], tags: { ManagedBy: 'ecs-netfix' } })
      .withEndpointChanges('ecr.dkr', { subnetIds: ['subnet-0a'] })
      .build();
    const findings = runCheck(endpointAzCovered, snapshot).findings;
    expect(findings.map((finding) => [finding.service, finding.fix.automatic])).toEqual([
      ['ecr.api', true],
      ['ecr.dkr', false],
    ]);
    expect(findings[0]).toMatchObject({
      code: 'ENDPOINT_AZ_NOT_COVERED',
      severity: 'warning',
      resources: ['vpce-ecr-api', 'subnet-0b'],
    });
    expect(findings[0]?.fix.cli).toEqual([
      'aws ec2 modify-vpc-endpoint --vpc-endpoint-id vpce-ecr-api --add-subnet-ids subnet-0b --region eu-west-1',
    ]);
  });

  it('passes when the endpoints cover every task AZ', () => {
    expect(runCheck(endpointAzCovered, aSnapshot().build()).status).toBe('pass');
  });
});

describe('endpointSgAllowsHttps', () => {
  it('reports ENDPOINT_SG_BLOCKS_HTTPS once for endpoints that share a group', () => {
    const snapshot = aSnapshot()
      .withSecurityGroupRules('sg-endpoints', { ingress: [httpsRule({ groupIds: ['sg-other'] })] })
      .build();
    const findings = runCheck(endpointSgAllowsHttps, snapshot).findings;
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ code: 'ENDPOINT_SG_BLOCKS_HTTPS', severity: 'error', cause: true });
    expect(findings[0]?.resources).toContain('sg-endpoints');
    expect(findings[0]?.fix.cli).toEqual([
      'aws ec2 authorize-security-group-ingress --group-id sg-endpoints --protocol tcp --port 443 --source-group sg-task --region eu-west-1',
    ]);
  });

  it('accepts a CIDR rule that covers the task subnets', () => {
    const snapshot = aSnapshot()
      .withSecurityGroupRules('sg-endpoints', { ingress: [httpsRule({ cidrs: ['10.0.0.0/16'] })] })
      .build();
    expect(runCheck(endpointSgAllowsHttps, snapshot).status).toBe('pass');
  });

  it('counts only CIDR rules when the task groups are unknown, and says so', () => {
    const snapshot = aSnapshot().withUnknownSecurityGroups().build();
    const [finding] = runCheck(endpointSgAllowsHttps, snapshot).findings;
    expect(finding?.message).toContain('only CIDR rules were considered');
    expect(finding?.fix.cli[0]).toContain('--cidr 10.0.0.0/16');
  });

  it('passes when the endpoint group allows 443 from the task group', () => {
    expect(runCheck(endpointSgAllowsHttps, aSnapshot().build()).status).toBe('pass');
  });
});

describe('endpointPathOpen', () => {
  const privateTimeout = aClassification('ecr_api_unreachable', { evidence: { ip: '10.0.1.200', ipScope: 'private' } });

  it('reports PATH_BLOCKED_AT_ENDPOINT when a private endpoint IP timed out', () => {
    const [finding] = runCheck(endpointPathOpen, aSnapshot().build(), { classification: privateTimeout }).findings;
    expect(finding).toMatchObject({ code: 'PATH_BLOCKED_AT_ENDPOINT', severity: 'error', cause: true });
    expect(finding?.resources).toEqual(['vpce-ecr-api', 'sg-endpoints', '10.0.1.200']);
    expect(finding?.message).toContain('A new endpoint would not help');
  });

  it('does not fire for a public IP timeout', () => {
    expect(runCheck(endpointPathOpen, aSnapshot().build()).findings).toEqual([]);
  });

  it('does not fire when no endpoint exists for the named service', () => {
    const result = runCheck(endpointPathOpen, aSnapshot().withoutEndpoint('ecr.api').build(), { classification: privateTimeout });
    expect(result.status).toBe('pass');
  });
});
