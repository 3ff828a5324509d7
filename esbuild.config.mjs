// Builds one minified ESM bundle per Lambda entry point (dist/<function>/index.mjs) and the CLI
// (dist/cli/index.mjs). The AWS SDK is bundled: loading it from the runtime was slower than
// bundling (see README, Performance). `mainFields: ['module', 'main']` makes esbuild pick the SDK's
// ES module builds instead of the CommonJS ones, which are larger and slower to load.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { build } from 'esbuild';

/**
 * The SDK's schema modules write object keys as computed properties (`{ [_xN]: ... }`) whose names
 * are module constants. esbuild must assume a computed key may run code, so it keeps every schema,
 * used or not (aws-sdk-js-v3 #7607: about 550 KB of EC2 schemas). Putting the constant's string in
 * place of the computed key is the same object, and lets esbuild drop what is unused.
 */
const pureSdkSchemas = {
  name: 'pure-sdk-schemas',
  setup(pluginBuild) {
    pluginBuild.onLoad(
      { filter: /@aws-sdk[/\\]client-[a-z0-9-]+[/\\]dist-es[/\\]schemas[/\\]schemas_\d+\.js$/ },
      async (args) => {
        const text = await readFile(args.path, 'utf8');
        const constants = new Map();
        for (const match of text.matchAll(/^const (_\w+) = ("(?:[^"\\]|\\.)*");$/gm)) {
          constants.set(match[1], match[2]);
        }
        const contents = text.replace(/\[(_\w+)\]:/g, (whole, name) => (constants.has(name) ? `${constants.get(name)}:` : whole));
        return { contents, loader: 'js' };
      }
    );
  },
};

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
  plugins: [pureSdkSchemas],
};

async function buildOne(entry, outdir, extraBanner = '', extra = {}) {
  const result = await build({
    ...common,
    ...extra,
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
  ...functions.map((name) =>
    buildOne(`functions/${name}.ts`, `dist/${name}`, '', {
      // In Lambda the credentials are always in the environment: see shared/aws/lambda-credentials.ts.
      alias: { '@aws-sdk/credential-provider-node': './shared/aws/lambda-credentials.ts' },
    })
  ),
  buildOne('shared/cli/main.ts', 'dist/cli', '#!/usr/bin/env node\n'),
]);
const names = [...functions, 'cli'].map((name) => basename(name)).join(', ');
console.log(`built ${names} in ${Date.now() - started} ms`);
