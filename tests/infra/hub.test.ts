/**
 * Hub mode of the ready stack: a bus that admits only the organization, the hub rules on it, the
 * function's sts:AssumeRole confined to the spoke role name and the organization, and the settings
 * the runtime reads (SPOKE_ROLE_NAME, ALLOWED_ACCOUNT_IDS).
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { HANDLED_EVENT_RULES } from '../../infra/event-pattern.js';
import { HubConfigError, hubFromContext } from '../../infra/hub.js';
import { LIVE_ONLY_ACTIONS } from '../../infra/permissions.js';
import { actionsOf, deployedResources, evaluate, evaluatedStatements } from './deployed-resources.js';
import type { CfnResourceJson, StatementJson, TemplateJson } from './deployed-resources.js';
import { EXAMPLE_ORGANIZATION_ID, synthHubStack, synthReadyStack } from './synth.js';
import type { NagFinding } from './synth.js';

let hub: TemplateJson;
let hubWithAccounts: TemplateJson;
let single: TemplateJson;
let findings: NagFinding[];

beforeAll(() => {
  const synthesized = synthHubStack();
  hub = synthesized.template.toJSON() as TemplateJson;
  findings = synthesized.findings;
  hubWithAccounts = synthHubStack({
    organizationId: EXAMPLE_ORGANIZATION_ID,
    spokeRoleName: 'team-netfix',
    allowedAccountIds: ['111111111111', '222222222222'],
  }).template.toJSON() as TemplateJson;
  single = synthReadyStack().template.toJSON() as TemplateJson;
}, 360_000);

function resourcesOfType(template: TemplateJson, type: string): CfnResourceJson[] {
  return Object.values(template.Resources).filter((resource) => resource.Type === type);
}

interface BusStatement {
  Effect: string;
  Principal: unknown;
  Action: string;
  Resource: unknown;
  Condition?: Record<string, Record<string, string>>;
}

/**
 * Whether the bus policy lets a principal put or manage: only Allow statements exist, and the
 * only operator it may use is StringEquals on keys the request carries (a missing key is false).
 */
function busAdmits(statements: BusStatement[], request: { action: string; context: Record<string, string> }): boolean {
  return statements.some((statement) => {
    if (statement.Effect !== 'Allow' || statement.Action !== request.action) return false;
    return Object.entries(statement.Condition ?? {}).every(([operator, byKey]) => {
      if (operator !== 'StringEquals') throw new Error(`operator ${operator} is not modelled by this test`);
      return Object.entries(byKey).every(([key, value]) => request.context[key] === value);
    });
  });
}

describe('the hub event bus', () => {
  function busStatements(): BusStatement[] {
    return resourcesOfType(hub, 'AWS::Events::EventBusPolicy').flatMap(
      (policy) => [policy.Properties?.Statement].flat() as BusStatement[]
    );
  }

  it('has one policy: events:PutEvents from principals of the organization, on this bus only', () => {
    const buses = Object.entries(hub.Resources).filter(([, resource]) => resource.Type === 'AWS::Events::EventBus');
    expect(buses).toHaveLength(1);
    const [busId] = buses[0] ?? [];
    expect(busStatements()).toEqual([
      {
        Sid: 'cdk-AcceptEventsFromTheOrganization',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 'events:PutEvents',
        Resource: { 'Fn::GetAtt': [busId, 'Arn'] },
        Condition: { StringEquals: { 'aws:PrincipalOrgID': EXAMPLE_ORGANIZATION_ID } },
      },
    ]);
  });

  it.each([
    ['a spoke forwarding role of the organization', 'events:PutEvents', { 'aws:PrincipalOrgID': EXAMPLE_ORGANIZATION_ID }, true],
    ['a principal of another organization', 'events:PutEvents', { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' }, false],
    ['a standalone account (no organization key)', 'events:PutEvents', {}, false],
    [
      'an organization principal creating rules on the bus',
      'events:PutRule',
      { 'aws:PrincipalOrgID': EXAMPLE_ORGANIZATION_ID },
      false,
    ],
    ['an organization principal adding targets', 'events:PutTargets', { 'aws:PrincipalOrgID': EXAMPLE_ORGANIZATION_ID }, false],
  ])('%s: admitted %#', (_who, action, context, admitted) => {
    expect(busAdmits(busStatements(), { action, context })).toBe(admitted);
  });

  it('carries the three hub rules, with the same patterns, to the function; the default-bus rules stay', () => {
    const rules = resourcesOfType(hub, 'AWS::Events::Rule');
    const onHubBus = rules.filter((rule) => rule.Properties?.EventBusName !== undefined);
    const onDefaultBus = rules.filter((rule) => rule.Properties?.EventBusName === undefined);
    const patterns = HANDLED_EVENT_RULES.map((rule) => rule.pattern);
    expect(onHubBus.map((rule) => rule.Properties?.EventPattern)).toEqual(patterns);
    expect(onDefaultBus.map((rule) => rule.Properties?.EventPattern)).toEqual(patterns);
    for (const rule of onHubBus) {
      const [target] = (rule.Properties?.Targets ?? []) as { Arn: unknown }[];
      expect(JSON.stringify(target?.Arn)).toMatch(/"EcsNetfixFunction[0-9A-F]{8}","Arn"/);
    }
  });

  it('is absent from a single-account stack', () => {
    expect(resourcesOfType(single, 'AWS::Events::EventBus')).toEqual([]);
    expect(resourcesOfType(single, 'AWS::Events::EventBusPolicy')).toEqual([]);
  });
});

describe('the hub function', () => {
  function assumeRoleStatements(template: TemplateJson, parameters: Record<string, string> = {}): StatementJson[] {
    return evaluatedStatements(template, parameters).filter((statement) =>
      actionsOf(statement).some((action) => action.startsWith('sts:'))
    );
  }

  it('may assume only the spoke role name, in any account of the organization', () => {
    expect(assumeRoleStatements(hub)).toEqual([
      {
        Sid: 'AssumeSpokeRoles',
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Resource: 'arn:aws:iam::*:role/ecs-netfix-spoke',
        Condition: { StringEquals: { 'aws:ResourceOrgID': EXAMPLE_ORGANIZATION_ID } },
      },
    ]);
  });

  it('may assume it only in the allowed accounts when they are given', () => {
    expect(assumeRoleStatements(hubWithAccounts).map((statement) => statement.Resource)).toEqual([
      ['arn:aws:iam::111111111111:role/team-netfix', 'arn:aws:iam::222222222222:role/team-netfix'],
    ]);
  });

  it('tells the runtime it is a hub (SPOKE_ROLE_NAME, ALLOWED_ACCOUNT_IDS); a single-account stack does not', () => {
    const variables = (template: TemplateJson) => {
      const [fn] = resourcesOfType(template, 'AWS::Lambda::Function');
      return (fn?.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
    };
    expect(variables(hub)).toMatchObject({ SPOKE_ROLE_NAME: 'ecs-netfix-spoke', ALLOWED_ACCOUNT_IDS: '' });
    expect(variables(hubWithAccounts)).toMatchObject({
      SPOKE_ROLE_NAME: 'team-netfix',
      ALLOWED_ACCOUNT_IDS: '111111111111,222222222222',
    });
    expect(Object.keys(variables(single))).not.toContain('SPOKE_ROLE_NAME');
    expect(Object.keys(variables(single))).not.toContain('ALLOWED_ACCOUNT_IDS');
  });

  it('holds no write in its own account while DryRun is true (a dry-run hub)', () => {
    const actions = evaluatedStatements(hub, {
      DryRun: 'true',
      RedeployAfterFix: 'true',
      AllowUserEndpointChanges: 'true',
    }).flatMap(actionsOf);
    expect(actions.filter((action) => (LIVE_ONLY_ACTIONS as readonly string[]).includes(action))).toEqual([]);
    expect(actions).toContain('sts:AssumeRole');
  });

  it('outputs what the spoke StackSet needs: the bus ARN and the function role ARN', () => {
    const outputs = (hub as TemplateJson & { Outputs?: Record<string, { Value: unknown }> }).Outputs ?? {};
    expect(Object.keys(outputs).sort()).toEqual(['HubEventBusArn', 'HubFunctionRoleArn']);
    expect(evaluate(hub, {}, outputs.HubFunctionRoleArn?.Value)).toMatch(/^<EcsNetfixFunctionRole[0-9A-F]{8}\.Arn>$/);
    expect(Object.values(deployedResources(hub, {})).length).toBeGreaterThan(Object.values(deployedResources(single, {})).length);
  });

  it('is cdk-nag clean (AwsSolutions and Serverless), suppressions carrying their reasons', () => {
    expect(findings).toEqual([]);
  });
});

describe('the hub context value', () => {
  it('takes an object (cdk.json) or its JSON text (-c hub=...), filling in the role name', () => {
    expect(hubFromContext({ organizationId: 'o-a1b2c3d4e5' })).toEqual({
      organizationId: 'o-a1b2c3d4e5',
      spokeRoleName: 'ecs-netfix-spoke',
      allowedAccountIds: [],
    });
    expect(
      hubFromContext(
        '{"organizationId":"o-a1b2c3d4e5","spokeRoleName":"team-netfix","allowedAccountIds":"111111111111, 222222222222,111111111111"}'
      )
    ).toEqual({
      organizationId: 'o-a1b2c3d4e5',
      spokeRoleName: 'team-netfix',
      allowedAccountIds: ['111111111111', '222222222222'],
    });
    expect(hubFromContext(undefined)).toBeUndefined();
    expect(hubFromContext('')).toBeUndefined();
  });

  it.each([
    ['not JSON', '{organizationId: o-a1b2c3d4e5}', /must be JSON/],
    ['no organization', '{}', /organizationId is required/],
    ['a forged organization id', { organizationId: 'o-*' }, /not an AWS Organizations id/],
    ['a role name with a path', { organizationId: 'o-a1b2c3d4e5', spokeRoleName: 'team/netfix' }, /not an IAM role name/],
    ['a wildcard role name', { organizationId: 'o-a1b2c3d4e5', spokeRoleName: '*' }, /not an IAM role name/],
    ['a wildcard account', { organizationId: 'o-a1b2c3d4e5', allowedAccountIds: ['*'] }, /"\*" is not a 12-digit account id/],
    ['an 11-digit account', { organizationId: 'o-a1b2c3d4e5', allowedAccountIds: '11111111111' }, /is not a 12-digit account id/],
    [
      'a misspelt setting',
      { organizationId: 'o-a1b2c3d4e5', allowedAccounts: ['111111111111'] },
      /unknown setting allowedAccounts/,
    ],
    ['a list', ['o-a1b2c3d4e5'], /must be an object/],
  ])('refuses %s with a clear error', (_what, value, message) => {
    expect(() => hubFromContext(value)).toThrow(HubConfigError);
    expect(() => hubFromContext(value)).toThrow(message);
  });
});
