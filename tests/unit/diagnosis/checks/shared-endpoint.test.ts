import { describe, expect, it } from '@jest/globals';
import { sharedEndpointReachable } from '../../../../shared/diagnosis/checks/shared-endpoint-reachable.js';
import { diagnose } from '../../../../shared/diagnosis/diagnose.js';
import { planRemediation } from '../../../../shared/remediation/plan.js';
import { aClassification, aSnapshot, aStoppedTask, allTrafficRule, httpsRule } from '../../../helpers/snapshot-builder.js';
import { runCheck } from '../run-check.js';

const API_ZONE = 'api.ecr.eu-west-1.amazonaws.com';
const DKR_ZONE = 'dkr.ecr.eu-west-1.amazonaws.com';
const HUB_ALIAS = 'vpce-0hub1234-abcd.api.ecr.eu-west-1.vpce.amazonaws.com';

/** ECR served by a hub VPC (10.50.0.0/16) through private hosted zones; no endpoints of its own. */
function centralised() {
  return aSnapshot()
    .withoutEndpoints('ecr.api', 'ecr.dkr')
    .withPrivateZone(API_ZONE, { addresses: ['10.50.1.10'], hostedZoneId: 'Z0APIHUB' })
    .withPrivateZone(DKR_ZONE, { addresses: ['10.50.1.11'], hostedZoneId: 'Z0DKRHUB', recordName: `*.${DKR_ZONE}` });
}

describe('sharedEndpointReachable', () => {
  it('names the route table with no route toward the hub, with the zone and target in the evidence', () => {
    const [finding] = runCheck(sharedEndpointReachable, centralised().build()).findings;
    expect(finding).toMatchObject({ code: 'SHARED_ENDPOINT_ROUTE_MISSING', severity: 'error', service: 'ecr.api', cause: true });
    expect(finding?.resources).toEqual(['Z0APIHUB', 'rtb-private']);
    expect(finding?.message).toContain(`${API_ZONE} resolves through private hosted zone Z0APIHUB`);
    expect(finding?.message).toContain('10.50.1.10');
    expect(finding?.fix.cli[0]).toBe(
      'aws ec2 create-route --route-table-id rtb-private --destination-cidr-block 10.50.1.10/32 --transit-gateway-id <tgw-id> --region eu-west-1'
    );
    expect(finding?.fix.automatic).toBe(false);
  });

  it('does not accept the NAT gateway as the way to a private hub address', () => {
    const snapshot = centralised().withNatGateway().build();
    const codes = runCheck(sharedEndpointReachable, snapshot).findings.map((finding) => finding.code);
    expect(codes).toEqual(['SHARED_ENDPOINT_ROUTE_MISSING', 'SHARED_ENDPOINT_ROUTE_MISSING']);
  });

  it('treats a blackhole transit route as missing', () => {
    const snapshot = centralised().withRoute('10.50.0.0/16', 'transit-gateway', 'tgw-0hub', 'blackhole').build();
    const [finding] = runCheck(sharedEndpointReachable, snapshot).findings;
    expect(finding?.code).toBe('SHARED_ENDPOINT_ROUTE_MISSING');
    expect(finding?.message).toContain('(blackhole)');
  });

  it('warns that the path leaves the VPC when a transit gateway route covers the hub', () => {
    const snapshot = centralised().withRoute('10.50.0.0/16', 'transit-gateway', 'tgw-0hub').build();
    const findings = runCheck(sharedEndpointReachable, snapshot).findings;
    expect(findings.map((finding) => [finding.code, finding.severity, finding.service])).toEqual([
      ['SHARED_ENDPOINT_UNVERIFIED', 'warning', 'ecr.api'],
      ['SHARED_ENDPOINT_UNVERIFIED', 'warning', 'ecr.dkr'],
    ]);
  });

  it('follows an alias target only as far as the route table: no transit route at all is missing', () => {
    const snapshot = aSnapshot()
      .withoutEndpoint('ecr.api')
      .withPrivateZone(API_ZONE, { alias: HUB_ALIAS, hostedZoneId: 'Z0APIHUB' })
      .build();
    const [finding] = runCheck(sharedEndpointReachable, snapshot).findings;
    expect(finding?.code).toBe('SHARED_ENDPOINT_ROUTE_MISSING');
    expect(finding?.message).toContain(HUB_ALIAS);
    expect(finding?.fix.cli[0]).toContain('--destination-cidr-block <hub-vpc-cidr> --transit-gateway-id <tgw-id>');
  });

  it('reports a zone that covers the name without a record for it (the name does not resolve)', () => {
    const snapshot = aSnapshot()
      .withoutEndpoint('ecr.api')
      .withPrivateZone(API_ZONE, { recordName: null, hostedZoneId: 'Z0EMPTY' })
      .build();
    const [finding] = runCheck(sharedEndpointReachable, snapshot).findings;
    expect(finding).toMatchObject({ code: 'SHARED_ENDPOINT_ROUTE_MISSING', resources: ['Z0EMPTY', 'vpc-0abc'] });
    expect(finding?.message).toContain('does not resolve at all');
  });

  it('is not applicable when the VPC has its own endpoints', () => {
    expect(runCheck(sharedEndpointReachable, aSnapshot().build()).status).toBe('not-applicable');
  });
});

describe('diagnose and plan with centralised endpoints', () => {
  it('blames the route, never a missing endpoint, and plans nothing to create', () => {
    const snapshot = centralised().build();
    const diagnosis = diagnose({ classification: aClassification('ecr_api_unreachable'), snapshot, task: aStoppedTask() });
    const codes = diagnosis.findings.map((finding) => finding.code);
    expect(codes).toContain('SHARED_ENDPOINT_ROUTE_MISSING');
    expect(codes).not.toContain('ECR_API_ENDPOINT_MISSING');
    expect(codes).not.toContain('ECR_DKR_ENDPOINT_MISSING');
    const plan = planRemediation(diagnosis.findings, snapshot, { region: 'eu-west-1', maxEndpointsPerRun: 4 });
    expect(plan.actions.filter((action) => action.kind === 'create-interface-endpoint')).toEqual([]);
  });

  it('judges the task security group toward the hub addresses', () => {
    const snapshot = centralised()
      .withRoute('10.50.0.0/16', 'transit-gateway', 'tgw-0hub')
      .withSecurityGroupRules('sg-task', {
        egress: [httpsRule({ cidrs: ['10.0.0.0/16'] }), allTrafficRule({ prefixListIds: ['pl-6da54004'], cidrs: [] })],
      })
      .build();
    const diagnosis = diagnose({ classification: aClassification('ecr_api_unreachable'), snapshot, task: aStoppedTask() });
    const blocked = diagnosis.findings.find((finding) => finding.code === 'TASK_SG_BLOCKS_HTTPS');
    expect(blocked?.message).toContain('10.50.1.10');
    expect(blocked?.cause).toBe(true);
  });

  it('never plans an endpoint whose private DNS a zone of the VPC would conflict with', () => {
    const snapshot = centralised().build();
    const forced = diagnose({
      classification: aClassification('ecr_api_unreachable'),
      snapshot: aSnapshot().withoutEndpoints('ecr.api').build(),
      task: aStoppedTask(),
    });
    const plan = planRemediation(forced.findings, snapshot, { region: 'eu-west-1', maxEndpointsPerRun: 4 });
    expect(plan.actions.filter((action) => action.kind === 'create-interface-endpoint')).toEqual([]);
    expect(plan.skipped.map((entry) => entry.reason)).toEqual([
      expect.stringContaining('private hosted zone Z0APIHUB already answers for ecr.api'),
    ]);
  });
});
