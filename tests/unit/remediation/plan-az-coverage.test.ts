/**
 * Adding subnets to an endpoint that misses an AZ: only subnets of uncovered AZs. EC2 refuses a
 * second subnet in an AZ the endpoint already has (and the whole change with it).
 */
import { describe, expect, it } from '@jest/globals';
import { diagnose } from '../../../shared/diagnosis/diagnose.js';
import { planRemediation } from '../../../shared/remediation/plan.js';
import { FIXTURE_IDS, aClassification, aSnapshot, aStoppedTask } from '../../helpers/snapshot-builder.js';

describe('planRemediation for ENDPOINT_AZ_NOT_COVERED', () => {
  it('adds no subnet of an AZ the endpoint covers through another subnet', () => {
    // The endpoint sits in subnet-0a2 (AZ a, not the tasks' subnet-0a): AZ a is covered, AZ b is not.
    const snapshot = aSnapshot()
      .tap((draft) => {
        draft.subnets.push({
          subnetId: 'subnet-0a2',
          vpcId: FIXTURE_IDS.vpcId,
          availabilityZone: `${FIXTURE_IDS.region}a`,
          availabilityZoneId: 'euw1-az1',
          cidrBlock: '10.0.9.0/24',
          mapPublicIpOnLaunch: false,
          tags: {},
        });
      })
      .withEndpointChanges('ecr.dkr', { subnetIds: ['subnet-0a2'], tags: { ManagedBy: 'ecs-netfix' } })
      .build();
    const findings = diagnose({
      classification: aClassification('ecr_api_unreachable'),
      snapshot,
      task: aStoppedTask(),
    }).findings;

    const plan = planRemediation(findings, snapshot, { region: FIXTURE_IDS.region, maxEndpointsPerRun: 6 });

    const additions = plan.actions.filter((action) => action.kind === 'add-subnets-to-interface-endpoint');
    expect(additions).toHaveLength(1);
    expect(additions[0]).toMatchObject({ vpcEndpointId: 'vpce-ecr-dkr', subnetIds: [FIXTURE_IDS.subnetB] });
  });
});
