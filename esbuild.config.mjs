// Builds one minified ESM bundle per Lambda entry point (dist/<function>/index.mjs) and the CLI
// (dist/cli/index.mjs). The AWS SDK is bundled: loading it from the runtime was slower than
// bundling (see README, Performance). `mainFields: ['module', 'main']` makes esbuild pick the SDK's
// ES module builds instead of the CommonJS ones, which are larger and slower to load.
import { mkdir, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { build } from 'esbuild';

/** Lambda entry points: functions/<name>.ts -> dist/<name>/index.mjs */
const functions = ['remediate'];

// ESM bundles that still contain a CommonJS dependency need `require`; give them one.
const requireShim =
  "import { createRequire as __netfixCreateRequire } from 'node:module';" +
  'const require = __netfixCreateRequire(import.meta.url);';

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  sourcemap: true,
  keepNames: false,
  legalComments: 'none',
  mainFields: ['module', 'main'],
  conditions: ['module', 'import'],
  metafile: true,
  logLevel: 'warning',
  banner: { js: requireShim },
};

async function buildOne(entry, outdir, extraBanner = '') {
  const result = await build({
    ...common,
    entryPoints: [entry],
    outfile: `${outdir}/index.mjs`,
    banner: { js: `${extraBanner}${requireShim}` },
  });
  await mkdir(outdir, { recursive: true });
  await writeFile(`${outdir}/meta.json`, JSON.stringify(result.metafile));
  return result;
}

const started = Date.now();
await Promise.all([
  ...functions.map((name) => buildOne(`functions/${name}.ts`, `dist/${name}`)),
  buildOne('shared/cli/main.ts', 'dist/cli', '#!/usr/bin/env node\n'),
]);
const names = [...functions, 'cli'].map((name) => basename(name)).join(', ');
console.log(`built ${names} in ${Date.now() - started} ms`);
