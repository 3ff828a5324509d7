import { describe, expect, it } from '@jest/globals';
import type { ListedService } from '../../../../shared/aws/ecs-list.js';
import { renderScanTable, summaryLine } from '../../../../shared/cli/render-readiness.js';
import { plannedTaskOf, sortByRisk, worstSeverityOf } from '../../../../shared/cli/service-readiness.js';
import type { ServiceReadiness } from '../../../../shared/cli/service-readiness.js';
import { createStyle } from '../../../../shared/cli/style.js';
import type { Finding, FindingCode, Severity } from '../../../../shared/diagnosis/finding.js';

const PLAIN = createStyle({ write: () => true, isTTY: false }, {});

function finding(code: FindingCode, severity: Severity): Finding {
  return {
    code,
    severity,
    message: `${code} message`,
    resources: [],
    fix: { summary: 'fix it', console: [], cli: [], automatic: false },
    cause: true,
  };
}

function readiness(service: string, findings: Finding[], cluster = 'prod'): ServiceReadiness {
  const worstSeverity = worstSeverityOf(findings);
  return {
    cluster,
    service,
    status: worstSeverity === 'error' ? 'would-fail' : 'ready',
    worstSeverity,
    taskDefinitionArn: null,
    vpcId: 'vpc-1',
    subnetIds: ['subnet-a'],
    needs: ['ecr.api'],
    needsInternet: false,
    findings,
    unknowns: [],
  };
}

describe('plannedTaskOf', () => {
  it("builds the service's next task from its network configuration and task definition", () => {
    const service: ListedService = {
      serviceName: 'orders-api',
      serviceArn: 'arn:aws:ecs:eu-west-1:123456789012:service/prod/orders-api',
      clusterArn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod',
      taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/orders:7',
      launchType: null,
      capacityProviders: ['FARGATE_SPOT'],
      platformVersion: 'LATEST',
      subnetIds: ['subnet-a', 'subnet-b'],
    };

    const task = plannedTaskOf(service, { region: 'us-east-1', clusterArn: 'prod' });

    expect(task).toMatchObject({
      region: 'eu-west-1',
      accountId: '123456789012',
      clusterName: 'prod',
      serviceName: 'orders-api',
      group: 'service:orders-api',
      launchType: 'FARGATE',
      subnetId: 'subnet-a',
      taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/orders:7',
      stoppedReason: null,
      containerReasons: [],
    });
  });
});

describe('worstSeverityOf', () => {
  it('ignores NO_PROBLEM_FOUND and picks the worst of the rest', () => {
    expect(worstSeverityOf([finding('NO_PROBLEM_FOUND', 'info')])).toBeNull();
    expect(worstSeverityOf([finding('ENDPOINT_AZ_NOT_COVERED', 'warning'), finding('LOGS_ENDPOINT_MISSING', 'error')])).toBe(
      'error'
    );
  });
});

describe('scan table', () => {
  it('lists errors first, then warnings, then ready services, with the codes as the reason', () => {
    // Prepare
    const results = sortByRisk([
      readiness('web', []),
      readiness('batch', [finding('ENDPOINT_AZ_NOT_COVERED', 'warning')]),
      readiness('api', [finding('LOGS_ENDPOINT_MISSING', 'error'), finding('ENDPOINT_AZ_NOT_COVERED', 'warning')], 'staging'),
    ]);

    // Act
    const lines = renderScanTable(results, PLAIN).trimEnd().split('\n');

    // Assess
    expect(lines).toEqual([
      'STATUS                  CLUSTER  SERVICE  WHY',
      '✘ would fail            staging  api      LOGS_ENDPOINT_MISSING, ENDPOINT_AZ_NOT_COVERED',
      '! ready, with warnings  prod     batch    ENDPOINT_AZ_NOT_COVERED',
      '✔ ready                 prod     web      -',
      '',
      '1 service would fail to start; 2 ready (1 with warnings).',
    ]);
  });

  it('says so when there are no services', () => {
    expect(renderScanTable([], PLAIN)).toBe('No ECS services found.\n');
    expect(summaryLine([readiness('web', [])])).toBe('1 service ready.');
  });
});
