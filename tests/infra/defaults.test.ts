/**
 * The synthesized templates agree with shared/defaults.ts: the stacks' parameter defaults, bounds
 * and allowed values, and what the construct deploys when a prop is omitted.
 */
import { Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { EcsNetfix } from '../../infra/ecs-netfix.js';
import { EcsNetfixStack } from '../../infra/ecs-netfix-stack.js';
import { EcsNetfixSpokeStack } from '../../infra/spoke-stack.js';
import { SETTINGS, type SettingDefault, type SettingName } from '../../shared/defaults.js';
import { EXAMPLE_ORGANIZATION_ID, synthTemplate } from './synth.js';

const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];
const settingOf = (name: SettingName): SettingDefault => SETTINGS[name];

interface ParameterJson {
  Default?: unknown;
  MinValue?: number;
  MaxValue?: number;
  AllowedValues?: string[];
}

/** A default as CloudFormation and Lambda hold it: a string (a list comma-joined). */
function asText(value: SettingDefault['default']): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}

/** [name, Default, MinValue, MaxValue, AllowedValues] of the parameter, and what the table says they are. */
function parameterAgainstTable(parameters: Record<string, ParameterJson>, setting: SettingDefault) {
  const parameter = parameters[setting.parameter ?? ''];
  // A switch is 'true' or 'false'; LogRetentionDays' allowed values are CloudWatch's, not a choice of ours.
  const allowed = typeof setting.default === 'boolean' ? ['true', 'false'] : setting.allowed;
  return {
    synthesized: [
      setting.parameter,
      String(parameter?.Default),
      parameter?.MinValue,
      parameter?.MaxValue,
      allowed === undefined ? undefined : parameter?.AllowedValues,
    ],
    table: [setting.parameter, asText(setting.deployed ?? setting.default), setting.min, setting.max, allowed],
  };
}

function functionOf(template: Template): Record<string, unknown> {
  const [fn] = Object.values(template.findResources('AWS::Lambda::Function'));
  return (fn?.Properties ?? {}) as Record<string, unknown>;
}

function variablesOf(template: Template): Record<string, unknown> {
  return (functionOf(template).Environment as { Variables: Record<string, unknown> }).Variables;
}

describe('the ready stack and shared/defaults.ts', () => {
  let template: Template;
  beforeAll(() => {
    template = synthTemplate((app, code) => new EcsNetfixStack(app, 'EcsNetfixStack', { code }));
  });

  it('gives every parameter the default, bounds and allowed values of the table', () => {
    const parameters = template.toJSON().Parameters as Record<string, ParameterJson>;
    const onReadyStack = SETTING_NAMES.filter((name) => settingOf(name).parameter !== undefined && name !== 'spokeRoleName');

    expect(onReadyStack.length).toBeGreaterThan(10);
    for (const name of onReadyStack) {
      const { synthesized, table } = parameterAgainstTable(parameters, settingOf(name));
      expect(synthesized).toEqual(table);
    }
  });

  it("passes each valued parameter to the function's variable of the same setting", () => {
    const variables = variablesOf(template);
    const valued = SETTING_NAMES.filter((name) => {
      const setting = settingOf(name);
      return (
        setting.parameter !== undefined &&
        setting.env !== undefined &&
        typeof setting.default !== 'boolean' &&
        name !== 'spokeRoleName'
      );
    });

    expect(valued.length).toBeGreaterThan(6);
    for (const name of valued) {
      const { env, parameter } = settingOf(name);
      expect([env, JSON.stringify(variables[env ?? ''])]).toEqual([env, expect.stringContaining(`{"Ref":"${parameter}"}`)]);
    }
  });
});

describe('the spoke stack and shared/defaults.ts', () => {
  it("gives the spoke role name and the account parameters the table's defaults", () => {
    const template = synthTemplate((app) => new EcsNetfixSpokeStack(app, 'ecs-netfix-spoke'));
    const parameters = template.toJSON().Parameters as Record<string, ParameterJson>;
    const onSpoke = SETTING_NAMES.filter((name) => parameters[settingOf(name).parameter ?? ''] !== undefined);

    expect(onSpoke).toEqual(
      expect.arrayContaining([
        'spokeRoleName',
        'dryRun',
        'redeployAfterFix',
        'allowUserEndpointChanges',
        'allowedVpcIds',
        'allowedClusters',
      ])
    );
    for (const name of onSpoke) {
      const { synthesized, table } = parameterAgainstTable(parameters, settingOf(name));
      expect(synthesized).toEqual(table);
    }
  });
});

describe('the construct with every optional prop omitted, and shared/defaults.ts', () => {
  let template: Template;
  beforeAll(() => {
    template = synthTemplate((app, code) => {
      const stack = new Stack(app, 'Host', { env: { account: '123456789012', region: 'eu-west-1' } });
      new EcsNetfix(stack, 'Netfix', { code, dryRun: false, hub: { organizationId: EXAMPLE_ORGANIZATION_ID } });
      return stack;
    });
  });

  it("sets each of the function's variables to the table's deployed value", () => {
    const variables = variablesOf(template);
    // Set from resources the construct creates (the topic, the table, the function, the scheduler
    // role), or by Lambda itself (AWS_REGION); DRY_RUN is a required prop.
    const valued = SETTING_NAMES.filter((name) => {
      const setting = settingOf(name);
      return setting.env !== undefined && setting.default !== null && !['dryRun', 'region', 'scheduleGroupName'].includes(name);
    });

    expect(valued.length).toBeGreaterThan(12);
    for (const name of valued) {
      const setting = settingOf(name);
      expect([setting.env, variables[setting.env ?? '']]).toEqual([setting.env, asText(setting.deployed ?? setting.default)]);
    }
    template.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: SETTINGS.scheduleGroupName.deployed });
  });

  it("keeps the function's log for the table's days and reserves its concurrency", () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: SETTINGS.logRetentionDays.default });
    expect(functionOf(template).ReservedConcurrentExecutions).toBe(SETTINGS.reservedConcurrency.default);
  });

  it('refuses at synth time an alert wait outside the bounds of the table', () => {
    const { min, max } = SETTINGS.alertCoalesceSeconds;
    const build = (alertCoalesceSeconds: number) => () =>
      synthTemplate((app, code) => {
        const stack = new Stack(app, 'Host');
        new EcsNetfix(stack, 'Netfix', { code, dryRun: true, alertCoalesceSeconds });
        return stack;
      });

    expect(build(max + 1)).toThrow(`alertCoalesceSeconds must be a whole number from ${min} to ${max}, got "${max + 1}"`);
    expect(build(min - 1)).toThrow(`from ${min} to ${max}`);
    expect(build(max)).not.toThrow();
  });
});
