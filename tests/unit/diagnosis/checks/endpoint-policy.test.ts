import { describe, expect, it } from '@jest/globals';
import { endpointPoliciesAllowAccess } from '../../../../shared/diagnosis/checks/endpoint-policies-allow-access.js';
import { s3EndpointPolicyAllowsLayers } from '../../../../shared/diagnosis/checks/s3-endpoint-policy-allows-layers.js';
import { evaluateEndpointPolicy } from '../../../../shared/diagnosis/net/endpoint-policy.js';
import { FIXTURE_IDS, aSnapshot, ecrImage } from '../../../helpers/snapshot-builder.js';
import { runCheck } from '../run-check.js';

const ROLE = FIXTURE_IDS.executionRoleArn;
const LAYERS = 'arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/*';

function policy(...statements: object[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

describe('evaluateEndpointPolicy', () => {
  const request = { action: 's3:GetObject', resource: LAYERS, principalArn: ROLE };

  it('allows through a matching Allow with Action and Resource wildcards', () => {
    expect(
      evaluateEndpointPolicy(
        policy({ Effect: 'Allow', Principal: '*', Action: 's3:Get*', Resource: 'arn:aws:s3:::prod-*-starport-layer-bucket/*' }),
        request
      )
    ).toBe('allowed');
    expect(
      evaluateEndpointPolicy(policy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: '*', Resource: '*' }), request)
    ).toBe('allowed');
  });

  it('denies when nothing matches (implicit) and when a Deny matches (explicit wins)', () => {
    expect(
      evaluateEndpointPolicy(
        policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::my-bucket/*' }),
        request
      )
    ).toBe('denied');
    expect(
      evaluateEndpointPolicy(
        policy(
          { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
          { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::prod-eu-west-1-*' }
        ),
        request
      )
    ).toBe('denied');
  });

  it('reads NotAction and matches actions case-insensitively', () => {
    expect(
      evaluateEndpointPolicy(policy({ Effect: 'Allow', Principal: '*', NotAction: 's3:Put*', Resource: '*' }), request)
    ).toBe('allowed');
    expect(
      evaluateEndpointPolicy(policy({ Effect: 'Allow', Principal: '*', Action: 'S3:GETOBJECT', Resource: '*' }), request)
    ).toBe('allowed');
    expect(
      evaluateEndpointPolicy(policy({ Effect: 'Allow', Principal: '*', NotAction: 's3:Get*', Resource: '*' }), request)
    ).toBe('denied');
  });

  it('says "could not be evaluated" for a statement with a condition, never denied', () => {
    const conditional = policy({
      Effect: 'Allow',
      Principal: '*',
      Action: '*',
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } },
    });
    expect(evaluateEndpointPolicy(conditional, request)).toBe('unknown');
    const conditionalDeny = policy(
      { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
      {
        Effect: 'Deny',
        Principal: '*',
        Action: '*',
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:PrincipalAccount': '123456789012' } },
      }
    );
    expect(evaluateEndpointPolicy(conditionalDeny, request)).toBe('unknown');
  });

  it('matches a named principal (role ARN or its account) and skips other principals', () => {
    expect(
      evaluateEndpointPolicy(policy({ Effect: 'Allow', Principal: { AWS: ROLE }, Action: '*', Resource: '*' }), request)
    ).toBe('allowed');
    expect(
      evaluateEndpointPolicy(
        policy({ Effect: 'Allow', Principal: { AWS: ['123456789012'] }, Action: '*', Resource: '*' }),
        request
      )
    ).toBe('allowed');
    expect(
      evaluateEndpointPolicy(
        policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: '*', Resource: '*' }),
        request
      )
    ).toBe('denied');
    expect(
      evaluateEndpointPolicy(policy({ Effect: 'Allow', Principal: { AWS: ROLE }, Action: '*', Resource: '*' }), {
        ...request,
        principalArn: null,
      })
    ).toBe('unknown');
  });

  it('treats a document that does not parse as unknown', () => {
    expect(evaluateEndpointPolicy('{not json', request)).toBe('unknown');
  });
});

describe('s3EndpointPolicyAllowsLayers', () => {
  it('reports S3_ENDPOINT_POLICY_BLOCKS_LAYERS with the exact statement to add', () => {
    const snapshot = aSnapshot()
      .withEndpointChanges('s3', {
        policyDocument: policy({
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::my-app-bucket/*',
        }),
      })
      .build();
    const [finding] = runCheck(s3EndpointPolicyAllowsLayers, snapshot, { category: 's3_layer_unreachable' }).findings;
    expect(finding).toMatchObject({
      code: 'S3_ENDPOINT_POLICY_BLOCKS_LAYERS',
      severity: 'error',
      resources: ['vpce-s3'],
      service: 's3',
      cause: true,
    });
    expect(finding?.fix.automatic).toBe(false);
    expect(finding?.fix.summary).toContain(
      '{"Sid":"AllowEcsTaskStart","Effect":"Allow","Principal":"*","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/*"]}'
    );
    expect(finding?.fix.cli.at(-1)).toBe(
      'aws ec2 modify-vpc-endpoint --vpc-endpoint-id vpce-s3 --policy-document file://policy.json --region eu-west-1'
    );
  });

  it('passes the default (full access) policy and a policy allowing the bucket', () => {
    expect(runCheck(s3EndpointPolicyAllowsLayers, aSnapshot().build()).status).toBe('not-applicable');
    const allowing = aSnapshot()
      .withEndpointChanges('s3', {
        policyDocument: policy({ Effect: 'Allow', Principal: '*', Action: ['s3:GetObject'], Resource: [LAYERS] }),
      })
      .build();
    expect(runCheck(s3EndpointPolicyAllowsLayers, allowing).status).toBe('pass');
  });

  it('uses the partition of the region (aws-cn)', () => {
    const snapshot = aSnapshot()
      .tap((draft) => {
        draft.region = 'cn-north-1';
      })
      .withImages(ecrImage('cn-north-1'))
      .withEndpointChanges('s3', {
        policyDocument: policy({ Effect: 'Allow', Principal: '*', Action: '*', Resource: 'arn:aws:s3:::*' }),
      })
      .build();
    const [finding] = runCheck(s3EndpointPolicyAllowsLayers, snapshot).findings;
    expect(finding?.message).toContain('arn:aws-cn:s3:::prod-cn-north-1-starport-layer-bucket/*');
  });
});

describe('endpointPoliciesAllowAccess', () => {
  it('reports ENDPOINT_POLICY_BLOCKS_ACCESS for an ecr.dkr policy that allows another repository only', () => {
    const snapshot = aSnapshot()
      .withEndpointChanges('ecr.dkr', {
        policyDocument: policy({
          Effect: 'Allow',
          Principal: '*',
          Action: 'ecr:*',
          Resource: 'arn:aws:ecr:eu-west-1:123456789012:repository/other',
        }),
      })
      .build();
    const findings = runCheck(endpointPoliciesAllowAccess, snapshot, { category: 'ecr_dkr_unreachable' }).findings;
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      code: 'ENDPOINT_POLICY_BLOCKS_ACCESS',
      service: 'ecr.dkr',
      resources: ['vpce-ecr-dkr'],
      cause: true,
    });
    expect(findings[0]?.message).toContain('ecr:BatchGetImage on arn:aws:ecr:eu-west-1:123456789012:repository/app');
  });

  it('reports a secretsmanager endpoint that denies the secret, and not a conditional one', () => {
    const denying = aSnapshot()
      .withEndpointChanges('secretsmanager', {
        policyDocument: policy({ Effect: 'Deny', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*' }),
      })
      .build();
    expect(runCheck(endpointPoliciesAllowAccess, denying).findings.map((finding) => finding.service)).toEqual(['secretsmanager']);
    const conditional = aSnapshot()
      .withEndpointChanges('secretsmanager', {
        policyDocument: policy({
          Effect: 'Allow',
          Principal: '*',
          Action: '*',
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } },
        }),
      })
      .build();
    expect(runCheck(endpointPoliciesAllowAccess, conditional).status).toBe('pass');
  });
});

describe('executionRolePermitted with missing context', () => {
  it('never reports a decision that needed missing context as a missing permission', async () => {
    const { executionRolePermitted } = await import('../../../../shared/diagnosis/checks/execution-role-permitted.js');
    const snapshot = aSnapshot()
      .withPermissions([
        { action: 'ecr:GetAuthorizationToken', resource: '*', decision: 'allowed' },
        {
          action: 'secretsmanager:GetSecretValue',
          resource: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-password-AbCdEf',
          decision: 'missingContext',
          missingContextKeys: ['aws:SourceVpce'],
        },
      ])
      .build();
    const result = runCheck(executionRolePermitted, snapshot, { category: 'iam_permission_denied' });
    expect(result.status).toBe('pass');
    expect(result.findings).toEqual([]);
    expect(result.explanation).toContain('could not be evaluated without aws:SourceVpce: secretsmanager:GetSecretValue');
  });
});
