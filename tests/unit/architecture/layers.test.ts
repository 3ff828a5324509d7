/**
 * The layering rules, read from the import statements of every source file: the AWS SDK is
 * imported only under shared/aws (the shell); the pure model (shared/model) imports nothing else;
 * the pure core reaches no I/O, so it can be tested on plain data.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from '@jest/globals';

const ROOT = join(import.meta.dirname, '..', '..', '..');

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

/** Every module specifier a file imports or re-exports (static and dynamic). */
function importsOf(file: string): string[] {
  const source = readFileSync(join(ROOT, file), 'utf8');
  const specifiers = [...source.matchAll(/(?:^|\s)(?:import|export)\s[^;]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/gm)];
  return specifiers.map((match) => match[1] ?? match[2] ?? '');
}

/** The folders of the functional core: plain data in, plain data out. */
const PURE_FOLDERS = ['shared/model', 'shared/classify', 'shared/diagnosis', 'shared/alerts', 'shared/report'];
/** What does I/O: AWS calls, gathering, orchestration, the CLI, the logger and the file system. */
const IO_MODULES = [
  /^shared\/aws\//,
  /^shared\/inspect\//,
  /^shared\/pipeline\//,
  /^shared\/cli\//,
  /^functions\//,
  /^shared\/observability\.ts$/,
  /^node:(fs|child_process|net|http|https|dgram)/,
];

/** A relative specifier resolved to a repository path (`../aws/ec2-read.js` -> `shared/aws/ec2-read.ts`). */
function resolved(file: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  return normalize(join(dirname(file), specifier)).replace(/\.js$/, '.ts');
}

describe('layers', () => {
  it('finds the imports it checks (the reader is not blind)', () => {
    expect(importsOf('shared/aws/clients.ts')).toContain('@aws-sdk/client-ec2');
  });

  it('imports the AWS SDK only under shared/aws', () => {
    const offenders = [...sourceFiles('shared'), ...sourceFiles('functions')]
      .filter((file) => !file.startsWith('shared/aws/'))
      .flatMap((file) =>
        importsOf(file)
          .filter((name) => name.startsWith('@aws-sdk/'))
          .map((name) => `${file} imports ${name}`)
      );

    expect(offenders).toEqual([]);
  });

  it('keeps the model free of every other module', () => {
    const offenders = sourceFiles('shared/model').flatMap((file) =>
      importsOf(file)
        .map((specifier) => resolved(file, specifier))
        .filter((target) => !target.startsWith('shared/model/'))
        .map((target) => `${file} imports ${target}`)
    );

    expect(sourceFiles('shared/model').length).toBeGreaterThan(0);
    expect(offenders).toEqual([]);
  });

  it('keeps the pure core away from I/O', () => {
    const offenders = PURE_FOLDERS.flatMap(sourceFiles).flatMap((file) =>
      importsOf(file)
        .map((specifier) => resolved(file, specifier))
        .filter((target) => IO_MODULES.some((pattern) => pattern.test(target)))
        .map((target) => `${file} imports ${target}`)
    );

    expect(offenders).toEqual([]);
  });

  it('reads the time from one clock (shared/clock.ts), which tests replace', () => {
    const offenders = [...sourceFiles('shared'), ...sourceFiles('functions')]
      .filter((file) => file !== 'shared/clock.ts')
      .filter((file) => /new Date\(\)|Date\.now\(\)/.test(readFileSync(join(ROOT, file), 'utf8')));

    expect(offenders).toEqual([]);
  });

  it('declares every error class in one module (shared/errors.ts)', () => {
    const offenders = [...sourceFiles('shared'), ...sourceFiles('functions')]
      .filter((file) => file !== 'shared/errors.ts')
      .filter((file) => /^class \w+ extends (?:\w*Error)\b/m.test(readFileSync(join(ROOT, file), 'utf8')));

    expect(offenders).toEqual([]);
  });
});
