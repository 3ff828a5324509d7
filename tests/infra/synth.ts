/** Synthesizes the ready stack in-process with a placeholder bundle, once per mode. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { EcsNetfix } from '../../infra/ecs-netfix.js';
import { EcsNetfixStack } from '../../infra/ecs-netfix-stack.js';

function placeholderBundleDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'netfix-bundle-'));
  writeFileSync(join(dir, 'index.mjs'), 'export const handler = async () => ({});\n');
  return dir;
}

interface NagFinding {
  rule: string;
  resources: string[];
  description: string;
}

/** Synthesizes `build` in a fresh app and runs the cdk-nag AwsSolutions and Serverless packs on it. */
function synthWithNag(build: (app: App) => Stack): { template: Template; findings: NagFinding[] } {
  const app = new App();
  const stack = build(app);
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
}

function synthReadyStack(): { template: Template; findings: NagFinding[] } {
  return synthWithNag(
    (app) => new EcsNetfixStack(app, 'EcsNetfixStack', { code: Code.fromAsset(placeholderBundleDir()) })
  );
}

/**
 * The construct with every permission it can hold: live, redeploy, the user-endpoint opt-in and
 * both allowlists, in account 123456789012 / eu-west-1 (the example deployment of docs/security.md).
 */
function synthEveryPermission(): { template: Template; findings: NagFinding[] } {
  return synthWithNag((app) => {
    const stack = new Stack(app, 'Example', { env: { account: '123456789012', region: 'eu-west-1' } });
    new EcsNetfix(stack, 'Netfix', {
      code: Code.fromAsset(placeholderBundleDir()),
      dryRun: false,
      redeployAfterFix: true,
      allowUserEndpointChanges: true,
      allowedVpcIds: ['vpc-0abc1234'],
      allowedClusters: ['prod'],
    });
    return stack;
  });
}

export { placeholderBundleDir, synthEveryPermission, synthReadyStack, synthWithNag };
export type { NagFinding };
