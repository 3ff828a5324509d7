/**
 * The grants match what the function's code does, and every condition key is one the Service
 * Authorization Reference lists for that action and resource type (a key the request context does
 * not carry makes the condition false: the statement would silently grant nothing).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateVpcEndpointCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  type State,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { EC2_READ_ACTIONS } from '../../infra/permissions.js';
import { TAG_KEYS_ON_CREATE } from '../../shared/aws-names.js';
import { ADDED_TAG_PREFIX } from '../../shared/aws-names.js';
import { diagnose } from '../../shared/diagnosis/diagnose.js';
import { applyPlan } from '../../shared/remediation/apply.js';
import { planRemediation } from '../../shared/remediation/plan.js';
import { FIXTURE_IDS, aClassification, aSnapshot, aStoppedTask } from '../helpers/snapshot-builder.js';
import { actionsOf, evaluatedStatements } from './deployed-resources.js';
import type { StatementJson, TemplateJson } from './deployed-resources.js';
import { synthEveryPermission } from './synth.js';

const SHARED_DIR = join(import.meta.dirname, '..', '..', 'shared');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** `ec2:DescribeSubnets` for every `DescribeSubnetsCommand` imported from @aws-sdk/client-ec2. */
function ec2DescribeActionsInCode(): string[] {
  const importFromEc2 = /import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'@aws-sdk\/client-ec2'/g;
  const actions = sourceFiles(SHARED_DIR).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(importFromEc2)].flatMap((match) =>
      [...(match[1] ?? '').matchAll(/\b(Describe[A-Za-z]+)Command\b/g)].map((name) => `ec2:${name[1]}`)
    )
  );
  return [...new Set(actions)].sort();
}

describe('EC2 read permissions', () => {
  it('grant exactly the EC2 Describe calls the code in shared/ sends', () => {
    expect([...EC2_READ_ACTIONS].sort()).toEqual(ec2DescribeActionsInCode());
  });

  it('do not grant DescribeSecurityGroupRules, which no code calls', () => {
    expect(EC2_READ_ACTIONS).not.toContain('ec2:DescribeSecurityGroupRules');
  });
});

const TAGS = ['aws:RequestTag/*', 'aws:TagKeys'];
const RESOURCE_TAGS = ['aws:ResourceTag/*', 'ec2:ResourceTag/*'];

/**
 * Condition keys by action, then by resource type, as the Service Authorization Reference lists
 * them (its machine-readable form, https://servicereference.us-east-1.amazonaws.com/v1/<service>/<service>.json,
 * read for ec2, route53, ecs and events). `action` holds the keys valid on any resource of the action.
 */
const SUPPORTED_CONDITION_KEYS: Record<string, { action: string[]; resources: Record<string, string[]> }> = {
  'ec2:CreateVpcEndpoint': {
    action: ['ec2:Region'],
    resources: {
      'vpc-endpoint': [
        ...TAGS,
        'ec2:VpceMultiRegion',
        'ec2:VpcePrivateDnsPreference',
        'ec2:VpcePrivateDnsSpecifiedDomains',
        'ec2:VpceServiceName',
        'ec2:VpceServiceOwner',
        'ec2:VpceServiceRegion',
      ],
      vpc: [...RESOURCE_TAGS, 'ec2:VpcID'],
      subnet: [...RESOURCE_TAGS, 'ec2:SubnetID'],
      'security-group': [...RESOURCE_TAGS, 'ec2:SecurityGroupID'],
      'route-table': [...RESOURCE_TAGS, 'ec2:RouteTableID'],
    },
  },
  'ec2:CreateSecurityGroup': {
    action: ['ec2:Region'],
    resources: { 'security-group': [...TAGS, 'ec2:SecurityGroupID'], vpc: [...RESOURCE_TAGS, 'ec2:Tenancy', 'ec2:VpcID'] },
  },
  'ec2:AuthorizeSecurityGroupIngress': {
    action: ['ec2:Region'],
    resources: { 'security-group': [...RESOURCE_TAGS, 'ec2:SecurityGroupID', 'ec2:Vpc'], 'security-group-rule': TAGS },
  },
  'ec2:CreateTags': {
    action: ['ec2:CreateAction', 'ec2:Region'],
    resources: {
      'vpc-endpoint': [...TAGS, ...RESOURCE_TAGS],
      'security-group': [...TAGS, ...RESOURCE_TAGS, 'ec2:SecurityGroupID', 'ec2:Vpc'],
    },
  },
  'ec2:ModifyVpcEndpoint': {
    action: ['ec2:Region'],
    resources: {
      'vpc-endpoint': [...RESOURCE_TAGS, 'ec2:Attribute', 'ec2:Attribute/*', 'ec2:VpceMultiRegion', 'ec2:VpceServiceRegion'],
      subnet: [...RESOURCE_TAGS, 'ec2:AvailabilityZone', 'ec2:AvailabilityZoneId', 'ec2:SubnetID', 'ec2:Vpc'],
      'security-group': [...RESOURCE_TAGS, 'ec2:SecurityGroupID', 'ec2:Vpc'],
      'route-table': [...RESOURCE_TAGS, 'ec2:RouteTableID'],
    },
  },
  'route53:AssociateVPCWithHostedZone': { action: ['route53:VPCs'], resources: { hostedzone: [] } },
  'ecs:UpdateService': {
    action: [
      'ecs:auto-assign-public-ip',
      'ecs:capacity-provider',
      'ecs:enable-ebs-volumes',
      'ecs:enable-ecs-managed-tags',
      'ecs:enable-execute-command',
      'ecs:enable-service-connect',
      'ecs:enable-vpc-lattice',
      'ecs:namespace',
      'ecs:propagate-tags',
      'ecs:subnet',
      'ecs:task-cpu',
      'ecs:task-definition',
      'ecs:task-memory',
    ],
    resources: { service: ['aws:ResourceTag/*', 'ecs:cluster'] },
  },
  'events:PutEvents': {
    action: ['events:detail-type', 'events:eventBusInvocation', 'events:source'],
    resources: { 'event-bus': [] },
  },
  'iam:PassRole': { action: ['iam:AssociatedResourceArn', 'iam:PassedToService'], resources: { role: [] } },
  // aws:ResourceOrgID is a global key (IAM user guide, global condition keys): the reference does not
  // list it per action; it is in the request context when the role's account is in an organization.
  'sts:AssumeRole': { action: ['aws:ResourceOrgID'], resources: { role: [] } },
};

/** `subnet` from `arn:aws:ec2:eu-west-1:1:subnet/*`, `service` from `...:service/prod/*`. */
function resourceTypeOf(arn: string): string {
  const resource = arn.split(':').slice(5).join(':');
  if (arn.startsWith('<')) return 'role';
  return resource.split('/')[0] ?? resource;
}

function keyMatches(used: string, listed: string): boolean {
  return listed.endsWith('/*') ? used.startsWith(listed.slice(0, -1)) : used === listed;
}

/** Each `action on resource-type: key` a statement conditions on that the reference does not list. */
function unsupportedConditionKeys(statement: StatementJson): string[] {
  const keys = Object.values(statement.Condition ?? {}).flatMap((byKey) => Object.keys(byKey));
  if (keys.length === 0) return [];
  const types = [...new Set([statement.Resource].flat().map((arn) => resourceTypeOf(String(arn))))];
  return actionsOf(statement).flatMap((action) => {
    const supported = SUPPORTED_CONDITION_KEYS[action];
    if (supported === undefined) return keys.map((key) => `${action}: ${key} (action not in the table)`);
    return types.flatMap((type) => {
      const forType = supported.resources[type];
      if (forType === undefined) return [`${action} has no resource type ${type}`];
      return keys
        .filter((key) => ![...supported.action, ...forType].some((listed) => keyMatches(key, listed)))
        .map((key) => `${action} on ${type}: ${key}`);
    });
  });
}

describe('condition keys', () => {
  let statements: StatementJson[];
  beforeAll(() => {
    statements = evaluatedStatements(synthEveryPermission().template.toJSON() as TemplateJson, {}).filter(
      (statement) => statement.Sid !== undefined
    );
  }, 120_000);

  it('are all listed by the Service Authorization Reference for the action and resource type they narrow', () => {
    expect(statements.length).toBeGreaterThan(20);
    expect(
      statements.flatMap((statement) => unsupportedConditionKeys(statement).map((problem) => `${statement.Sid}: ${problem}`))
    ).toEqual([]);
  });

  it('would be caught on a resource type that lacks the key (ec2:Vpc on the subnet of CreateVpcEndpoint)', () => {
    const wrong: StatementJson = {
      Effect: 'Allow',
      Action: 'ec2:CreateVpcEndpoint',
      Resource: 'arn:aws:ec2:eu-west-1:123456789012:subnet/*',
      Condition: { ArnLike: { 'ec2:Vpc': 'arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-0abc1234' } },
    };
    expect(unsupportedConditionKeys(wrong)).toEqual(['ec2:CreateVpcEndpoint on subnet: ec2:Vpc']);
  });

  it('confine with ec2:Vpc every write statement whose resource types all carry that key', () => {
    const missing = statements.filter((statement) => {
      const writes = actionsOf(statement).filter(
        (action) => action.startsWith('ec2:') && SUPPORTED_CONDITION_KEYS[action] !== undefined
      );
      if (writes.length === 0) return false;
      const types = [...new Set([statement.Resource].flat().map((arn) => resourceTypeOf(String(arn))))];
      const vpcKeyEverywhere = writes.every((action) =>
        types.every((type) => (SUPPORTED_CONDITION_KEYS[action]?.resources[type] ?? []).includes('ec2:Vpc'))
      );
      const isOurNewResource = types.every((type) => type === 'vpc-endpoint') || actionsOf(statement).includes('ec2:CreateTags');
      return vpcKeyEverywhere && !isOurNewResource && statement.Condition?.ArnLike?.['ec2:Vpc'] === undefined;
    });
    expect(missing.map((statement) => statement.Sid)).toEqual([]);
  });
});

describe('tags on create', () => {
  it('are only the keys the policy allows (aws:TagKeys), ManagedBy=ecs-netfix included', async () => {
    const ec2Mock = mockClient(EC2Client);
    ec2Mock.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [] });
    ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
    ec2Mock.on(CreateSecurityGroupCommand).resolves({ GroupId: 'sg-new' });
    ec2Mock.on(AuthorizeSecurityGroupIngressCommand).resolves({});
    ec2Mock.on(CreateVpcEndpointCommand).resolves({ VpcEndpoint: { VpcEndpointId: 'vpce-new', State: 'pending' as State } });
    try {
      const snapshot = aSnapshot('empty').build();
      const findings = diagnose({
        classification: aClassification('ecr_api_unreachable'),
        snapshot,
        task: aStoppedTask(),
      }).findings;
      const plan = planRemediation(findings, snapshot, { region: FIXTURE_IDS.region, maxEndpointsPerRun: 6 });
      await applyPlan(new EC2Client({ region: FIXTURE_IDS.region, maxAttempts: 1 }), plan.actions, {
        vpcId: FIXTURE_IDS.vpcId,
        taskArn: FIXTURE_IDS.taskArn,
        incidentId: 'incident',
        now: new Date('2026-01-01T00:00:00Z'),
      });
      const specifications = [
        ...ec2Mock.commandCalls(CreateVpcEndpointCommand).map((call) => call.args[0].input.TagSpecifications),
        ...ec2Mock.commandCalls(CreateSecurityGroupCommand).map((call) => call.args[0].input.TagSpecifications),
      ];
      expect(specifications.length).toBeGreaterThan(3);
      for (const specification of specifications) {
        const tags = specification?.flatMap((each) => each.Tags ?? []) ?? [];
        expect(tags).toContainEqual({ Key: 'ManagedBy', Value: 'ecs-netfix' });
        for (const tag of tags) {
          // Our keys, or the change record `ecs-netfix:added:<id>` (the policy's StringLike pattern).
          const key = tag.Key?.startsWith(ADDED_TAG_PREFIX) ? `${ADDED_TAG_PREFIX}*` : tag.Key;
          expect([...TAG_KEYS_ON_CREATE, `${ADDED_TAG_PREFIX}*`]).toContain(key);
        }
      }
    } finally {
      ec2Mock.restore();
    }
  });
});
