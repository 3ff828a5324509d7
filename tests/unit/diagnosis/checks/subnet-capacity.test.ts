/**
 * Subnet capacity (issue 17): an interface endpoint takes one address in each of its subnets and a
 * task one for its ENI. The plan picks, per AZ, a task subnet with free addresses; an AZ with none
 * is SUBNET_NO_FREE_IPS (alert-only), which also explains a task that never got an address.
 */
import { describe, expect, it } from '@jest/globals';
import { subnetFreeAddresses } from '../../../../shared/diagnosis/checks/subnet-free-addresses.js';
import { endpointSubnetPerAz, fullAzs } from '../../../../shared/diagnosis/context.js';
import { diagnose } from '../../../../shared/diagnosis/diagnose.js';
import type { Snapshot } from '../../../../shared/model/snapshot.js';
import { planRemediation } from '../../../../shared/remediation/plan.js';
import { FIXTURE_IDS, aClassification, aSnapshot, aStoppedTask } from '../../../helpers/snapshot-builder.js';
import { runCheck } from '../run-check.js';

const REGION = FIXTURE_IDS.region;
const SUBNET_A2 = 'subnet-0a2';

/** The fixture's two task subnets, plus subnet-0a2 (also eu-west-1a) when asked, with these free counts. */
function withFreeAddresses(snapshot: Snapshot, counts: Record<string, number | null>, extraA = false): Snapshot {
  if (extraA) {
    const first = snapshot.subnets[0];
    if (first === undefined) throw new Error('fixture without subnets');
    snapshot.subnets.push({ ...first, subnetId: SUBNET_A2, cidrBlock: '10.0.3.0/24' });
    snapshot.network.subnetIds.push(SUBNET_A2);
    for (const table of snapshot.routeTables) if (table.subnetIds.includes(first.subnetId)) table.subnetIds.push(SUBNET_A2);
  }
  for (const subnet of snapshot.subnets) {
    if (subnet.subnetId in counts) subnet.availableIpAddressCount = counts[subnet.subnetId];
  }
  return snapshot;
}

function planFor(snapshot: Snapshot, task = aStoppedTask()) {
  const diagnosis = diagnose({ classification: aClassification('ecr_api_unreachable'), snapshot, task });
  return { diagnosis, plan: planRemediation(diagnosis.findings, snapshot, { region: REGION, maxEndpointsPerRun: 6 }) };
}

describe('choosing endpoint subnets by free addresses', () => {
  it('takes, in each AZ, the first subnet with a free address, and leaves out an AZ with none', () => {
    const snapshot = withFreeAddresses(aSnapshot().build(), { 'subnet-0a': 0, [SUBNET_A2]: 12, 'subnet-0b': 0 }, true);
    expect(endpointSubnetPerAz(snapshot.subnets).map((subnet) => subnet.subnetId)).toEqual([SUBNET_A2]);
    expect(fullAzs(snapshot.subnets).map((az) => [az.availabilityZone, az.subnets.map((subnet) => subnet.subnetId)])).toEqual([
      ['eu-west-1b', ['subnet-0b']],
    ]);
  });

  it('treats an unknown count as free (the create will say otherwise)', () => {
    const snapshot = withFreeAddresses(aSnapshot().build(), { 'subnet-0a': null, 'subnet-0b': 3 });
    expect(endpointSubnetPerAz(snapshot.subnets).map((subnet) => subnet.subnetId)).toEqual(['subnet-0a', 'subnet-0b']);
    expect(fullAzs(snapshot.subnets)).toEqual([]);
  });

  it('creates the endpoint in the subnet with room, not the full one of the same AZ', () => {
    const snapshot = withFreeAddresses(
      aSnapshot().withoutEndpoint('ecr.api').build(),
      { 'subnet-0a': 0, [SUBNET_A2]: 40, 'subnet-0b': 7 },
      true
    );
    const { plan } = planFor(snapshot, aStoppedTask({ subnetId: SUBNET_A2 }));
    const create = plan.actions.find((action) => action.kind === 'create-interface-endpoint');
    expect(create?.kind === 'create-interface-endpoint' ? [...create.subnetIds].sort() : null).toEqual([
      'subnet-0a2',
      'subnet-0b',
    ]);
  });

  it('creates the endpoint only in AZs with room, and names the full AZ with SUBNET_NO_FREE_IPS', () => {
    const snapshot = withFreeAddresses(aSnapshot().withoutEndpoint('ecr.api').build(), { 'subnet-0a': 9, 'subnet-0b': 0 });
    const { diagnosis, plan } = planFor(snapshot);
    const create = plan.actions.find((action) => action.kind === 'create-interface-endpoint');
    expect(create?.kind === 'create-interface-endpoint' ? [create.subnetIds, create.availabilityZones] : null).toEqual([
      ['subnet-0a'],
      ['eu-west-1a'],
    ]);
    const full = diagnosis.findings.find((finding) => finding.code === 'SUBNET_NO_FREE_IPS');
    expect(full).toMatchObject({ severity: 'warning', cause: false, resources: ['subnet-0b'] });
    expect(full?.message).toContain('subnet-0b (0 free)');
    expect(plan.manual.map((finding) => finding.code)).toContain('SUBNET_NO_FREE_IPS');
  });

  it('creates nothing when every task subnet is full: the missing endpoint is handed to a person', () => {
    const snapshot = withFreeAddresses(aSnapshot().withoutEndpoint('ecr.api').build(), { 'subnet-0a': 0, 'subnet-0b': 0 });
    const { plan } = planFor(snapshot);
    expect(plan.actions.filter((action) => action.kind === 'create-interface-endpoint')).toEqual([]);
    const missing = plan.findings.find((finding) => finding.code === 'ECR_API_ENDPOINT_MISSING');
    expect([missing?.fix.automatic, missing?.fix.summary]).toEqual([false, expect.stringContaining('SUBNET_NO_FREE_IPS')]);
  });

  it('adds no subnet of a full AZ to an endpoint that misses that AZ', () => {
    const snapshot = withFreeAddresses(
      aSnapshot()
        .withEndpointChanges('ecr.api', { subnetIds: ['subnet-0a'], tags: { ManagedBy: 'ecs-netfix' } })
        .build(),
      { 'subnet-0a': 5, 'subnet-0b': 0 }
    );
    const { diagnosis, plan } = planFor(snapshot);
    expect(diagnosis.findings.map((finding) => finding.code)).toEqual(
      expect.arrayContaining(['ENDPOINT_AZ_NOT_COVERED', 'SUBNET_NO_FREE_IPS'])
    );
    expect(plan.actions.filter((action) => action.kind === 'add-subnets-to-interface-endpoint')).toEqual([]);
    const uncovered = plan.findings.find((finding) => finding.code === 'ENDPOINT_AZ_NOT_COVERED');
    expect(uncovered?.fix.automatic).toBe(false);
  });
});

describe('subnetFreeAddresses', () => {
  it('explains a task that never got an address: its own subnet is full', () => {
    const snapshot = withFreeAddresses(aSnapshot().build(), { 'subnet-0a': 0, 'subnet-0b': 120 });
    const result = runCheck(subnetFreeAddresses, snapshot, {
      task: aStoppedTask({ privateIp: null }),
      category: 'other_not_network',
    });
    expect(
      result.findings.map((finding) => [finding.code, finding.severity, finding.cause, finding.resources, finding.fix.automatic])
    ).toEqual([['SUBNET_NO_FREE_IPS', 'error', true, ['subnet-0a'], false]]);
    expect(result.findings[0]?.message).toContain("The task's subnet has no free address: subnet-0a (0 free) in eu-west-1a");
    expect(result.findings[0]?.fix.cli[0]).toContain('Name=subnet-id,Values=subnet-0a');
  });

  it('does not blame a full subnet for a task that had an address', () => {
    const snapshot = withFreeAddresses(aSnapshot().build(), { 'subnet-0a': 0, 'subnet-0b': 120 });
    const [finding] = runCheck(subnetFreeAddresses, snapshot).findings;
    expect([finding?.severity, finding?.cause]).toEqual(['error', false]);
  });

  it("leaves another AZ's full subnets out when the failure is not a network one", () => {
    const snapshot = withFreeAddresses(aSnapshot().build(), { 'subnet-0a': 4, 'subnet-0b': 0 });
    expect(runCheck(subnetFreeAddresses, snapshot, { category: 'image_not_found' }).status).toBe('pass');
    expect(runCheck(subnetFreeAddresses, snapshot).status).toBe('fail');
  });

  it('passes when one subnet of each AZ has room, and is not applicable without counts', () => {
    expect(
      runCheck(
        subnetFreeAddresses,
        withFreeAddresses(aSnapshot().build(), { 'subnet-0a': 0, [SUBNET_A2]: 1, 'subnet-0b': 2 }, true)
      ).status
    ).toBe('pass');
    expect(runCheck(subnetFreeAddresses, aSnapshot().build()).status).toBe('not-applicable');
  });
});

describe('AZs the service is offered in', () => {
  const API = 'com.amazonaws.eu-west-1.ecr.api';
  /** ecr.api's endpoint (ours) only in subnet-0a; AWS offers ecr.api in `offered`. */
  function endpointInAOnly(offered: string[] | null): Snapshot {
    const snapshot = aSnapshot()
      .withEndpointChanges('ecr.api', { subnetIds: ['subnet-0a'], tags: { ManagedBy: 'ecs-netfix' } })
      .build();
    if (offered !== null) snapshot.endpointServiceZones = [{ serviceName: API, availabilityZones: offered }];
    return snapshot;
  }

  it('never plans a subnet in an AZ where the service is not offered, and says so instead of warning', () => {
    const { diagnosis, plan } = planFor(endpointInAOnly(['eu-west-1a', 'eu-west-1c']));
    const azFindings = diagnosis.findings.filter((finding) => finding.code === 'ENDPOINT_AZ_NOT_COVERED');
    expect(azFindings.map((finding) => [finding.severity, finding.fix.automatic])).toEqual([['info', false]]);
    expect(azFindings[0]?.message).toContain(`AWS does not offer ${API} in eu-west-1b`);
    expect(plan.actions.filter((action) => action.kind === 'add-subnets-to-interface-endpoint')).toEqual([]);
    expect(plan.manual.map((finding) => finding.code)).not.toContain('ENDPOINT_AZ_NOT_COVERED');
  });

  it('adds the subnet when the service is offered there, or when the offer is not known', () => {
    for (const offered of [['eu-west-1a', 'eu-west-1b'], null]) {
      const { diagnosis, plan } = planFor(endpointInAOnly(offered));
      const warning = diagnosis.findings.find((finding) => finding.code === 'ENDPOINT_AZ_NOT_COVERED');
      const add = plan.actions.find((action) => action.kind === 'add-subnets-to-interface-endpoint');
      expect({
        offered,
        severity: warning?.severity,
        subnets: add?.kind === 'add-subnets-to-interface-endpoint' ? add.subnetIds : null,
      }).toEqual({
        offered,
        severity: 'warning',
        subnets: ['subnet-0b'],
      });
    }
  });
});
