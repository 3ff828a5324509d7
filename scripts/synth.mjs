// `npm run synth`: writes the CloudFormation template to cdk.out/EcsNetfixStack.template.json
// (plus the asset of the Lambda bundle) and the spoke template a StackSet deploys to
// cdk.out/ecs-netfix-spoke.template.json, offline and without AWS credentials. Context values
// pass through as with cdk: `npm run synth -- -c hub='{"organizationId":"o-..."}'` (hub mode). Builds the bundle
// first when dist/remediate is missing; if the build fails, synthesizes with a placeholder bundle
// so the template can still be reviewed, and says so.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BUNDLE_DIR = 'dist/remediate';
const OUT_DIR = 'cdk.out';

function run(command, args, env = process.env) {
  return spawnSync(command, args, { stdio: 'inherit', env }).status ?? 1;
}

function placeholderBundle() {
  const dir = mkdtempSync(join(tmpdir(), 'netfix-placeholder-'));
  writeFileSync(join(dir, 'index.mjs'), 'export const handler = async () => { throw new Error("placeholder bundle"); };\n');
  return dir;
}

let bundleDir = BUNDLE_DIR;
if (!existsSync(join(BUNDLE_DIR, 'index.mjs'))) {
  console.error(`${BUNDLE_DIR}/index.mjs is missing: building it (node esbuild.config.mjs)`);
  if (run('node', ['esbuild.config.mjs']) !== 0 || !existsSync(join(BUNDLE_DIR, 'index.mjs'))) {
    bundleDir = placeholderBundle();
    console.error(
      'The Lambda bundle did not build (see the errors above). The template is synthesized with a\n' +
        'PLACEHOLDER bundle for review only; fix the build (npm run build) before `npx cdk deploy`.'
    );
  }
}

/** `-c key=value` / `--context key=value` pairs, as `cdk synth` takes them. */
function contextFromArgs(args) {
  const context = {};
  for (let index = 0; index < args.length; index += 1) {
    if (args[index] !== '-c' && args[index] !== '--context') continue;
    const pair = args[index + 1] ?? '';
    const equals = pair.indexOf('=');
    if (equals <= 0) {
      console.error(`${args[index]} needs key=value, got "${pair}"`);
      process.exit(2);
    }
    context[pair.slice(0, equals)] = pair.slice(equals + 1);
    index += 1;
  }
  return context;
}

const status = run('npx', ['tsx', 'infra/app.ts'], {
  ...process.env,
  CDK_OUTDIR: OUT_DIR,
  CDK_CONTEXT_JSON: JSON.stringify({ ...contextFromArgs(process.argv.slice(2)), bundleDir, withSpoke: true }),
  CDK_DISABLE_VERSION_CHECK: 'true',
  CDK_DISABLE_CLI_TELEMETRY: 'true',
});
if (status !== 0) process.exit(status);
console.log(
  `wrote ${join(OUT_DIR, 'EcsNetfixStack.template.json')} and ${join(OUT_DIR, 'ecs-netfix-spoke.template.json')} (the StackSet template)`
);
