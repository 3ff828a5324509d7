/**
 * shared/defaults.ts is the one home of the settings' defaults: the function's config reads it,
 * no other source file declares a default again, and docs/deploy.md shows the same values.
 * tests/infra/defaults.test.ts checks the synthesized templates against it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { buildCliConfig } from '../../shared/cli/cli-config.js';
import { loadConfig } from '../../shared/config.js';
import { SETTINGS, type SettingDefault, type SettingName } from '../../shared/defaults.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];
const settingOf = (name: SettingName): SettingDefault => SETTINGS[name];

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The source spelling of a default value, or null for "no value" (null, empty list). */
function literalPattern(value: SettingDefault['default']): string | null {
  if (typeof value === 'number') return `(?<![\\w.])['"]?${value}['"]?(?![\\w.])`;
  if (typeof value === 'boolean') return `(?:(?<![\\w.])${value}(?![\\w.])|['"\`]${value}['"\`])`;
  if (typeof value === 'string' && value !== '') return `['"\`]${escaped(value)}['"\`]`;
  return null;
}

interface Redeclaration {
  file: string;
  line: number;
  setting: SettingName;
  text: string;
}

/**
 * Spots a setting's default value written out again in `source`: after `??`, `||` or `default:`
 * in a statement that names the setting (camelCase, its variable or its parameter), as the value
 * of the setting's property (`maxEndpointsPerRun: 6`), or right after its quoted variable or
 * parameter name in a call (`readInteger(env, 'MAX_ENDPOINTS_PER_RUN', 6, ...)`). A tripwire, not a parser.
 */
function redeclarations(file: string, source: string): Redeclaration[] {
  const found: Redeclaration[] = [];
  const lineOf = (index: number): number => source.slice(0, index).split('\n').length;
  for (const name of SETTING_NAMES) {
    const setting = settingOf(name);
    const values = [setting.default, ...(setting.deployed === undefined ? [] : [setting.deployed])];
    const spellings = [name, setting.env, setting.parameter].filter((spelling): spelling is string => spelling !== undefined);
    const named = new RegExp(`\\b(?:${spellings.map(escaped).join('|')})\\b`);
    for (const value of values) {
      const literal = literalPattern(value);
      if (literal === null) continue;
      const patterns = [
        new RegExp(`(?:\\?\\?|\\|\\||\\bdefault:)\\s*\\(?\\s*${literal}`, 'g'),
        // A reader or parameter call: the quoted variable or parameter name, perhaps one more string, then the value.
        ...[setting.env, setting.parameter]
          .filter((spelling) => spelling !== undefined)
          .map((spelling) => new RegExp(`['"]${spelling}['"]\\s*,\\s*(?:'[^']*'\\s*,\\s*)?${literal}`, 'g')),
        // A boolean property is often a deliberate choice (`dryRun: false` in the CLI), not a default.
        ...(typeof value === 'boolean' ? [] : [new RegExp(`\\b${name}\\s*:\\s*${literal}`, 'g')]),
      ];
      for (const pattern of patterns) {
        for (const match of source.matchAll(pattern)) {
          const statementStart = source.lastIndexOf(';', match.index) + 1;
          const statement = source.slice(statementStart, match.index + match[0].length);
          if (!named.test(statement)) continue;
          found.push({ file, line: lineOf(match.index), setting: name, text: match[0] });
        }
      }
    }
  }
  return found;
}

describe('shared/defaults.ts', () => {
  it('is what the function uses when its environment sets nothing', () => {
    const config: Record<string, unknown> = { ...loadConfig({}) };
    const withVariable = SETTING_NAMES.filter(
      (name) => settingOf(name).env !== undefined && settingOf(name).env !== 'POWERTOOLS_LOG_LEVEL'
    );

    expect(withVariable.length).toBeGreaterThan(15);
    for (const name of withVariable) expect([name, config[name]]).toEqual([name, settingOf(name).default]);
    // Every field of the config has its row in the table (POWERTOOLS_LOG_LEVEL is Powertools' own).
    expect(Object.keys(config).sort()).toEqual([...withVariable].sort());
  });

  it('holds each default inside its own bounds and allowed values', () => {
    for (const name of SETTING_NAMES) {
      const setting = settingOf(name);
      if (setting.min !== undefined || setting.max !== undefined) {
        expect([name, typeof setting.default]).toEqual([name, 'number']);
        expect(Number(setting.default)).toBeGreaterThanOrEqual(setting.min ?? Number.NEGATIVE_INFINITY);
        expect(Number(setting.default)).toBeLessThanOrEqual(setting.max ?? Number.POSITIVE_INFINITY);
      }
      if (setting.allowed !== undefined) expect(setting.allowed).toContain(setting.default);
    }
  });

  it('gives every bound and allowed value to the function: one past a bound or an unknown word fails the cold start', () => {
    for (const name of SETTING_NAMES) {
      const { env, min, max, allowed } = settingOf(name);
      if (env === undefined || env === 'POWERTOOLS_LOG_LEVEL') continue;
      if (min !== undefined) {
        expect(() => loadConfig({ [env]: String(min - 1) })).toThrow(
          new RegExp(`^${env}: expected a whole number from ${min} to ${max}`)
        );
        expect(() => loadConfig({ [env]: String(min) })).not.toThrow();
      }
      if (max !== undefined) {
        expect(() => loadConfig({ [env]: String(max + 1) })).toThrow(new RegExp(`^${env}: `));
        expect(() => loadConfig({ [env]: String(max) })).not.toThrow();
      }
      if (allowed !== undefined) {
        for (const word of allowed) expect(() => loadConfig({ [env]: word.toUpperCase() })).not.toThrow();
        expect(() => loadConfig({ [env]: 'klingon' })).toThrow(`${env}: expected ${allowed.join(' or ')}, got "klingon"`);
      }
    }
  });

  it('is what the CLI uses, apart from its own choices', () => {
    const cli = buildCliConfig({ apply: false });

    expect(cli.maxEndpointsPerRun).toBe(SETTINGS.maxEndpointsPerRun.default);
    expect(cli.alertLanguage).toBe(SETTINGS.alertLanguage.default);
    expect(cli.permissionCheck).toBe(SETTINGS.permissionCheck.default);
    // Its own choices: no alert wait, no schedule, nothing but what --apply asks for.
    expect(cli).toMatchObject({
      dryRun: true,
      alertCoalesceSeconds: 0,
      redeployAfterFix: false,
      alertTopicArn: null,
      stateTableName: null,
    });
  });
});

describe('one home for the defaults', () => {
  it('spots the ways a default used to be declared again (the scanner is not blind)', () => {
    const before = [
      "maxEndpointsPerRun: readInteger(env, 'MAX_ENDPOINTS_PER_RUN', 6, 0, 50),",
      "const eventBusName = props.eventBusName ?? 'default';",
      "const language = (env.ALERT_LANGUAGE?.trim() || 'en').toLowerCase();",
      "const DEFAULTS = { alertLanguage: 'en', incidentTtlHours: 24 } as const;",
      "const x = parameter('VerifyDelaySeconds', {\n  type: 'Number', default: 120, minValue: 0,\n});",
      "const days = parameter('LogRetentionDays', { type: 'Number', default: '30' });",
      "const dryRun = switchParameter(stack, 'DryRun', 'IsDryRun', 'true', 'diagnose only');",
      'const redeploy = props.redeployAfterFix ?? false;',
      "scheduleGroupName: props.scheduleGroupName ?? 'ecs-netfix',",
    ];

    expect(before.map((line) => redeclarations('example.ts', line).map((found) => found.setting))).toEqual([
      ['maxEndpointsPerRun'],
      ['eventBusName'],
      ['alertLanguage'],
      ['alertLanguage', 'incidentTtlHours'],
      ['verifyDelaySeconds'],
      ['logRetentionDays'],
      ['dryRun'],
      ['redeployAfterFix'],
      ['scheduleGroupName'],
    ]);
    // Values that are not defaults, or that belong to another setting, pass.
    expect(
      redeclarations(
        'example.ts',
        "alertCoalesceSeconds: 0, DRY_RUN: switchValue(props.dryRun, 'true', 'false'), memorySize: 512;"
      )
    ).toEqual([]);
  });

  it('is shared/defaults.ts: no other source file declares a default again', () => {
    const files = [...sourceFiles('shared'), ...sourceFiles('infra'), ...sourceFiles('functions')].filter(
      (file) => file !== 'shared/defaults.ts'
    );
    const found = files.flatMap((file) => redeclarations(file, readFileSync(join(ROOT, file), 'utf8')));

    expect(files).toEqual(
      expect.arrayContaining([
        'shared/config.ts',
        'shared/cli/cli-config.ts',
        'infra/ecs-netfix.ts',
        'infra/ecs-netfix-stack.ts',
        'infra/stack-parameters.ts',
      ])
    );
    expect(found.map(({ file, line, setting, text }) => `${file}:${line} ${setting}: ${text}`)).toEqual([]);
  });
});

/** The rows of the markdown table under `heading`: first cell's code spans -> the cells. */
function tableUnder(doc: string, heading: string): Map<string, string[]> {
  const start = doc.indexOf(`\n${heading}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = doc.indexOf('\n## ', start + heading.length + 2);
  const rows = new Map<string, string[]>();
  for (const line of doc.slice(start, end === -1 ? undefined : end).split('\n')) {
    if (!line.startsWith('| `')) continue;
    const cells = line
      .slice(1, -1)
      .split(' | ')
      .map((cell) => cell.trim());
    for (const span of (cells[0] ?? '').matchAll(/`([^`]+)`/g)) rows.set(span[1] ?? '', cells);
  }
  return rows;
}

/** How the docs write a default: `6`, `true`, `en`; a list or empty string as `empty`/`(all)`, no value as `(none)`. */
function documented(value: SettingDefault['default'], emptyList: string): string {
  if (value === null) return '(none)';
  if (Array.isArray(value) || value === '') return emptyList;
  return `\`${String(value)}\``;
}

/** Hub mode's settings are documented in docs/deploy-hub.md. */
const HUB_SETTINGS: readonly SettingName[] = ['spokeRoleName', 'allowedAccountIds'];

describe('docs/deploy.md', () => {
  const doc = readFileSync(join(ROOT, 'docs', 'deploy.md'), 'utf8');

  it('shows every stack parameter with its default and bounds', () => {
    const rows = tableUnder(doc, '## Parameters');
    const withParameter = SETTING_NAMES.filter((name) => settingOf(name).parameter !== undefined && !HUB_SETTINGS.includes(name));

    expect(withParameter.length).toBeGreaterThan(10);
    for (const name of withParameter) {
      const setting = settingOf(name);
      const row = rows.get(setting.parameter ?? '');
      expect([setting.parameter, row?.[1]]).toEqual([
        setting.parameter,
        documented(setting.deployed ?? setting.default, 'empty'),
      ]);
      if (setting.min !== undefined)
        expect([setting.parameter, row?.[2]]).toEqual([
          setting.parameter,
          expect.stringContaining(`${setting.min}–${setting.max}`),
        ]);
    }
  });

  it("shows every variable of the function's environment with the function's own default and bounds", () => {
    const rows = tableUnder(doc, "## The function's environment");
    const withVariable = SETTING_NAMES.filter((name) => settingOf(name).env !== undefined && !HUB_SETTINGS.includes(name));

    for (const name of withVariable) {
      const setting = settingOf(name);
      const row = rows.get(setting.env ?? '');
      expect([setting.env, row?.[1]]).toEqual([
        setting.env,
        expect.stringMatching(new RegExp(`^${escaped(documented(setting.default, '(all)'))}`)),
      ]);
      if (setting.min !== undefined)
        expect([setting.env, row?.[2]]).toEqual([setting.env, expect.stringContaining(`${setting.min}–${setting.max}`)]);
    }
  });

  it("shows hub mode's spoke role default in docs/deploy-hub.md", () => {
    const hubDoc = readFileSync(join(ROOT, 'docs', 'deploy-hub.md'), 'utf8');

    expect(hubDoc).toContain(`\`spokeRoleName\` (default \`${SETTINGS.spokeRoleName.deployed}\`)`);
    expect(hubDoc).toContain(`\`${SETTINGS.spokeRoleName.parameter}\` (default \`${SETTINGS.spokeRoleName.deployed}\`)`);
  });

  it('states the reserved concurrency the construct sets', () => {
    expect(doc).toContain(`reserved concurrency ${SETTINGS.reservedConcurrency.default}`);
  });
});
