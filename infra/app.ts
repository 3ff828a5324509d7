/**
 * CDK app: `npx cdk deploy` (cdk.json) or `npm run synth`. Deploys the bundle in dist/remediate;
 * the context value `bundleDir` points elsewhere (the synth script uses it for a placeholder).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { EcsNetfixStack } from './ecs-netfix-stack.js';
import { hubFromContext } from './hub.js';
import { EcsNetfixSpokeStack } from './spoke-stack.js';

/** cdk.out/ecs-netfix-spoke.template.json: the StackSet's template. */
const SPOKE_STACK_NAME = 'ecs-netfix-spoke';

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
  // `-c hub='{"organizationId":"o-..."}'` (docs/deploy-hub.md); absent: a single-account stack.
  hub: hubFromContext(app.node.tryGetContext('hub')),
});
// Only when asked (npm run synth): `cdk deploy` without a stack name needs a one-stack app, and the
// spoke is deployed by a StackSet from its template, never by `cdk deploy`.
if (app.node.tryGetContext('withSpoke') === true || app.node.tryGetContext('withSpoke') === 'true') {
  new EcsNetfixSpokeStack(app, SPOKE_STACK_NAME);
}
app.synth();
