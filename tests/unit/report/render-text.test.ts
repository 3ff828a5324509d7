import { describe, expect, it } from '@jest/globals';
import { diagnose } from '../../../shared/diagnosis/diagnose.js';
import { planRemediation } from '../../../shared/remediation/plan.js';
import { buildReport } from '../../../shared/report/build-report.js';
import { renderReport } from '../../../shared/report/render-text.js';
import type { Report } from '../../../shared/report/report.js';
import { aClassification, aSnapshot, aStoppedTask } from '../../helpers/snapshot-builder.js';

const ESC = '\u001b';

/** A dry-run report for a VPC without endpoints, as the CLI's `diagnose` would print it. */
function aDryRunReport(
  stoppedReason = 'ResourceInitializationError: unable to pull secrets or registry auth: i/o timeout'
): Report {
  const snapshot = aSnapshot('empty').build();
  const task = aStoppedTask({ stoppedReason });
  const classification = aClassification('ecr_api_unreachable');
  const diagnosis = diagnose({ classification, snapshot, task });
  const plan = planRemediation(diagnosis.findings, snapshot, { region: 'eu-west-1', maxEndpointsPerRun: 6 });
  return buildReport({
    now: new Date('2026-03-01T12:00:00.000Z'),
    dryRun: true,
    outcome: 'would-fix',
    origin: 'manual-task',
    task,
    snapshot,
    classification,
    findings: diagnosis.findings,
    path: diagnosis.path,
    actions: plan.actions.map((action) => ({ action, status: 'planned', resourceId: null, state: null, note: null })),
    calls: { total: 9, byOperation: { 'EC2.DescribeVpcEndpoints': 1 } },
  });
}

function linesOf(text: string): string[] {
  return text.split('\n');
}

describe('renderReport', () => {
  it('marks each broken hop with ✘ and the finding codes it explains', () => {
    const text = renderReport(aDryRunReport(), { color: false });

    const endpointHops = linesOf(text).filter((line) => line.includes('✘'));
    expect(endpointHops.length).toBe(5);
    expect(endpointHops.some((line) => line.includes('[ECR_API_ENDPOINT_MISSING]'))).toBe(true);
    expect(endpointHops.some((line) => line.includes('[S3_GATEWAY_ENDPOINT_MISSING]'))).toBe(true);
    expect(linesOf(text).filter((line) => line.trimStart().startsWith('✔ subnet'))).toHaveLength(1);
  });

  it('shows the mode, summary, findings with their fixes, and the plan', () => {
    const text = renderReport(aDryRunReport(), { color: false });

    expect(linesOf(text)[0]).toBe(
      'ecs-netfix · dry run · Dry run: ecs-netfix would fix this (prod/web): ECR_API_ENDPOINT_MISSING, ECR_DKR_ENDPOINT_MISSING, S3_GATEWAY_ENDPOINT_MISSING, SECRETSMANAGER_ENDPOINT_MISSING, LOGS_ENDPOINT_MISSING'
    );
    expect(text).toContain('ERROR   ECR_API_ENDPOINT_MISSING');
    expect(text).toContain('[ecs-netfix can do this]');
    expect(text).toContain('Plan (not applied: dry run)');
    expect(text).toContain('• would create: Create the ecr.api interface endpoint in subnet-0a, subnet-0b with private DNS');
    expect(text).toMatch(/\$ aws ec2 create-vpc-endpoint/);
    expect(text).toContain('AWS calls: 9 (EC2.DescribeVpcEndpoints×1)');
  });

  it('leaves the CLI commands out when asked', () => {
    const text = renderReport(aDryRunReport(), { color: false, commands: false });

    expect(text).not.toContain('$ aws ');
  });

  it('uses no colour codes at all when color is false', () => {
    expect(renderReport(aDryRunReport(), { color: false })).not.toContain(ESC);
  });

  it('paints broken hops red when color is true', () => {
    expect(renderReport(aDryRunReport(), { color: true })).toContain(`${ESC}[31m✘${ESC}[0m`);
  });

  it('strips control characters and escape sequences from event text', () => {
    // Prepare: a stop reason that tries to recolour the terminal, ring the bell and forge a line
    const hostile = `CannotPullContainerError: ${ESC}[2J${ESC}[31mpwned\u0007\r\n  ✔ forged line\u009b31m`;

    // Act
    const text = renderReport(aDryRunReport(hostile), { color: false });

    // Assess
    expect(text).not.toContain(ESC);
    expect(text).not.toContain('\u0007');
    expect(text).not.toContain('\r');
    expect(text).not.toContain('\u009b');
    const stopped = linesOf(text).filter((line) => line.includes('pwned'));
    expect(stopped).toHaveLength(1);
    expect(stopped[0]).toMatch(/^ {2}stopped {3}CannotPullContainerError: .*pwned.*forged line/);
  });

  it('shortens a huge stop reason to one bounded line', () => {
    const text = renderReport(aDryRunReport(`CannotPullContainerError: ${'x'.repeat(5000)}`), { color: false });

    const stopped = linesOf(text).find((line) => line.startsWith('  stopped'));
    expect(stopped?.length).toBeLessThan(260);
    expect(stopped?.endsWith('…')).toBe(true);
  });

  it('shows what could not be known', () => {
    const report = { ...aDryRunReport(), unknowns: ['the security groups of a standalone task'] };

    expect(renderReport(report, { color: false })).toContain('Could not be known\n  ? the security groups of a standalone task');
  });
});
