import { describe, expect, it } from '@jest/globals';
import type { Check } from '../../../shared/diagnosis/check.js';
import { ALL_CHECKS } from '../../../shared/diagnosis/checks/index.js';
import { diagnose, diagnoseWithoutSnapshot } from '../../../shared/diagnosis/diagnose.js';
import { FINDING_CODES } from '../../../shared/diagnosis/finding.js';
import { hopDetailLine } from '../../../shared/diagnosis/path.js';
import { aClassification, aSnapshot, aStoppedTask, httpsRule } from '../../helpers/snapshot-builder.js';

const task = aStoppedTask();

describe('diagnose', () => {
  it('walks the whole pull path: a failure on ecr.api also reports ecr.dkr, S3, secrets and logs', () => {
    // Prepare
    const snapshot = aSnapshot('empty').build();
    // Act
    const { findings } = diagnose({ classification: aClassification('ecr_api_unreachable'), snapshot, task });
    // Assess
    expect(findings.map((finding) => [finding.code, finding.cause])).toEqual([
      ['ECR_API_ENDPOINT_MISSING', true],
      ['ECR_DKR_ENDPOINT_MISSING', false],
      ['S3_GATEWAY_ENDPOINT_MISSING', false],
      ['SECRETSMANAGER_ENDPOINT_MISSING', false],
      ['LOGS_ENDPOINT_MISSING', false],
    ]);
  });

  it('finds nothing wrong in a healthy private VPC and says the path looks complete', () => {
    const { findings } = diagnose({
      classification: aClassification('ecr_dkr_unreachable'),
      snapshot: aSnapshot().build(),
      task,
    });
    expect(findings.map((finding) => finding.code)).toEqual(['NO_PROBLEM_FOUND']);
  });

  it('sorts errors before warnings before info, then along the path', () => {
    const snapshot = aSnapshot()
      .withoutEndpoint('logs')
      .withDnsServers('10.9.0.10')
      .withSecurityGroupRules('sg-endpoints', { ingress: [] })
      .withUnknownSecurityGroups()
      .build();
    const { findings } = diagnose({ classification: aClassification('ecr_api_unreachable'), snapshot, task });
    expect(findings.map((finding) => `${finding.severity}:${finding.code}`)).toEqual([
      'error:LOGS_ENDPOINT_MISSING',
      'error:ENDPOINT_SG_BLOCKS_HTTPS',
      'warning:CUSTOM_DNS_SERVERS',
      'info:NETWORK_CONFIG_UNKNOWN',
    ]);
  });

  it('reports a private-IP timeout as a blocked path together with the security group that blocks it', () => {
    const snapshot = aSnapshot()
      .withSecurityGroupRules('sg-endpoints', { ingress: [httpsRule({ cidrs: ['192.168.0.0/16'] })] })
      .build();
    const classification = aClassification('ecr_api_unreachable', { evidence: { ip: '10.0.1.200', ipScope: 'private' } });
    const { findings } = diagnose({ classification, snapshot, task });
    expect(findings.map((finding) => finding.code)).toEqual(['PATH_BLOCKED_AT_ENDPOINT', 'ENDPOINT_SG_BLOCKS_HTTPS']);
    expect(findings.every((finding) => finding.cause)).toBe(true);
  });

  it('runs no network check for a stop reason that is not a network failure', () => {
    const { findings, checks } = diagnose({
      classification: aClassification('image_not_found'),
      snapshot: aSnapshot('empty').build(),
      task,
    });
    expect(findings.map((finding) => finding.code)).toEqual(['NOT_A_NETWORK_PROBLEM']);
    expect(checks.find((record) => record.id === 'ecr-api-endpoint-present')?.status).toBe('not-applicable');
  });

  it('keeps going when a check throws, records it, and withholds NO_PROBLEM_FOUND', () => {
    const broken: Check = {
      id: 'always-throws',
      codes: [],
      scope: 'network',
      evaluate: () => {
        throw new Error('route table has no routes array');
      },
    };
    const result = diagnose(
      { classification: aClassification('ecr_api_unreachable'), snapshot: aSnapshot().withoutEndpoint('logs').build(), task },
      [broken, ...ALL_CHECKS]
    );
    expect(result.checks[0]).toEqual({
      id: 'always-throws',
      status: 'error',
      explanation: 'route table has no routes array',
      codes: [],
    });
    expect(result.findings.map((finding) => finding.code)).toEqual(['LOGS_ENDPOINT_MISSING']);
    expect(result.unknowns).toEqual(['check always-throws could not run: route table has no routes array']);
    const healthy = diagnose({ classification: aClassification('ecr_api_unreachable'), snapshot: aSnapshot().build(), task }, [
      broken,
      ...ALL_CHECKS,
    ]);
    expect(healthy.findings).toEqual([]);
  });

  it('returns NOT_A_NETWORK_PROBLEM without a snapshot', () => {
    const { findings, path } = diagnoseWithoutSnapshot({ classification: aClassification('disk_or_host_problem'), task });
    expect(findings.map((finding) => finding.code)).toEqual(['NOT_A_NETWORK_PROBLEM']);
    expect(path[0]).toMatchObject({ kind: 'subnet', label: 'subnet-0a', status: 'unknown' });
  });

  it('registers a check for every finding code except the summary one', () => {
    const covered = new Set([...ALL_CHECKS.flatMap((check) => check.codes), 'NO_PROBLEM_FOUND']);
    expect(FINDING_CODES.filter((code) => !covered.has(code))).toEqual([]);
  });
});

describe('diagnose path', () => {
  it('lists the hops in order and marks the broken ones with their findings', () => {
    const snapshot = aSnapshot().withoutEndpoint('ecr.dkr').withBlackholeNatRoute('nat-0gone').build();
    const { path } = diagnose({ classification: aClassification('ecr_dkr_unreachable'), snapshot, task });
    expect(path.map((hop) => [hop.kind, hop.label, hop.status, hop.findings])).toEqual([
      ['subnet', 'subnet-0a (eu-west-1a)', 'ok', []],
      ['route-table', 'rtb-private (explicit)', 'broken', ['NAT_ROUTE_BLACKHOLE']],
      ['nat-gateway', 'nat-0gone', 'broken', []],
      ['endpoint', 'ecr.api endpoint vpce-ecr-api', 'ok', []],
      ['endpoint', 'ecr.dkr (no endpoint)', 'broken', ['ECR_DKR_ENDPOINT_MISSING']],
      ['endpoint', 's3 gateway endpoint vpce-s3', 'ok', []],
      ['endpoint', 'secretsmanager endpoint vpce-secretsmanager', 'ok', []],
      ['endpoint', 'logs endpoint vpce-logs', 'ok', []],
      ['security-group', 'sg-task', 'ok', []],
      ['network-acl', 'acl-default', 'ok', []],
      ['dns', 'vpc-0abc DNS', 'ok', []],
      ['iam', 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole', 'ok', []],
    ]);
  });

  it('shows a working internet gateway as an ok hop, and a task without a public IP as a warning there', () => {
    const hopOf = (assignPublicIp: boolean) => {
      const { path } = diagnose({
        classification: aClassification('ecr_dkr_unreachable'),
        snapshot: aSnapshot().withPublicSubnets(assignPublicIp).build(),
        task,
      });
      return path.find((hop) => hop.kind === 'internet-gateway')?.status;
    };

    expect(hopOf(true)).toBe('ok');
    expect(hopOf(false)).not.toBe('ok');
  });

  it('tells a standalone task (no service) to start again without a force-new-deployment command', () => {
    const standalone = aStoppedTask({ serviceName: null });
    const fixOf = (subject: typeof task) =>
      diagnose({
        classification: aClassification('ecr_dkr_unreachable'),
        snapshot: aSnapshot().build(),
        task: subject,
      }).findings.find((finding) => finding.code === 'NO_PROBLEM_FOUND')?.fix;

    expect(fixOf(standalone)?.cli).toEqual([]);
    expect(fixOf(task)?.cli).toEqual([expect.stringContaining('--force-new-deployment')]);
  });

  it('shows services reached through NAT as ok with the reason', () => {
    const snapshot = aSnapshot('empty').withNatGateway().build();
    const { path, findings } = diagnose({ classification: aClassification('ecr_api_unreachable'), snapshot, task });
    const ecrApi = path.find((hop) => hop.label.startsWith('ecr.api'));
    expect(ecrApi).toMatchObject({ status: 'ok', findings: ['ECR_API_ENDPOINT_MISSING'] });
    expect(ecrApi?.detail).toMatch(/^reached through NAT\/internet/);
    expect(findings.every((finding) => finding.severity === 'info')).toBe(true);
  });

  it('says once what needs the logs endpoint, without doubled or nested wording', () => {
    // Prepare: the task definition uses the awslogs driver; the VPC has no logs endpoint.
    const snapshot = aSnapshot().withoutEndpoint('logs').build();

    // Act
    const { path, findings } = diagnose({ classification: aClassification('ecr_api_unreachable'), snapshot, task });

    // Assess
    const logs = path.find((hop) => hop.label.startsWith('logs'));
    const message = findings.find((finding) => finding.code === 'LOGS_ENDPOINT_MISSING')?.message ?? '';
    expect({ detail: logs?.detail, neededFor: logs?.neededFor, line: logs ? hopDetailLine(logs) : null }).toEqual({
      detail: 'no path',
      neededFor: ['awslogs driver (container web)'],
      line: 'no path; needed for awslogs driver (container web)',
    });
    expect({ doubled: message.split('awslogs driver').length - 1, nested: message.includes('(awslogs') }).toEqual({
      doubled: 1,
      nested: false,
    });
  });
});
