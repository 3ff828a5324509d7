/**
 * Synthesizes the ready stack in-process with a placeholder bundle, once per mode. Each synth
 * gets one temp folder (the placeholder bundle and the cloud assembly CDK writes, which would
 * otherwise be a new `cdk.out*` folder in the temp directory every time) and removes it after.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { EcsNetfix } from '../../infra/ecs-netfix.js';
import { EcsNetfixStack } from '../../infra/ecs-netfix-stack.js';
import type { HubProps } from '../../infra/hub.js';
import { EcsNetfixSpokeStack } from '../../infra/spoke-stack.js';
import { withTempDir } from '../helpers/temp-dir.js';

/** Writes a one-line handler into `root`/bundle, the stand-in for dist/remediate. */
function placeholderBundle(root: string): Code {
  const dir = join(root, 'bundle');
  mkdirSync(dir);
  writeFileSync(join(dir, 'index.mjs'), 'export const handler = async () => ({});\n');
  return Code.fromAsset(dir);
}

interface NagFinding {
  rule: string;
  resources: string[];
  description: string;
}

/**
 * Synthesizes `build` (given the app and the placeholder bundle's code) in a fresh app and runs
 * the cdk-nag AwsSolutions and Serverless packs on it.
 */
function synthWithNag(build: (app: App, code: Code) => Stack): { template: Template; findings: NagFinding[] } {
  return withTempDir('netfix-synth-', (root) => {
    const app = new App({ outdir: join(root, 'cdk.out') });
    const stack = build(app, placeholderBundle(root));
    const template = Template.fromStack(stack);
    const findings: NagFinding[] = [];
    for (const pack of [new AwsSolutionsChecks(app, { verbose: true }), new ServerlessChecks(app, { verbose: true })]) {
      const report = pack.validateScope(app);
      for (const violation of report.violations) {
        findings.push({
          rule: violation.ruleName,
          resources: violation.violatingResources.map((resource) => resource.resourceLogicalId ?? '?'),
          description: violation.description,
        });
      }
    }
    return { template, findings };
  });
}

/** Synthesizes `build` in a fresh app, without the cdk-nag packs (for tests that only read the template). */
function synthTemplate(build: (app: App, code: Code) => Stack): Template {
  return withTempDir('netfix-synth-', (root) =>
    Template.fromStack(build(new App({ outdir: join(root, 'cdk.out') }), placeholderBundle(root)))
  );
}

function synthReadyStack(): { template: Template; findings: NagFinding[] } {
  return synthWithNag((app, code) => new EcsNetfixStack(app, 'EcsNetfixStack', { code }));
}

const EXAMPLE_ORGANIZATION_ID = 'o-a1b2c3d4e5';

/** The ready stack in hub mode, any account of the organization (docs/deploy-hub.md). */
function synthHubStack(hub: HubProps = { organizationId: EXAMPLE_ORGANIZATION_ID }): {
  template: Template;
  findings: NagFinding[];
} {
  return synthWithNag((app, code) => new EcsNetfixStack(app, 'EcsNetfixStack', { code, hub }));
}

/** The spoke template a StackSet deploys (no Lambda bundle: it has no assets). */
function synthSpokeStack(): { template: Template; findings: NagFinding[] } {
  return synthWithNag((app) => new EcsNetfixSpokeStack(app, 'ecs-netfix-spoke'));
}

/**
 * The construct with every permission it can hold: live, redeploy, the user-endpoint opt-in,
 * both allowlists and hub mode with one member account, in account 123456789012 / eu-west-1 (the example deployment of docs/security.md).
 */
function synthEveryPermission(): { template: Template; findings: NagFinding[] } {
  return synthWithNag((app, code) => {
    const stack = new Stack(app, 'Example', { env: { account: '123456789012', region: 'eu-west-1' } });
    new EcsNetfix(stack, 'Netfix', {
      code,
      dryRun: false,
      redeployAfterFix: true,
      allowUserEndpointChanges: true,
      allowedVpcIds: ['vpc-0abc1234'],
      allowedClusters: ['prod'],
      hub: { organizationId: EXAMPLE_ORGANIZATION_ID, allowedAccountIds: ['210987654321'] },
    });
    return stack;
  });
}

export {
  EXAMPLE_ORGANIZATION_ID,
  synthEveryPermission,
  synthHubStack,
  synthReadyStack,
  synthSpokeStack,
  synthTemplate,
  synthWithNag,
};
export type { NagFinding };
