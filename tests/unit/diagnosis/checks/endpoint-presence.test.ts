import { describe, expect, it } from '@jest/globals';
import {
  ecrApiEndpointPresent,
  ecrDkrEndpointPresent,
  kmsEndpointPresent,
  logsEndpointPresent,
  secretsManagerEndpointPresent,
  ssmEndpointPresent,
} from '../../../../shared/diagnosis/checks/interface-endpoint-present.js';
import { s3GatewayEndpointPresent } from '../../../../shared/diagnosis/checks/s3-gateway-endpoint-present.js';
import { s3GatewayRoutePresent } from '../../../../shared/diagnosis/checks/s3-gateway-route-present.js';
import { aClassification, aSnapshot, secretRef } from '../../../helpers/snapshot-builder.js';
import { runCheck } from '../run-check.js';

describe('interface endpoint presence', () => {
  const cases = [
    { check: ecrApiEndpointPresent, service: 'ecr.api', code: 'ECR_API_ENDPOINT_MISSING' },
    { check: ecrDkrEndpointPresent, service: 'ecr.dkr', code: 'ECR_DKR_ENDPOINT_MISSING' },
    { check: logsEndpointPresent, service: 'logs', code: 'LOGS_ENDPOINT_MISSING' },
    { check: secretsManagerEndpointPresent, service: 'secretsmanager', code: 'SECRETSMANAGER_ENDPOINT_MISSING' },
  ] as const;

  for (const { check, service, code } of cases) {
    it(`reports ${code} as an automatic error when there is no endpoint and no NAT`, () => {
      // Prepare
      const snapshot = aSnapshot().withoutEndpoint(service).build();
      // Act
      const result = runCheck(check, snapshot);
      // Assess
      expect(result.status).toBe('fail');
      expect(result.findings).toHaveLength(1);
      expect(result.findings[0]).toMatchObject({ code, severity: 'error', service, fix: { automatic: true } });
      expect(result.findings[0]?.fix.cli[0]).toBe(
        `aws ec2 create-vpc-endpoint --vpc-id vpc-0abc --vpc-endpoint-type Interface --service-name com.amazonaws.eu-west-1.${service} --subnet-ids subnet-0a subnet-0b --security-group-ids sg-endpoints --private-dns-enabled --region eu-west-1`
      );
    });

    it(`passes ${service} when the endpoint exists`, () => {
      const result = runCheck(check, aSnapshot().build());
      expect(result.status).toBe('pass');
      expect(result.findings).toEqual([]);
    });
  }

  it('reports a missing endpoint as an info cost suggestion when a NAT path works', () => {
    const snapshot = aSnapshot().withoutEndpoint('ecr.dkr').withNatGateway().build();
    const [finding] = runCheck(ecrDkrEndpointPresent, snapshot, { category: 'ecr_dkr_unreachable' }).findings;
    expect(finding).toMatchObject({
      code: 'ECR_DKR_ENDPOINT_MISSING',
      severity: 'info',
      cause: false,
      fix: { automatic: false },
    });
  });

  it('marks only the service named in the stop reason as the cause', () => {
    const snapshot = aSnapshot('empty').build();
    const api = runCheck(ecrApiEndpointPresent, snapshot, { category: 'ecr_api_unreachable' }).findings[0];
    const dkr = runCheck(ecrDkrEndpointPresent, snapshot, { category: 'ecr_api_unreachable' }).findings[0];
    expect(api?.cause).toBe(true);
    expect(dkr?.cause).toBe(false);
    expect(dkr?.severity).toBe('error');
  });

  it('reports SSM_ENDPOINT_MISSING for a task with SSM parameters', () => {
    const snapshot = aSnapshot()
      .withoutEndpoint('ssm')
      .withTaskDefinition({ secrets: [secretRef('ssm')] })
      .build();
    expect(runCheck(ssmEndpointPresent, snapshot).findings[0]?.code).toBe('SSM_ENDPOINT_MISSING');
  });

  it('does not need ssm when the task has no SSM parameters', () => {
    const snapshot = aSnapshot().withoutEndpoint('ssm').build();
    expect(runCheck(ssmEndpointPresent, snapshot).status).toBe('not-applicable');
  });

  it('reports KMS_ENDPOINT_MISSING only when the stop reason names kms', () => {
    const named = runCheck(kmsEndpointPresent, aSnapshot().build(), {
      classification: aClassification('ambiguous_network', { service: 'kms' }),
    });
    const unnamed = runCheck(kmsEndpointPresent, aSnapshot().build(), { category: 'secretsmanager_unreachable' });
    expect(named.findings[0]).toMatchObject({ code: 'KMS_ENDPOINT_MISSING', severity: 'error', cause: true });
    expect(unnamed.status).toBe('not-applicable');
  });

  it('falls back to the ECR pull services when the task definition is unknown', () => {
    const snapshot = aSnapshot('empty').withTaskDefinition(null).build();
    const result = runCheck(ecrDkrEndpointPresent, snapshot, { category: 's3_layer_unreachable' });
    expect(result.findings[0]?.code).toBe('ECR_DKR_ENDPOINT_MISSING');
    expect(runCheck(logsEndpointPresent, snapshot, { category: 's3_layer_unreachable' }).status).toBe('not-applicable');
  });
});

describe('s3GatewayEndpointPresent', () => {
  it('reports S3_GATEWAY_ENDPOINT_MISSING with the task route tables', () => {
    const result = runCheck(s3GatewayEndpointPresent, aSnapshot().withoutEndpoint('s3').build(), {
      category: 's3_layer_unreachable',
    });
    expect(result.findings[0]).toMatchObject({
      code: 'S3_GATEWAY_ENDPOINT_MISSING',
      severity: 'error',
      cause: true,
      resources: ['vpc-0abc', 'rtb-private'],
    });
    expect(result.findings[0]?.fix.cli).toEqual([
      'aws ec2 create-vpc-endpoint --vpc-id vpc-0abc --vpc-endpoint-type Gateway --service-name com.amazonaws.eu-west-1.s3 --route-table-ids rtb-private --region eu-west-1',
    ]);
  });

  it('passes when the VPC has an S3 gateway endpoint', () => {
    expect(runCheck(s3GatewayEndpointPresent, aSnapshot().build()).status).toBe('pass');
  });
});

describe('s3GatewayRoutePresent', () => {
  it('reports S3_GATEWAY_ROUTE_MISSING when the endpoint is not on the task route table', () => {
    const snapshot = aSnapshot()
      .withEndpointChanges('s3', { routeTableIds: ['rtb-other'] })
      .build();
    const [finding] = runCheck(s3GatewayRoutePresent, snapshot).findings;
    expect(finding).toMatchObject({
      code: 'S3_GATEWAY_ROUTE_MISSING',
      severity: 'error',
      resources: ['vpce-s3', 'rtb-private'],
      fix: { automatic: true },
    });
    expect(finding?.fix.cli).toEqual([
      'aws ec2 modify-vpc-endpoint --vpc-endpoint-id vpce-s3 --add-route-table-ids rtb-private --region eu-west-1',
    ]);
  });

  it('uses the main route table for subnets without an explicit association', () => {
    const snapshot = aSnapshot().withTaskSubnetsOnMainTable().build();
    const [finding] = runCheck(s3GatewayRoutePresent, snapshot).findings;
    expect(finding?.resources).toEqual(['vpce-s3', 'rtb-main']);
  });

  it('passes when the endpoint is on every task route table', () => {
    expect(runCheck(s3GatewayRoutePresent, aSnapshot().build()).status).toBe('pass');
  });
});
