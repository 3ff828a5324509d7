/**
 * The spoke template a service-managed StackSet deploys in every member account and region: the
 * role the hub assumes holds exactly the single-account permissions, it trusts only the hub's
 * function role inside the organization, and the forwarder can only put events on the hub's bus.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { HANDLED_EVENT_RULES } from '../../infra/event-pattern.js';
import { LIVE_ONLY_ACTIONS } from '../../infra/permissions.js';
import { actionsOf, allowStatements, deployedResources, evaluate, evaluatedStatements } from './deployed-resources.js';
import type { CfnResourceJson, StatementJson, TemplateJson } from './deployed-resources.js';
import { synthReadyStack, synthSpokeStack } from './synth.js';
import type { NagFinding } from './synth.js';

let spoke: TemplateJson;
let single: TemplateJson;
let findings: NagFinding[];

beforeAll(() => {
  const synthesized = synthSpokeStack();
  spoke = synthesized.template.toJSON() as TemplateJson;
  findings = synthesized.findings;
  single = synthReadyStack().template.toJSON() as TemplateJson;
}, 240_000);

const HUB_BUS_ARN = 'arn:aws:events:eu-west-1:999999999999:event-bus/EcsNetfixStack-hub';
const HUB_ROLE_ARN = 'arn:aws:iam::999999999999:role/EcsNetfixStack-EcsNetfixFunctionRole-AbC123';
/** A member account (123456789012, the helper's pseudo account) in its primary region eu-west-1. */
const STACKSET_PARAMETERS = {
  HubEventBusArn: HUB_BUS_ARN,
  HubFunctionRoleArn: HUB_ROLE_ARN,
  OrganizationId: 'o-a1b2c3d4e5',
  PrimaryRegion: 'eu-west-1',
};

/** The hub's own statements on its own resources: a spoke has none of them. */
const HUB_ONLY_SIDS = new Set([
  'PublishAlerts',
  'PutAuditEvents',
  'TrackIncidents',
  'ScheduleVerify',
  'PassSchedulerRole',
  'AssumeSpokeRoles',
]);

/** The modes a deployment can be in, the allowlists set or not. */
const MODES: Record<string, string>[] = [
  {},
  {
    DryRun: 'true',
    RedeployAfterFix: 'true',
    AllowUserEndpointChanges: 'true',
    AllowedVpcIds: 'vpc-0abc1234',
    AllowedClusters: 'prod',
  },
  { DryRun: 'false' },
  { DryRun: 'false', RedeployAfterFix: 'true' },
  { DryRun: 'false', AllowUserEndpointChanges: 'true' },
  {
    DryRun: 'false',
    RedeployAfterFix: 'true',
    AllowUserEndpointChanges: 'true',
    AllowedVpcIds: 'vpc-0abc1234,vpc-0def5678',
    AllowedClusters: 'prod,batch',
  },
];

function spokeRolePolicies(parameters: Record<string, string>): Record<string, CfnResourceJson> {
  return Object.fromEntries(
    Object.entries(deployedResources(spoke, { ...STACKSET_PARAMETERS, ...parameters })).filter(
      ([id, resource]) => resource.Type === 'AWS::IAM::Policy' && id.startsWith('Spoke')
    )
  );
}

function spokeRoleStatements(parameters: Record<string, string>): StatementJson[] {
  const all = { ...STACKSET_PARAMETERS, ...parameters };
  return allowStatements(spokeRolePolicies(parameters)).map((statement) => evaluate(spoke, all, statement) as StatementJson);
}

/** The single-account function's statements on its account (not on its own topic, bus, table). */
function singleAccountStatements(parameters: Record<string, string>, region: string): StatementJson[] {
  return evaluatedStatements(single, { ...parameters, 'AWS::Region': region }).filter(
    (statement) => statement.Sid !== undefined && !HUB_ONLY_SIDS.has(statement.Sid)
  );
}

const bySid = (statements: StatementJson[]) => [...statements].sort((a, b) => String(a.Sid).localeCompare(String(b.Sid)));

function resourcesDeployedIn(parameters: Record<string, string>): Record<string, CfnResourceJson> {
  return deployedResources(spoke, { ...STACKSET_PARAMETERS, ...parameters });
}

describe('the spoke role', () => {
  it.each(MODES)('holds exactly the single-account statements, with the region open (%j)', (mode) => {
    const spokeStatements = spokeRoleStatements(mode);
    expect(spokeStatements.length).toBeGreaterThanOrEqual(4);
    // Same actions, resources, tag conditions and allowlist confinements; IAM is global, so the
    // one role per account serves every region: the single-account set rendered for region `*`.
    expect(bySid(spokeStatements)).toEqual(bySid(singleAccountStatements(mode, '*')));
  });

  it('is read-only while DryRun is true, whatever else is set (a dry-run hub)', () => {
    for (const mode of MODES.filter((each) => each.DryRun !== 'false')) {
      const actions = spokeRoleStatements(mode).flatMap(actionsOf);
      expect(
        actions.filter((action) => (LIVE_ONLY_ACTIONS as readonly string[]).includes(action) || action.endsWith('*'))
      ).toEqual([]);
      expect(actions.every((action) => /^[a-z0-9]+:(Describe|List|Get|Simulate)/.test(action))).toBe(true);
    }
  });

  it('would differ from a single-account policy bound to one region (the comparison is not vacuous)', () => {
    const live = { DryRun: 'false' };
    expect(bySid(spokeRoleStatements(live))).not.toEqual(bySid(singleAccountStatements(live, 'eu-west-1')));
  });

  it('trusts only the hub function role, and only inside the organization', () => {
    const roles = Object.values(resourcesDeployedIn({})).filter(
      (resource) =>
        resource.Type === 'AWS::IAM::Role' && JSON.stringify(resource.Properties?.RoleName ?? '').includes('SpokeRoleName')
    );
    expect(roles).toHaveLength(1);
    const all = { ...STACKSET_PARAMETERS };
    expect(evaluate(spoke, all, roles[0]?.Properties?.AssumeRolePolicyDocument)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Principal: { AWS: HUB_ROLE_ARN },
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
        },
      ],
    });
    expect(evaluate(spoke, all, roles[0]?.Properties?.RoleName)).toBe('ecs-netfix-spoke');
    expect(evaluate(spoke, { ...all, SpokeRoleName: 'team-netfix' }, roles[0]?.Properties?.RoleName)).toBe('team-netfix');
  });

  it('exists only in the primary region: other regions of the account only forward events', () => {
    const elsewhere = { PrimaryRegion: 'us-east-1', DryRun: 'false', RedeployAfterFix: 'true', AllowUserEndpointChanges: 'true' };
    const types = Object.entries(resourcesDeployedIn(elsewhere)).map(
      ([id, resource]) => `${id.startsWith('Spoke') ? 'spoke' : 'forwarder'} ${resource.Type}`
    );
    expect(types.sort()).toEqual([
      'forwarder AWS::Events::Rule',
      'forwarder AWS::Events::Rule',
      'forwarder AWS::Events::Rule',
      'forwarder AWS::IAM::Policy',
      'forwarder AWS::IAM::Role',
    ]);
  });

  it("fits IAM's 10,240-character limit for a role's inline policies, every permission granted", () => {
    const everything = MODES[MODES.length - 1] ?? {};
    const all = { ...STACKSET_PARAMETERS, ...everything };
    const size = Object.values(spokeRolePolicies(everything))
      .map((policy) => JSON.stringify(evaluate(spoke, all, policy.Properties?.PolicyDocument)).length)
      .reduce((sum, length) => sum + length, 0);
    // Measured: printed so the figure in docs/deploy-hub.md can be checked.
    console.log(`spoke role inline policies, every permission granted: ${size} characters`);
    expect(size).toBeLessThan(10_240);
  });
});

describe('the forwarder', () => {
  function forwarder(parameters: Record<string, string> = {}): CfnResourceJson[] {
    return Object.entries(resourcesDeployedIn(parameters))
      .filter(([id]) => id.startsWith('Forwarder'))
      .map(([, resource]) => resource);
  }

  it('sends the hub patterns, unchanged, to the hub bus with its own role', () => {
    const rules = forwarder().filter((resource) => resource.Type === 'AWS::Events::Rule');
    expect(rules.map((rule) => rule.Properties?.EventPattern)).toEqual(HANDLED_EVENT_RULES.map((rule) => rule.pattern));
    for (const rule of rules) {
      const targets = evaluate(spoke, STACKSET_PARAMETERS, rule.Properties?.Targets) as { Arn: string; RoleArn: string }[];
      expect(targets).toEqual([
        { Arn: HUB_BUS_ARN, Id: 'Target0', RoleArn: expect.stringMatching(/^<ForwarderRole[0-9A-F]{8}\.Arn>$/) },
      ]);
      expect(rule.Properties?.EventBusName).toBeUndefined(); // the default bus, where AWS puts ECS events
    }
  });

  it('may only put events on the hub bus, and only EventBridge may assume its role', () => {
    const statements = allowStatements(Object.fromEntries(forwarder().map((resource, index) => [String(index), resource]))).map(
      (statement) => evaluate(spoke, STACKSET_PARAMETERS, statement)
    );
    expect(statements).toEqual([{ Effect: 'Allow', Action: 'events:PutEvents', Resource: HUB_BUS_ARN }]);
    const role = forwarder().find((resource) => resource.Type === 'AWS::IAM::Role');
    expect(role?.Properties?.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'events.amazonaws.com' } }],
    });
  });

  it("is left out in the hub account's own region, where the hub's default-bus rules see the events already", () => {
    const hubItself = { HubEventBusArn: 'arn:aws:events:eu-west-1:123456789012:event-bus/EcsNetfixStack-hub' };
    expect(forwarder(hubItself)).toEqual([]);
    // The hub account's other regions, and other accounts in the hub's region, still forward.
    expect(forwarder({ HubEventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/EcsNetfixStack-hub' })).toHaveLength(5);
    expect(forwarder()).toHaveLength(5);
  });
});

describe('the spoke template', () => {
  it('is cdk-nag clean (AwsSolutions and Serverless), suppressions carrying their reasons', () => {
    expect(findings).toEqual([]);
  });

  it('needs no CDK bootstrap in member accounts: no bootstrap-version rule, no assets, no metadata resource', () => {
    expect(Object.keys(spoke.Parameters ?? {})).not.toContain('BootstrapVersion');
    expect((spoke as TemplateJson & { Rules?: unknown }).Rules).toBeUndefined();
    expect(Object.values(spoke.Resources).map((resource) => resource.Type)).not.toContain('AWS::CDK::Metadata');
    expect(JSON.stringify(spoke)).not.toContain('cdk-hnb659fds');
  });

  it('takes the same account parameters as the hub stack, with the same defaults and patterns', () => {
    for (const name of ['DryRun', 'RedeployAfterFix', 'AllowUserEndpointChanges', 'AllowedVpcIds', 'AllowedClusters']) {
      expect({ name, parameter: spoke.Parameters?.[name] }).toEqual({ name, parameter: single.Parameters?.[name] });
    }
  });

  it.each([
    [
      'HubEventBusArn',
      HUB_BUS_ARN,
      ['*', 'arn:aws:events:eu-west-1:*:event-bus/x', `${HUB_BUS_ARN} `, 'arn:aws:sns:eu-west-1:999999999999:topic'],
    ],
    [
      'HubFunctionRoleArn',
      HUB_ROLE_ARN,
      ['*', 'arn:aws:iam::*:role/x', 'arn:aws:iam::999999999999:root', 'arn:aws:iam::999999999999:user/x'],
    ],
    ['OrganizationId', 'o-a1b2c3d4e5', ['', '*', 'o-*', 'r-a1b2', 'o-A1B2C3D4E5']],
    ['SpokeRoleName', 'ecs-netfix-spoke', ['', 'a/b', 'x'.repeat(65), 'role*']],
    ['PrimaryRegion', 'eu-west-1', ['', '*', 'eu-west-*', 'EU-WEST-1']],
  ])('%s accepts %s and refuses forged values', (name, good, bad) => {
    const pattern = new RegExp(String(spoke.Parameters?.[name]?.AllowedPattern));
    expect(pattern.test(good)).toBe(true);
    expect(bad.filter((value) => pattern.test(value))).toEqual([]);
  });
});
