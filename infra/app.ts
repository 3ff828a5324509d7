/**
 * CDK app: `npx cdk deploy` (cdk.json) or `npm run synth`. Deploys the bundle in dist/remediate;
 * the context value `bundleDir` points elsewhere (the synth script uses it for a placeholder).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { EcsNetfixStack } from './ecs-netfix-stack.js';

const DEFAULT_BUNDLE_DIR = 'dist/remediate';

function bundleCode(bundleDir: string): Code {
  if (!existsSync(join(bundleDir, 'index.mjs'))) {
    throw new Error(
      `${join(bundleDir, 'index.mjs')} does not exist: run \`npm run build\` before \`cdk deploy\` ` +
        '(the stack deploys the bundled Lambda from dist/remediate).'
    );
  }
  // meta.json is esbuild's size report, not code.
  return Code.fromAsset(bundleDir, { exclude: ['meta.json'] });
}

const app = new App();
const bundleDir = String(app.node.tryGetContext('bundleDir') ?? DEFAULT_BUNDLE_DIR);
new EcsNetfixStack(app, String(app.node.tryGetContext('stackName') ?? 'EcsNetfixStack'), {
  code: bundleCode(bundleDir),
  analyticsReporting: false,
});
app.synth();
