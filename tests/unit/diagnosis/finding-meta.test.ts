/**
 * The finding metadata table against the plan: an automatic finding always ends up as an action,
 * a skipped action or a person's fix. Before the table, a code missing from plan.ts's own lists
 * landed in neither `actions` nor `manual` and disappeared from the alert.
 */
import { describe, expect, it } from '@jest/globals';
import { ALL_CHECKS } from '../../../shared/diagnosis/checks/index.js';
import { FINDING_META } from '../../../shared/diagnosis/checks/finding-meta.js';
import { FINDING_CODES, type Finding, type FindingCode } from '../../../shared/diagnosis/finding.js';
import type { Snapshot } from '../../../shared/model/snapshot.js';
import { planRemediation } from '../../../shared/remediation/plan.js';
import { diagnose } from '../../../shared/diagnosis/diagnose.js';
import { FIXTURE_IDS, aClassification, aSnapshot, aStoppedTask } from '../../helpers/snapshot-builder.js';

const OURS = { ManagedBy: 'ecs-netfix' };

/** A finding as a check would mark it: automatic, an error, with the resources its fix needs. */
function automaticFinding(code: FindingCode, resources: string[]): Finding {
  const service = FINDING_META[code].service;
  return {
    code,
    severity: 'error',
    message: `${code} (forged)`,
    resources,
    fix: { summary: 'fix it', console: [], cli: ['aws ec2 something'], automatic: true },
    cause: true,
    ...(service === undefined ? {} : { service }),
  };
}

/** A snapshot in which the code's fix has something to do, and the finding for it. */
function caseFor(code: FindingCode): { snapshot: Snapshot; finding: Finding } {
  if (code === 'S3_GATEWAY_ROUTE_MISSING') {
    const snapshot = aSnapshot().withEndpointChanges('s3', { routeTableIds: [], tags: OURS }).build();
    return { snapshot, finding: automaticFinding(code, ['vpce-s3', 'rtb-private']) };
  }
  if (code === 'ENDPOINT_AZ_NOT_COVERED') {
    const snapshot = aSnapshot()
      .withEndpointChanges('ecr.dkr', { subnetIds: [FIXTURE_IDS.subnetA], tags: OURS })
      .build();
    return { snapshot, finding: automaticFinding(code, ['vpce-ecr-dkr']) };
  }
  return { snapshot: aSnapshot('empty').build(), finding: automaticFinding(code, [FIXTURE_IDS.vpcId]) };
}

function planOne(code: FindingCode) {
  const { snapshot, finding } = caseFor(code);
  return planRemediation([finding], snapshot, { region: FIXTURE_IDS.region, maxEndpointsPerRun: 6 });
}

const FIXED_BY_US = FINDING_CODES.filter((code) => FINDING_META[code].fix.by === 'ecs-netfix');
const LEFT_TO_OTHERS = FINDING_CODES.filter((code) => FINDING_META[code].fix.by !== 'ecs-netfix');

describe('FINDING_META', () => {
  it('knows what the plan fixes itself: the six interface endpoints, the S3 gateway, its routes, AZ coverage', () => {
    expect(FIXED_BY_US).toEqual([
      'ECR_API_ENDPOINT_MISSING',
      'ECR_DKR_ENDPOINT_MISSING',
      'S3_GATEWAY_ENDPOINT_MISSING',
      'S3_GATEWAY_ROUTE_MISSING',
      'LOGS_ENDPOINT_MISSING',
      'SECRETSMANAGER_ENDPOINT_MISSING',
      'SSM_ENDPOINT_MISSING',
      'KMS_ENDPOINT_MISSING',
      'ENDPOINT_AZ_NOT_COVERED',
    ]);
  });

  it.each(FIXED_BY_US)('%s, marked automatic, becomes an action that names it (its builder exists)', (code) => {
    const plan = planOne(code);

    expect(plan.actions.flatMap((action) => action.fixes)).toContain(code);
    expect(plan.manual.map((finding) => finding.code)).not.toContain(code);
  });

  it.each(LEFT_TO_OTHERS)('%s, wrongly marked automatic by a check, goes to a person instead of disappearing', (code) => {
    const plan = planOne(code);

    expect(plan.actions).toEqual([]);
    const manual = plan.manual.find((finding) => finding.code === code);
    expect(manual?.fix.automatic).toBe(false);
    expect(manual?.fix.summary).toMatch(/no automatic fix/);
    expect(plan.findings.find((finding) => finding.code === code)?.fix.automatic).toBe(false);
  });

  it('gives every interface endpoint code the service whose endpoint it creates', () => {
    const interfaceCodes = FIXED_BY_US.filter((code) => {
      const fix = FINDING_META[code].fix;
      return fix.by === 'ecs-netfix' && fix.action === 'create-interface-endpoint';
    });

    expect(interfaceCodes.map((code) => [code, FINDING_META[code].service])).toEqual([
      ['ECR_API_ENDPOINT_MISSING', 'ecr.api'],
      ['ECR_DKR_ENDPOINT_MISSING', 'ecr.dkr'],
      ['LOGS_ENDPOINT_MISSING', 'logs'],
      ['SECRETSMANAGER_ENDPOINT_MISSING', 'secretsmanager'],
      ['SSM_ENDPOINT_MISSING', 'ssm'],
      ['KMS_ENDPOINT_MISSING', 'kms'],
    ]);
  });

  it('has a record for every code a check reports, and only summary codes have no hop', () => {
    const reported = new Set(ALL_CHECKS.flatMap((check) => check.codes));
    for (const code of reported) expect(FINDING_META[code]).toBeDefined();
    const withoutHop = FINDING_CODES.filter((code) => FINDING_META[code].hop === null);
    expect(withoutHop).toEqual(['NOT_A_NETWORK_PROBLEM', 'NO_PROBLEM_FOUND']);
  });
});

describe('the checks agree with the table', () => {
  // Worlds that make the checks speak: missing endpoints, a dead or pending NAT, public subnets, DNS off.
  const worlds = {
    'no endpoints': aSnapshot('empty').build(),
    'a blackholed NAT route': aSnapshot().withoutEndpoints('ecr.api', 'ecr.dkr').withBlackholeNatRoute('nat-0gone').build(),
    'a failed NAT gateway': aSnapshot().withoutEndpoints('ecr.api', 'ecr.dkr').withNatGateway({ state: 'failed' }).build(),
    'a pending NAT gateway': aSnapshot().withoutEndpoints('ecr.api', 'ecr.dkr').withNatGateway({ state: 'pending' }).build(),
    'public subnets, no public IP': aSnapshot().withoutEndpoints('ecr.api', 'ecr.dkr', 's3').withPublicSubnets(false).build(),
    'VPC DNS off': aSnapshot().withVpcDns({ support: false, hostnames: false }).build(),
  };

  it.each(Object.entries(worlds))(
    'a finding says ecs-netfix can fix it only when its record names an action (%s)',
    (_name, snapshot) => {
      const findings = diagnose({
        classification: aClassification('ecr_api_unreachable'),
        snapshot,
        task: aStoppedTask(),
      }).findings;

      expect(findings.length).toBeGreaterThan(0);
      for (const finding of findings) {
        expect({ code: finding.code, automatic: finding.fix.automatic }).toEqual({
          code: finding.code,
          automatic: finding.fix.automatic && FINDING_META[finding.code].fix.by === 'ecs-netfix',
        });
      }
    }
  );
});
