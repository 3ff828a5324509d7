/**
 * Cases the mutation run (docs/mutation.md) showed no test pinned down: each test fails for one
 * surviving mutant of a check.
 */
import { describe, expect, it } from '@jest/globals';
import { egressRoutePresent } from '../../../../shared/diagnosis/checks/egress-route-present.js';
import { endpointAzCovered } from '../../../../shared/diagnosis/checks/endpoint-az-covered.js';
import { registryInRegion } from '../../../../shared/diagnosis/checks/registry-in-region.js';
import { vpcDnsEnabled } from '../../../../shared/diagnosis/checks/vpc-dns-enabled.js';
import { aClassification, aSnapshot, aStoppedTask, ecrImage, publicImage } from '../../../helpers/snapshot-builder.js';
import { runCheck } from '../run-check.js';

describe('egressRoutePresent in a public subnet without a public IP', () => {
  const snapshot = () => aSnapshot('empty').withPublicSubnets(false).withImages(publicImage('nginx:1.27')).build();

  it('leaves a Fargate task to PUBLIC_SUBNET_WITHOUT_PUBLIC_IP (its own finding)', () => {
    const result = runCheck(egressRoutePresent, snapshot(), {
      category: 'public_registry_unreachable',
      task: aStoppedTask({ launchType: 'FARGATE' }),
    });

    expect(result.status).toBe('pass');
  });

  it('reports NO_EGRESS_ROUTE for an EC2 launch type task (awsvpc tasks on EC2 get no public IP)', () => {
    const result = runCheck(egressRoutePresent, snapshot(), {
      category: 'public_registry_unreachable',
      task: aStoppedTask({ launchType: 'EC2' }),
    });

    expect(result.findings.map((finding) => finding.code)).toEqual(['NO_EGRESS_ROUTE']);
  });
});

describe('endpointAzCovered without interface endpoints', () => {
  it('does not apply (rather than pass) when the VPC has no interface endpoint to compare', () => {
    expect(runCheck(endpointAzCovered, aSnapshot('empty').build()).status).toBe('not-applicable');
  });
});

describe('registryInRegion and the region the stop reason names', () => {
  const snapshot = () => aSnapshot().withImages(ecrImage('us-east-1')).build();

  it('is the cause when the stop reason names the other region (the endpoints of this one serve the rest)', () => {
    const classification = aClassification('ecr_dkr_unreachable', { evidence: { region: 'us-east-1' } });

    expect(runCheck(registryInRegion, snapshot(), { classification }).findings[0]?.cause).toBe(true);
  });

  it('is not the cause when the stop reason names no region', () => {
    const classification = aClassification('ecr_dkr_unreachable', { evidence: { region: null } });

    expect(runCheck(registryInRegion, snapshot(), { classification }).findings[0]?.cause).toBe(false);
  });
});

describe('vpcDnsEnabled with only DNS hostnames off', () => {
  it('is an error when no NAT/internet path is left (the endpoints are the only way)', () => {
    const snapshot = aSnapshot().withVpcDns({ support: true, hostnames: false }).build();

    expect(runCheck(vpcDnsEnabled, snapshot).findings[0]?.severity).toBe('error');
  });
});
