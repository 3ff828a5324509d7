/**
 * What moto cannot show: moto returns no DnsOptions on an S3 interface endpoint, and knows no
 * aws-cn service names.
 */
import type { VpcEndpoint } from '@aws-sdk/client-ec2';
import { describe, expect, it } from '@jest/globals';
import { endpointServiceName, shortServiceName } from '../../../shared/aws-names.js';
import { planRemediation } from '../../../shared/remediation/plan.js';
import { toVpcEndpointFacts } from '../../../shared/aws/ec2-facts.js';
import { diagnose } from '../../../shared/diagnosis/diagnose.js';
import { aClassification, aSnapshot, aStoppedTask, interfaceEndpoint } from '../../helpers/snapshot-builder.js';

/** The DescribeVpcEndpoints shape of an S3 interface endpoint with private DNS. */
function s3InterfaceFromAws(onlyForInboundResolver: boolean): VpcEndpoint {
  return {
    VpcEndpointId: 'vpce-s3if',
    VpcEndpointType: 'Interface',
    VpcId: 'vpc-0abc',
    ServiceName: 'com.amazonaws.eu-west-1.s3',
    State: 'available' as VpcEndpoint['State'],
    SubnetIds: ['subnet-0a', 'subnet-0b'],
    Groups: [{ GroupId: 'sg-endpoints', GroupName: 'vpc-endpoints' }],
    PrivateDnsEnabled: true,
    DnsOptions: { DnsRecordIpType: 'ipv4', PrivateDnsOnlyForInboundResolverEndpoint: onlyForInboundResolver },
  };
}

function codesWith(endpoint: VpcEndpoint): string[] {
  const snapshot = aSnapshot()
    .withoutEndpoint('s3')
    .tap((draft) => {
      draft.endpoints.push(toVpcEndpointFacts(endpoint, 'eu-west-1'));
    })
    .build();
  return diagnose({ classification: aClassification('s3_layer_unreachable'), snapshot, task: aStoppedTask() }).findings.map(
    (finding) => finding.code
  );
}

describe('S3 interface endpoints', () => {
  it('reads DnsOptions.PrivateDnsOnlyForInboundResolverEndpoint', () => {
    expect(toVpcEndpointFacts(s3InterfaceFromAws(false), 'eu-west-1').privateDnsOnlyForInboundResolverEndpoint).toBe(false);
    expect(
      toVpcEndpointFacts({ ...s3InterfaceFromAws(false), DnsOptions: undefined }, 'eu-west-1')
        .privateDnsOnlyForInboundResolverEndpoint
    ).toBeNull();
  });

  it('count as the S3 path when private DNS serves the VPC itself (option false): no gateway is asked for', () => {
    const codes = codesWith(s3InterfaceFromAws(false));
    expect(codes).not.toContain('S3_GATEWAY_ENDPOINT_MISSING');
    expect(codes).not.toContain('S3_GATEWAY_ROUTE_MISSING');
  });

  it('do not count when private DNS answers only inbound Resolver queries (option true)', () => {
    expect(codesWith(s3InterfaceFromAws(true))).toContain('S3_GATEWAY_ENDPOINT_MISSING');
  });

  it("have their security group checked like any interface endpoint's", () => {
    const snapshot = aSnapshot()
      .withoutEndpoint('s3')
      .tap((draft) => {
        draft.endpoints.push({
          ...toVpcEndpointFacts(s3InterfaceFromAws(false), 'eu-west-1'),
          securityGroupIds: ['sg-s3-closed'],
        });
        draft.securityGroups.push({
          groupId: 'sg-s3-closed',
          vpcId: 'vpc-0abc',
          groupName: 's3',
          ingress: [],
          egress: [],
          tags: {},
        });
      })
      .build();
    const findings = diagnose({
      classification: aClassification('s3_layer_unreachable'),
      snapshot,
      task: aStoppedTask(),
    }).findings;
    const blocked = findings.find((finding) => finding.code === 'ENDPOINT_SG_BLOCKS_HTTPS');
    expect(blocked?.resources).toEqual(['sg-s3-closed', 'vpce-s3if']);
    expect(blocked?.cause).toBe(true);
  });
});

describe('partitions', () => {
  it('reads aws-cn service names by suffix (ECR is cn.com.amazonaws.<region>.ecr.api there)', () => {
    expect(shortServiceName('cn-north-1', 'cn.com.amazonaws.cn-north-1.ecr.api')).toBe('ecr.api');
    expect(shortServiceName('cn-north-1', 'com.amazonaws.cn-north-1.s3')).toBe('s3');
    expect(shortServiceName('eu-west-1', 'cn.com.amazonaws.cn-north-1.ecr.api')).toBeNull();
    expect(shortServiceName('eu-west-1', 'com.amazonaws.eu-west-1.ecr.dkr')).toBe('ecr.dkr');
  });

  it('recognises an aws-cn endpoint so that ECR is not reported missing', () => {
    const snapshot = aSnapshot()
      .tap((draft) => {
        draft.region = 'cn-north-1';
      })
      .build();
    snapshot.endpoints = snapshot.endpoints.map((endpoint) =>
      endpoint.type === 'Interface' && endpoint.service === 'ecr.api'
        ? toVpcEndpointFacts(
            {
              VpcEndpointId: 'vpce-cn-api',
              VpcEndpointType: 'Interface',
              VpcId: 'vpc-0abc',
              ServiceName: 'cn.com.amazonaws.cn-north-1.ecr.api',
              State: 'available' as VpcEndpoint['State'],
              PrivateDnsEnabled: true,
              SubnetIds: ['subnet-0a', 'subnet-0b'],
              Groups: [{ GroupId: 'sg-endpoints' }],
            },
            'cn-north-1'
          )
        : endpoint
    );
    expect(snapshot.endpoints.find((endpoint) => endpoint.vpcEndpointId === 'vpce-cn-api')?.service).toBe('ecr.api');
    expect(interfaceEndpoint('ecr.api').service).toBe('ecr.api');
  });
});

describe('endpoint service names by partition', () => {
  it('builds aws-cn names with the cn. prefix for ECR, and the plain form elsewhere', () => {
    expect([
      endpointServiceName('cn-north-1', 'ecr.api'),
      endpointServiceName('cn-northwest-1', 'ecr.dkr'),
      endpointServiceName('cn-north-1', 's3'),
      endpointServiceName('cn-north-1', 'logs'),
      endpointServiceName('eu-west-1', 'ecr.api'),
      endpointServiceName('us-gov-west-1', 'ecr.dkr'),
    ]).toEqual([
      'cn.com.amazonaws.cn-north-1.ecr.api',
      'cn.com.amazonaws.cn-northwest-1.ecr.dkr',
      'com.amazonaws.cn-north-1.s3',
      'com.amazonaws.cn-north-1.logs',
      'com.amazonaws.eu-west-1.ecr.api',
      'com.amazonaws.us-gov-west-1.ecr.dkr',
    ]);
  });

  it('prefers a name AWS returned, matched by suffix in the same region', () => {
    const known = ['cn.com.amazonaws.cn-north-1.logs', 'com.amazonaws.cn-northwest-1.ecr.api'];
    expect(endpointServiceName('cn-north-1', 'logs', known)).toBe('cn.com.amazonaws.cn-north-1.logs');
    // Another region's name never answers.
    expect(endpointServiceName('cn-north-1', 'ecr.api', known)).toBe('cn.com.amazonaws.cn-north-1.ecr.api');
  });

  it('plans aws-cn endpoints under their partition names (the fixture moved to cn-north-1)', () => {
    const snapshot = aSnapshot('empty')
      .tap((draft) => {
        draft.region = 'cn-north-1';
        for (const subnet of draft.subnets) subnet.availabilityZone = subnet.availabilityZone.replace('eu-west-1', 'cn-north-1');
      })
      .build();
    const task = aStoppedTask({ region: 'cn-north-1', availabilityZone: 'cn-north-1a' });
    const diagnosis = diagnose({ classification: aClassification('ecr_api_unreachable'), snapshot, task });
    const plan = planRemediation(diagnosis.findings, snapshot, { region: 'cn-north-1', maxEndpointsPerRun: 6 });
    const names = plan.actions.flatMap((action) => ('serviceName' in action ? [action.serviceName] : [])).sort();
    expect(names).toContain('cn.com.amazonaws.cn-north-1.ecr.api');
    expect(
      names.filter((name) => !name.startsWith('cn.com.amazonaws.cn-north-1.') && !name.startsWith('com.amazonaws.cn-north-1.'))
    ).toEqual([]);
  });

  it('uses the name the snapshot has from AWS over the table', () => {
    const snapshot = aSnapshot('empty').build();
    snapshot.endpointServiceZones = [
      { serviceName: 'cn.com.amazonaws.eu-west-1.ecr.api', availabilityZones: ['eu-west-1a', 'eu-west-1b'] },
    ];
    const diagnosis = diagnose({ classification: aClassification('ecr_api_unreachable'), snapshot, task: aStoppedTask() });
    const plan = planRemediation(diagnosis.findings, snapshot, { region: 'eu-west-1', maxEndpointsPerRun: 6 });
    const api = plan.actions.find((action) => action.kind === 'create-interface-endpoint' && action.service === 'ecr.api');
    expect(api && 'serviceName' in api ? api.serviceName : null).toBe('cn.com.amazonaws.eu-west-1.ecr.api');
  });
});
