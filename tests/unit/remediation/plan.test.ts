import { describe, expect, it } from '@jest/globals';
import { diagnose } from '../../../shared/diagnosis/diagnose.js';
import type { Finding, FindingCode } from '../../../shared/diagnosis/finding.js';
import type { Snapshot } from '../../../shared/model/snapshot.js';
import type { Action } from '../../../shared/remediation/action.js';
import { monthlyEndpointCost } from '../../../shared/remediation/cost.js';
import { planRemediation } from '../../../shared/remediation/plan.js';
import { FIXTURE_IDS, aClassification, aSnapshot, aStoppedTask } from '../../helpers/snapshot-builder.js';

const REGION = FIXTURE_IDS.region;
const OPTIONS = { region: REGION, maxEndpointsPerRun: 6 };

/** Findings as the Lambda would produce them for this snapshot (ECR auth timed out). */
function findingsFor(snapshot: Snapshot): Finding[] {
  return diagnose({
    classification: aClassification('ecr_api_unreachable'),
    snapshot,
    task: aStoppedTask(),
  }).findings;
}

function planFor(snapshot: Snapshot, options = OPTIONS) {
  return planRemediation(findingsFor(snapshot), snapshot, options);
}

/** A hand-made finding, for cases diagnose would not produce on its own. */
function aFinding(code: FindingCode, overrides: Partial<Finding> = {}): Finding {
  return {
    code,
    severity: 'error',
    message: `${code} (test)`,
    resources: [FIXTURE_IDS.vpcId],
    fix: { summary: 'fix it', console: [], cli: [], automatic: true },
    cause: true,
    ...overrides,
  };
}

/** `kind:service` (or `kind`) for each action, in order: what a reader of the plan sees. */
function outline(actions: Action[]): string[] {
  return actions.map((action) => ('service' in action ? `${action.kind}:${action.service}` : action.kind));
}

function actionOfKind<K extends Action['kind']>(actions: Action[], kind: K, service?: string): Extract<Action, { kind: K }> {
  const found = actions.find(
    (action) => action.kind === kind && (service === undefined || ('service' in action && action.service === service))
  );
  if (found === undefined) throw new Error(`no ${kind} ${service ?? ''} action in the plan`);
  return found as Extract<Action, { kind: K }>;
}

/** A security group named like ecs-netfix's endpoint group, in `vpcId`, with these tags. */
function endpointGroupNamed(groupId: string, vpcId: string, tags: Record<string, string>): Snapshot['securityGroups'][number] {
  return { groupId, vpcId, groupName: 'ecs-netfix-endpoints', ingress: [], egress: [], tags };
}

describe('planRemediation', () => {
  describe('in a VPC without endpoints', () => {
    it('plans the endpoint security group first, then every missing endpoint in the order a task needs them', () => {
      // Prepare
      const snapshot = aSnapshot('empty').build();

      // Act
      const plan = planFor(snapshot);

      // Assess
      expect(outline(plan.actions)).toEqual([
        'create-endpoint-security-group',
        'create-interface-endpoint:ecr.api',
        'create-interface-endpoint:ecr.dkr',
        'create-gateway-endpoint:s3',
        'create-interface-endpoint:logs',
        'create-interface-endpoint:secretsmanager',
      ]);
      expect(plan.skipped).toEqual([]);
    });

    it('places each interface endpoint in the task subnets, one per AZ, with private DNS', () => {
      const plan = planFor(aSnapshot('empty').build());

      const ecrApi = actionOfKind(plan.actions, 'create-interface-endpoint', 'ecr.api');
      expect(ecrApi).toMatchObject({
        vpcId: FIXTURE_IDS.vpcId,
        serviceName: 'com.amazonaws.eu-west-1.ecr.api',
        subnetIds: [FIXTURE_IDS.subnetA, FIXTURE_IDS.subnetB],
        privateDnsEnabled: true,
        fixes: ['ECR_API_ENDPOINT_MISSING'],
      });
    });

    it('takes one subnet per AZ and covers every AZ the service uses', () => {
      // Prepare: a second subnet in eu-west-1a and a third AZ
      const snapshot = aSnapshot('empty')
        .tap((draft) => {
          draft.network.subnetIds = ['subnet-0a', 'subnet-0a2', 'subnet-0b', 'subnet-0c'];
          const [first] = draft.subnets;
          if (first === undefined) throw new Error('fixture has no subnet');
          draft.subnets = [
            first,
            { ...first, subnetId: 'subnet-0a2', cidrBlock: '10.0.11.0/24' },
            ...draft.subnets.slice(1),
            {
              ...first,
              subnetId: 'subnet-0c',
              availabilityZone: 'eu-west-1c',
              availabilityZoneId: 'euw1-az3',
              cidrBlock: '10.0.3.0/24',
            },
          ];
          const table = draft.routeTables.find((candidate) => candidate.routeTableId === FIXTURE_IDS.routeTable);
          if (table) table.subnetIds = ['subnet-0a', 'subnet-0a2', 'subnet-0b', 'subnet-0c'];
        })
        .build();

      // Act
      const plan = planFor(snapshot);

      // Assess
      const interfaces = plan.actions.filter((action) => action.kind === 'create-interface-endpoint');
      expect(interfaces.length).toBeGreaterThan(0);
      for (const action of interfaces) {
        expect(action.subnetIds).toEqual(['subnet-0a', 'subnet-0b', 'subnet-0c']);
      }
    });

    it('puts the S3 gateway endpoint on the route table explicitly associated with the task subnets', () => {
      const plan = planFor(aSnapshot('empty').build());

      expect(actionOfKind(plan.actions, 'create-gateway-endpoint')).toMatchObject({
        serviceName: 'com.amazonaws.eu-west-1.s3',
        routeTableIds: [FIXTURE_IDS.routeTable],
        monthlyCostUsd: 0,
        fixes: ['S3_GATEWAY_ENDPOINT_MISSING'],
      });
    });

    it('puts the S3 gateway endpoint on the main route table when the task subnets have no explicit association', () => {
      const plan = planFor(aSnapshot('empty').withTaskSubnetsOnMainTable().build());

      expect(actionOfKind(plan.actions, 'create-gateway-endpoint').routeTableIds).toEqual([FIXTURE_IDS.mainRouteTable]);
    });

    it('never plans for a subnet of another VPC: no endpoint in it, no main-table fallback for it', () => {
      // Prepare: a forged or stale event adds a subnet of another VPC in a third AZ.
      const snapshot = aSnapshot('empty')
        .tap((draft) => {
          draft.subnets.push({
            subnetId: 'subnet-0foreign',
            vpcId: 'vpc-0other',
            availabilityZone: 'eu-west-1c',
            availabilityZoneId: null,
            cidrBlock: '10.9.0.0/24',
            mapPublicIpOnLaunch: false,
            tags: {},
          });
        })
        .build();

      // Act
      const plan = planFor(snapshot);

      // Assess
      expect(actionOfKind(plan.actions, 'create-gateway-endpoint').routeTableIds).toEqual([FIXTURE_IDS.routeTable]);
      const placed = plan.actions.flatMap((action) => (action.kind === 'create-interface-endpoint' ? action.subnetIds : []));
      expect(placed.length).toBeGreaterThan(0);
      expect(placed).not.toContain('subnet-0foreign');
    });

    it('lists every distinct route table once when the task subnets use different tables', () => {
      // Prepare: subnet-0b falls back to the main table
      const snapshot = aSnapshot('empty')
        .tap((draft) => {
          const table = draft.routeTables.find((candidate) => candidate.routeTableId === FIXTURE_IDS.routeTable);
          if (table) table.subnetIds = [FIXTURE_IDS.subnetA];
        })
        .build();

      const plan = planFor(snapshot);

      expect(actionOfKind(plan.actions, 'create-gateway-endpoint').routeTableIds).toEqual([
        FIXTURE_IDS.routeTable,
        FIXTURE_IDS.mainRouteTable,
      ]);
    });

    it('prices each interface endpoint per AZ and the gateway endpoint and security group at zero', () => {
      const plan = planFor(aSnapshot('empty').build());

      const twoAzs = monthlyEndpointCost(REGION, 2);
      expect(twoAzs).toBeGreaterThan(0);
      expect(actionOfKind(plan.actions, 'create-interface-endpoint', 'ecr.dkr').monthlyCostUsd).toBe(twoAzs);
      expect(actionOfKind(plan.actions, 'create-interface-endpoint', 'logs').monthlyCostUsd).toBe(twoAzs);
      expect(actionOfKind(plan.actions, 'create-gateway-endpoint').monthlyCostUsd).toBe(0);
      expect(actionOfKind(plan.actions, 'create-endpoint-security-group').monthlyCostUsd).toBe(0);
    });

    it('gives the same action ids for the same VPC and different ids for another VPC', () => {
      const first = planFor(aSnapshot('empty').build());
      const again = planFor(aSnapshot('empty').build());
      const otherVpc = planFor(
        aSnapshot('empty')
          .tap((draft) => {
            if (draft.vpc) draft.vpc.vpcId = 'vpc-0other';
            for (const subnet of draft.subnets) subnet.vpcId = 'vpc-0other';
            for (const table of draft.routeTables) table.vpcId = 'vpc-0other';
            for (const group of draft.securityGroups) group.vpcId = 'vpc-0other';
          })
          .build()
      );

      const ids = first.actions.map((action) => action.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(again.actions.map((action) => action.id)).toEqual(ids);
      expect(otherVpc.actions.map((action) => action.id).filter((id) => ids.includes(id))).toEqual([]);
    });
  });

  describe('the endpoint security group action', () => {
    it('allows the task security groups in when they are known', () => {
      const plan = planFor(aSnapshot('empty').build());

      expect(plan.actions[0]).toMatchObject({
        kind: 'create-endpoint-security-group',
        vpcId: FIXTURE_IDS.vpcId,
        allowFromGroupIds: [FIXTURE_IDS.taskSecurityGroup],
        allowFromCidrs: [],
        monthlyCostUsd: 0,
      });
    });

    it('allows the VPC CIDR blocks in when the task groups are unknown (standalone task)', () => {
      const snapshot = aSnapshot('empty')
        .withUnknownSecurityGroups()
        .tap((draft) => {
          if (draft.vpc) draft.vpc.cidrBlocks = ['10.0.0.0/16', '100.64.0.0/16'];
        })
        .build();
      const findings = [aFinding('ECR_API_ENDPOINT_MISSING', { service: 'ecr.api' })];

      const plan = planRemediation(findings, snapshot, OPTIONS);

      expect(plan.actions[0]).toMatchObject({
        kind: 'create-endpoint-security-group',
        allowFromGroupIds: [],
        allowFromCidrs: ['10.0.0.0/16', '100.64.0.0/16'],
      });
    });

    it('lists the finding codes of every interface endpoint that needs the group', () => {
      const plan = planFor(aSnapshot('empty').build());

      expect(actionOfKind(plan.actions, 'create-endpoint-security-group').fixes).toEqual([
        'ECR_API_ENDPOINT_MISSING',
        'ECR_DKR_ENDPOINT_MISSING',
        'LOGS_ENDPOINT_MISSING',
        'SECRETSMANAGER_ENDPOINT_MISSING',
      ]);
    });

    it('leaves the new endpoints to use the group the plan creates when the VPC has none', () => {
      const plan = planFor(aSnapshot('empty').build());

      expect(actionOfKind(plan.actions, 'create-interface-endpoint', 'ecr.api').securityGroupId).toBeNull();
    });

    it('reuses an existing ecs-netfix-endpoints group of the VPC for the new endpoints', () => {
      const snapshot = aSnapshot('empty')
        .tap((draft) => {
          draft.securityGroups.push(endpointGroupNamed('sg-netfix', FIXTURE_IDS.vpcId, { ManagedBy: 'ecs-netfix' }));
        })
        .build();

      const plan = planFor(snapshot);

      const interfaces = plan.actions.filter((action) => action.kind === 'create-interface-endpoint');
      expect(interfaces.map((action) => action.securityGroupId)).toEqual(['sg-netfix', 'sg-netfix', 'sg-netfix', 'sg-netfix']);
    });

    it('does not reuse a group of that name from another VPC', () => {
      const snapshot = aSnapshot('empty')
        .tap((draft) => {
          draft.securityGroups.push(endpointGroupNamed('sg-elsewhere', 'vpc-0other', {}));
        })
        .build();

      const plan = planFor(snapshot);

      expect(actionOfKind(plan.actions, 'create-interface-endpoint', 'ecr.api').securityGroupId).toBeNull();
    });

    it('does not reuse our own tagged group of another VPC (EC2 refuses a group of another VPC)', () => {
      // Name and ManagedBy tag both match: only the VPC tells it apart (guards `group.vpcId === vpcId`).
      const snapshot = aSnapshot('empty')
        .tap((draft) => {
          draft.securityGroups.push(endpointGroupNamed('sg-ours-elsewhere', 'vpc-0other', { ManagedBy: 'ecs-netfix' }));
        })
        .build();

      const plan = planFor(snapshot);

      const interfaces = plan.actions.filter((action) => action.kind === 'create-interface-endpoint');
      expect(interfaces.length).toBeGreaterThan(0);
      expect(interfaces.map((action) => action.securityGroupId)).toEqual(interfaces.map(() => null));
    });

    it('is not planned when only the S3 gateway endpoint is missing', () => {
      const plan = planFor(aSnapshot().withoutEndpoint('s3').build());

      expect(outline(plan.actions)).toEqual(['create-gateway-endpoint:s3']);
    });
  });

  describe('an existing S3 gateway endpoint that misses a task route table', () => {
    /** subnet-0b moves to its own table rtb-b, which the gateway endpoint vpce-s3 does not have. */
    function gatewayMissingATable(endpointTags: Record<string, string>): Snapshot {
      return aSnapshot()
        .tap((draft) => {
          const table = draft.routeTables.find((candidate) => candidate.routeTableId === FIXTURE_IDS.routeTable);
          if (table === undefined) throw new Error('fixture has no private route table');
          table.subnetIds = [FIXTURE_IDS.subnetA];
          draft.routeTables.push({
            routeTableId: 'rtb-b',
            vpcId: FIXTURE_IDS.vpcId,
            isMain: false,
            subnetIds: [FIXTURE_IDS.subnetB],
            routes: table.routes.filter((route) => route.targetKind === 'local'),
          });
          const gateway = draft.endpoints.find((endpoint) => endpoint.vpcEndpointId === 'vpce-s3');
          if (gateway === undefined) throw new Error('fixture has no S3 gateway endpoint');
          gateway.tags = endpointTags;
        })
        .build();
    }

    it('adds only the missing route tables to an endpoint ecs-netfix created', () => {
      const plan = planFor(gatewayMissingATable({ ManagedBy: 'ecs-netfix' }));

      expect(outline(plan.actions)).toEqual(['add-route-tables-to-gateway-endpoint']);
      expect(plan.actions[0]).toMatchObject({
        vpcEndpointId: 'vpce-s3',
        routeTableIds: ['rtb-b'],
        fixes: ['S3_GATEWAY_ROUTE_MISSING'],
        monthlyCostUsd: 0,
      });
      expect(plan.manual.map((finding) => finding.code)).not.toContain('S3_GATEWAY_ROUTE_MISSING');
    });

    it("leaves the user's own endpoint to a person by default, with the command, and says why", () => {
      const snapshot = gatewayMissingATable({ Name: 'team-s3' });
      const diagnosed = findingsFor(snapshot).find((finding) => finding.code === 'S3_GATEWAY_ROUTE_MISSING');

      const plan = planRemediation(findingsFor(snapshot), snapshot, OPTIONS);

      expect(diagnosed?.fix.automatic).toBe(true);
      expect(plan.actions).toEqual([]);
      const manual = plan.manual.find((finding) => finding.code === 'S3_GATEWAY_ROUTE_MISSING');
      expect(manual?.fix.automatic).toBe(false);
      expect(manual?.fix.cli).toEqual(diagnosed?.fix.cli);
      expect(manual?.fix.cli.join('\n')).toContain('vpce-s3');
      expect(manual?.fix.cli.join('\n')).toContain('rtb-b');
      expect(manual?.fix.summary).toContain('ALLOW_USER_ENDPOINT_CHANGES');
      // The report and alert get the demoted finding: nothing promises an automatic fix.
      const reported = plan.findings.filter((finding) => finding.code === 'S3_GATEWAY_ROUTE_MISSING');
      expect(reported).toEqual([manual]);
      expect(plan.findings).toHaveLength(findingsFor(snapshot).length);
    });

    it("adds the route table to the user's own endpoint when ALLOW_USER_ENDPOINT_CHANGES is on", () => {
      const snapshot = gatewayMissingATable({ Name: 'team-s3' });

      const plan = planRemediation(findingsFor(snapshot), snapshot, { ...OPTIONS, allowUserEndpointChanges: true });

      expect(outline(plan.actions)).toEqual(['add-route-tables-to-gateway-endpoint']);
      expect(plan.actions[0]).toMatchObject({ vpcEndpointId: 'vpce-s3', routeTableIds: ['rtb-b'] });
      expect(plan.manual.map((finding) => finding.code)).not.toContain('S3_GATEWAY_ROUTE_MISSING');
      expect(plan.findings).toEqual(findingsFor(snapshot));
    });

    it('treats a ManagedBy tag with another value as not ours', () => {
      const plan = planFor(gatewayMissingATable({ ManagedBy: 'terraform' }));

      expect(plan.actions).toEqual([]);
      expect(plan.manual.map((finding) => finding.code)).toContain('S3_GATEWAY_ROUTE_MISSING');
    });

    it('plans nothing when the finding names an endpoint the snapshot does not hold', () => {
      const finding = aFinding('S3_GATEWAY_ROUTE_MISSING', { resources: ['vpce-gone', 'rtb-b'], service: 's3' });

      const plan = planRemediation([finding], aSnapshot().build(), OPTIONS);

      expect(plan.actions).toEqual([]);
    });
  });

  describe('an interface endpoint that misses an AZ the tasks use', () => {
    function snapshotWithDkrIn(tags: Record<string, string>): Snapshot {
      return aSnapshot()
        .withEndpointChanges('ecr.dkr', { subnetIds: [FIXTURE_IDS.subnetA], tags })
        .build();
    }

    it('adds the subnet of the uncovered AZ when ecs-netfix manages the endpoint', () => {
      const plan = planFor(snapshotWithDkrIn({ ManagedBy: 'ecs-netfix' }));

      expect(outline(plan.actions)).toEqual(['add-subnets-to-interface-endpoint:ecr.dkr']);
      expect(plan.actions[0]).toMatchObject({
        vpcEndpointId: 'vpce-ecr-dkr',
        subnetIds: [FIXTURE_IDS.subnetB],
        fixes: ['ENDPOINT_AZ_NOT_COVERED'],
        monthlyCostUsd: monthlyEndpointCost(REGION, 1),
      });
    });

    it('leaves an endpoint someone else created to a person', () => {
      const plan = planFor(snapshotWithDkrIn({}));

      expect(plan.actions).toEqual([]);
      expect(plan.manual.map((finding) => finding.code)).toContain('ENDPOINT_AZ_NOT_COVERED');
    });
  });

  describe('MAX_ENDPOINTS_PER_RUN', () => {
    it('keeps the first endpoints in priority order and skips the rest with the reason', () => {
      const plan = planFor(aSnapshot('empty').build(), { region: REGION, maxEndpointsPerRun: 2 });

      expect(outline(plan.actions)).toEqual([
        'create-endpoint-security-group',
        'create-interface-endpoint:ecr.api',
        'create-interface-endpoint:ecr.dkr',
      ]);
      expect(plan.skipped.map((entry) => outline([entry.action])[0])).toEqual([
        'create-gateway-endpoint:s3',
        'create-interface-endpoint:logs',
        'create-interface-endpoint:secretsmanager',
      ]);
      for (const entry of plan.skipped) expect(entry.reason).toBe('MAX_ENDPOINTS_PER_RUN (2) reached');
    });

    it('plans no security group when the cap holds back every endpoint', () => {
      const plan = planFor(aSnapshot('empty').build(), { region: REGION, maxEndpointsPerRun: 0 });

      expect(plan.actions).toEqual([]);
      expect(plan.skipped).toHaveLength(5);
    });

    it('does not count changes to existing endpoints against the cap', () => {
      const findings = [
        aFinding('ECR_API_ENDPOINT_MISSING', { service: 'ecr.api' }),
        aFinding('S3_GATEWAY_ROUTE_MISSING', { resources: ['vpce-s3', 'rtb-b'], service: 's3' }),
      ];
      const snapshot = aSnapshot()
        .withoutEndpoint('ecr.api')
        .tap((draft) => {
          const table = draft.routeTables.find((candidate) => candidate.routeTableId === FIXTURE_IDS.routeTable);
          if (table) table.subnetIds = [FIXTURE_IDS.subnetA];
          draft.routeTables.push({
            routeTableId: 'rtb-b',
            vpcId: FIXTURE_IDS.vpcId,
            isMain: false,
            subnetIds: [FIXTURE_IDS.subnetB],
            routes: [],
          });
        })
        .build();

      const plan = planRemediation(findings, snapshot, { region: REGION, maxEndpointsPerRun: 1, allowUserEndpointChanges: true });

      expect(outline(plan.actions)).toEqual([
        'create-endpoint-security-group',
        'create-interface-endpoint:ecr.api',
        'add-route-tables-to-gateway-endpoint',
      ]);
      expect(plan.skipped).toEqual([]);
    });
  });

  describe('findings only a person can fix', () => {
    it('go to manual, with info findings left out', () => {
      const findings = [
        aFinding('NAT_ROUTE_BLACKHOLE', { fix: { summary: 'replace the NAT gateway', console: [], cli: [], automatic: false } }),
        aFinding('EXECUTION_ROLE_PERMISSION_MISSING', { fix: { summary: 'grant', console: [], cli: [], automatic: false } }),
        aFinding('CUSTOM_DNS_SERVERS', { severity: 'info', fix: { summary: 'none', console: [], cli: [], automatic: false } }),
      ];

      const plan = planRemediation(findings, aSnapshot().build(), OPTIONS);

      expect(plan.actions).toEqual([]);
      expect(plan.skipped).toEqual([]);
      expect(plan.manual.map((finding) => finding.code)).toEqual(['NAT_ROUTE_BLACKHOLE', 'EXECUTION_ROLE_PERMISSION_MISSING']);
    });

    it('stay manual next to the automatic ones', () => {
      const snapshot = aSnapshot('empty').withBlackholeNatRoute().build();

      const plan = planFor(snapshot);

      expect(plan.actions.length).toBeGreaterThan(0);
      expect(plan.manual.map((finding) => finding.code)).toContain('NAT_ROUTE_BLACKHOLE');
      expect(plan.manual.every((finding) => !finding.fix.automatic)).toBe(true);
    });

    it('plan nothing in a healthy VPC', () => {
      const plan = planFor(aSnapshot().build());

      expect(plan).toEqual({ actions: [], skipped: [], manual: [], findings: findingsFor(aSnapshot().build()) });
    });

    it('plan nothing when the VPC is unknown', () => {
      const snapshot = aSnapshot('empty')
        .tap((draft) => {
          draft.vpc = null;
          draft.subnets = [];
        })
        .build();

      const plan = planRemediation([aFinding('ECR_API_ENDPOINT_MISSING', { service: 'ecr.api' })], snapshot, OPTIONS);

      expect(plan.actions).toEqual([]);
    });
  });

  it('orders ecr.api, ecr.dkr, s3, logs, secretsmanager, ssm whatever the order of the findings', () => {
    const codes: FindingCode[] = [
      'SSM_ENDPOINT_MISSING',
      'SECRETSMANAGER_ENDPOINT_MISSING',
      'LOGS_ENDPOINT_MISSING',
      'S3_GATEWAY_ENDPOINT_MISSING',
      'ECR_DKR_ENDPOINT_MISSING',
      'ECR_API_ENDPOINT_MISSING',
    ];

    const plan = planRemediation(
      codes.map((code) => aFinding(code)),
      aSnapshot('empty').build(),
      OPTIONS
    );

    expect(outline(plan.actions)).toEqual([
      'create-endpoint-security-group',
      'create-interface-endpoint:ecr.api',
      'create-interface-endpoint:ecr.dkr',
      'create-gateway-endpoint:s3',
      'create-interface-endpoint:logs',
      'create-interface-endpoint:secretsmanager',
      'create-interface-endpoint:ssm',
    ]);
  });

  it('plans one endpoint when two findings ask for the same one, listing both codes once', () => {
    const findings = [
      aFinding('ECR_DKR_ENDPOINT_MISSING', { service: 'ecr.dkr' }),
      aFinding('ECR_DKR_ENDPOINT_MISSING', { service: 'ecr.dkr', cause: false }),
    ];

    const plan = planRemediation(findings, aSnapshot('empty').build(), OPTIONS);

    expect(outline(plan.actions)).toEqual(['create-endpoint-security-group', 'create-interface-endpoint:ecr.dkr']);
    expect(plan.actions[1]?.fixes).toEqual(['ECR_DKR_ENDPOINT_MISSING']);
  });
});
describe('planRemediation guardrails on what EC2 would refuse or what is not ours', () => {
  it('skips interface endpoints while the VPC DNS attributes are off, and still plans the S3 gateway', () => {
    const snapshot = aSnapshot('empty').withVpcDns({ hostnames: false }).build();

    const plan = planFor(snapshot);

    expect(plan.actions.map((action) => action.kind)).toEqual(['create-gateway-endpoint']);
    expect(plan.skipped.length).toBeGreaterThanOrEqual(3);
    for (const { action, reason } of plan.skipped) {
      expect(action.kind).toBe('create-interface-endpoint');
      expect(reason).toMatch(/enableDnsSupport and enableDnsHostnames/);
    }
  });

  it('does not reuse a security group that only has the ecs-netfix name, without its tag', () => {
    const snapshot = aSnapshot('empty')
      .tap((draft) => {
        draft.securityGroups.push(endpointGroupNamed('sg-namesake', FIXTURE_IDS.vpcId, {}));
      })
      .build();

    const plan = planFor(snapshot);

    const interfaceActions = plan.actions.filter((action) => action.kind === 'create-interface-endpoint');
    expect(interfaceActions.length).toBeGreaterThan(0);
    for (const action of interfaceActions) expect(action.securityGroupId).toBeNull();
  });
});
