/**
 * The layering rules, read from the import statements of every source file: the AWS SDK is
 * imported only under shared/aws (the shell), so the core can be tested on plain data.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
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

describe('layers', () => {
  it('finds the imports it checks (the reader is not blind)', () => {
    expect(importsOf('shared/aws/clients.ts')).toContain('@aws-sdk/client-ec2');
  });

  it('imports the AWS SDK only under shared/aws', () => {
    const offenders = [...sourceFiles('shared'), ...sourceFiles('functions')]
      .filter((file) => !file.startsWith('shared/aws/'))
      .flatMap((file) => importsOf(file).filter((name) => name.startsWith('@aws-sdk/')).map((name) => `${file} imports ${name}`));

    expect(offenders).toEqual([]);
  });
});
