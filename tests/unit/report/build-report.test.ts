import { describe, expect, it } from '@jest/globals';
import type { Finding, FindingCode, Severity } from '../../../shared/diagnosis/finding.js';
import type { Action, ActionResult, ActionStatus } from '../../../shared/remediation/action.js';
import { buildReport, decideOutcome } from '../../../shared/report/build-report.js';
import { aSnapshot, aStoppedTask } from '../../helpers/snapshot-builder.js';

function aFinding(code: FindingCode, severity: Severity = 'error', automatic = true): Finding {
  return { code, severity, message: code, resources: [], fix: { summary: 'fix', console: [], cli: [], automatic }, cause: true };
}

const ACTION: Action = {
  kind: 'create-interface-endpoint',
  id: 'a1',
  vpcId: 'vpc-0abc',
  service: 'ecr.api',
  serviceName: 'com.amazonaws.eu-west-1.ecr.api',
  subnetIds: ['subnet-0a'],
  availabilityZones: ['eu-west-1a'],
  securityGroupId: null,
  privateDnsEnabled: true,
  fixes: ['ECR_API_ENDPOINT_MISSING'],
  monthlyCostUsd: 7.3,
  description: 'Create the ecr.api interface endpoint',
};

function results(...statuses: ActionStatus[]): ActionResult[] {
  return statuses.map((status) => ({ action: ACTION, status, resourceId: null, state: null, note: null }));
}

const MISSING = [aFinding('ECR_API_ENDPOINT_MISSING')];
const NAT_BROKEN = aFinding('NAT_ROUTE_BLACKHOLE', 'error', false);

describe('decideOutcome', () => {
  it.each<[string, { dryRun: boolean; findings: Finding[]; actions: ActionResult[]; manual: Finding[] }, string]>([
    ['no findings', { dryRun: false, findings: [], actions: [], manual: [] }, 'healthy'],
    [
      'only info findings',
      { dryRun: false, findings: [aFinding('CUSTOM_DNS_SERVERS', 'info')], actions: [], manual: [] },
      'healthy',
    ],
    ['a dry run with a plan', { dryRun: true, findings: MISSING, actions: results('planned'), manual: [] }, 'would-fix'],
    [
      'a dry run with a plan and manual findings',
      { dryRun: true, findings: [...MISSING, NAT_BROKEN], actions: results('planned'), manual: [NAT_BROKEN] },
      'would-fix',
    ],
    ['problems and no plan', { dryRun: false, findings: [NAT_BROKEN], actions: [], manual: [NAT_BROKEN] }, 'alert-only'],
    [
      'a plan held back entirely by the cap',
      { dryRun: false, findings: MISSING, actions: results('skipped', 'skipped'), manual: [] },
      'alert-only',
    ],
    [
      'every change made',
      { dryRun: false, findings: MISSING, actions: results('created', 'modified', 'already-done'), manual: [] },
      'fixed',
    ],
    ['everything already there', { dryRun: false, findings: MISSING, actions: results('already-done'), manual: [] }, 'fixed'],
    [
      'one change failed, others made',
      { dryRun: false, findings: MISSING, actions: results('created', 'failed'), manual: [] },
      'partially-fixed',
    ],
    [
      'changes made, some held back by the cap',
      { dryRun: false, findings: MISSING, actions: results('created', 'skipped'), manual: [] },
      'partially-fixed',
    ],
    [
      'changes made, but a person must fix the rest',
      { dryRun: false, findings: [...MISSING, NAT_BROKEN], actions: results('created'), manual: [NAT_BROKEN] },
      'partially-fixed',
    ],
    ['every change failed', { dryRun: false, findings: MISSING, actions: results('failed', 'failed'), manual: [] }, 'failed'],
    [
      'the group failed and the endpoints were skipped',
      { dryRun: false, findings: MISSING, actions: results('failed', 'skipped'), manual: [] },
      'failed',
    ],
  ])('is right for %s', (_case, input, expected) => {
    expect(decideOutcome(input)).toBe(expected);
  });
});

describe('buildReport', () => {
  const base = {
    now: new Date('2026-03-01T12:00:00.000Z'),
    dryRun: true,
    origin: 'eventbridge',
    classification: null,
    calls: { total: 3, byOperation: { 'EC2.DescribeVpcs': 1, 'EC2.DescribeSubnets': 2 } },
  };

  it('summarises the outcome, the cluster/service and the problem codes in one line', () => {
    const report = buildReport({
      ...base,
      outcome: 'would-fix',
      task: aStoppedTask(),
      snapshot: aSnapshot('empty').build(),
      findings: [aFinding('ECR_API_ENDPOINT_MISSING'), aFinding('CUSTOM_DNS_SERVERS', 'info'), aFinding('LOGS_ENDPOINT_MISSING')],
    });

    expect(report.summary).toBe('Dry run: ecs-netfix would fix this (prod/web): ECR_API_ENDPOINT_MISSING, LOGS_ENDPOINT_MISSING');
  });

  it('names a standalone task by its id and an early stop by its note', () => {
    const report = buildReport({
      ...base,
      outcome: 'out-of-scope',
      task: aStoppedTask({ serviceName: null, group: 'family:batch' }),
      snapshot: null,
      note: 'cluster prod is not in ALLOWED_CLUSTERS',
    });

    expect(report.summary).toBe('Out of scope (prod/0123456789abcdef0): cluster prod is not in ALLOWED_CLUSTERS');
    expect(report.note).toBe('cluster prod is not in ALLOWED_CLUSTERS');
  });

  it('says "request" when there is no task', () => {
    const report = buildReport({ ...base, outcome: 'invalid', task: null, snapshot: null, note: 'detail.taskArn: is missing' });

    expect(report.summary).toBe('Input rejected (request): detail.taskArn: is missing');
    expect(report.task).toBeNull();
  });

  it.each([
    ['healthy', 'The network path is complete (prod/web)'],
    ['fixed', 'Fixed (prod/web)'],
    ['partially-fixed', 'Partly fixed (prod/web)'],
    ['failed', 'Fix failed (prod/web)'],
    ['alert-only', 'Needs a person (prod/web)'],
    ['deduplicated', 'Already being handled (prod/web)'],
    ['not-network', 'Not a network problem (prod/web)'],
    ['ignored', 'Not a start-up failure (prod/web)'],
  ] as const)('words the %s outcome for people', (outcome, summary) => {
    expect(buildReport({ ...base, outcome, task: aStoppedTask(), snapshot: null }).summary).toBe(summary);
  });

  it('takes the VPC, subnets and groups from the snapshot, and the unknowns with them', () => {
    const snapshot = aSnapshot()
      .withUnknownSecurityGroups()
      .tap((draft) => {
        draft.unknowns = ['security groups of a standalone task'];
      })
      .build();

    const report = buildReport({ ...base, outcome: 'healthy', task: aStoppedTask(), snapshot });

    expect(report.task).toMatchObject({
      vpcId: 'vpc-0abc',
      subnetIds: ['subnet-0a', 'subnet-0b'],
      securityGroupIds: null,
      cluster: 'prod',
      service: 'web',
    });
    expect(report.unknowns).toEqual(['security groups of a standalone task']);
  });

  it('falls back to the event subnet without a snapshot and starts with no alert sent', () => {
    const report = buildReport({ ...base, outcome: 'not-network', task: aStoppedTask(), snapshot: null });

    expect(report.task).toMatchObject({ vpcId: null, subnetIds: ['subnet-0a'], securityGroupIds: null });
    expect(report).toMatchObject({
      version: '1.0',
      generatedAt: '2026-03-01T12:00:00.000Z',
      dryRun: true,
      findings: [],
      path: [],
      actions: [],
      cost: null,
      incident: null,
      calls: base.calls,
      alert: { published: false, messageId: null, reason: null },
    });
  });
});
