import { describe, expect, it } from '@jest/globals';
import { toSnsMessageAttributes } from '../../../shared/alerts/alert-envelope.js';
import { buildIncidentAlert, severityForOutcome } from '../../../shared/alerts/build-alert.js';
import { CHATBOT_LIMITS } from '../../../shared/alerts/chatbot-message.js';
import { TRUNCATION_MARKER } from '../../../shared/alerts/escape-slack.js';
import { SUBJECT_MAX } from '../../../shared/alerts/sns-subject.js';
import type { Report } from '../../../shared/report/report.js';
import { assertValidChatbotMessage } from '../../helpers/chatbot-schema.js';
import {
  buildAlertOnlyReport,
  buildAppliedReport,
  buildFailedReport,
  buildFinding,
  buildNotNetworkReport,
  buildReport,
  buildTask,
} from './report-fixtures.js';

const THREAD = 'ecs-netfix:prod:web-api';

function alertFor(report: Report, language: 'en' | 'ko' = 'en', failureCount = 1) {
  const alert = buildIncidentAlert(report, { language, threadId: THREAD, failureCount });
  assertValidChatbotMessage(alert.message);
  assertValidChatbotMessage(JSON.stringify(alert.message));
  return alert;
}

describe('buildIncidentAlert', () => {
  it('shows the path as a compact hop diagram, first in the path section, the broken hop marked', () => {
    const text = alertFor(buildReport()).message.content.description;
    const section = text.slice(text.indexOf('*Path, hop by hop*'));

    expect(section.split('\n')[1]).toMatch(/^```task → ✓ subnet-\S+ \(eu-west-1a\) → ✗ rtb-\S+ ← broken$/);
    expect(section).toContain('├─ ✗ ecr.api endpoint ← broken');
  });

  it('keeps hostile hop labels inside the diagram code block (no mention, link or early close)', () => {
    const report = buildReport();
    report.path = [
      {
        kind: 'subnet',
        label: 'subnet-1 ```<!channel> *bold* <https://evil.example|click>',
        status: 'broken',
        detail: '',
        findings: [],
      },
      { kind: 'endpoint', label: 'ecr.api & <@U123>', status: 'ok', detail: '', findings: [] },
    ];

    const text = alertFor(report).message.content.description;
    const diagram = text.slice(text.indexOf('```task'), text.indexOf('```', text.indexOf('```task') + 3) + 3);

    expect(diagram.split('\n')).toHaveLength(2);
    expect(diagram).not.toMatch(/<!channel>|<@U123>|<https:/);
    expect(diagram).toContain('&lt;!channel&gt;');
    expect(diagram).toContain('ecr.api &amp; &lt;＠U123&gt;');
  });

  it('says what failed, why, the path, the plan and the fix for a dry run', () => {
    // Act
    const { message } = alertFor(buildReport());
    const text = message.content.description;

    // Assess
    expect(message.content.title).toBe('🚨 web-api: tasks cannot start (ECR API unreachable)');
    expect(text).toContain('Cluster `prod` · Service `web-api` · Task `0f1e2d3c4b5a69788796a5b4c3d2e1f0`');
    expect(text).toContain('dial tcp 52.94.17.10:443: i/o timeout');
    expect(text).toContain('Address `52.94.17.10` is public: private DNS is not in effect');
    expect(text).toContain('❌ ecr.api endpoint: missing');
    expect(text).toContain('✅ VPC DNS');
    expect(text).not.toContain('execution role');
    expect(text).toContain('*What ecs-netfix would do (dry run: nothing was changed)*');
    expect(text).toContain('com.amazonaws.eu-west-1.ecr.api in 2 subnets: about $16.06/month');
    expect(text).toContain('com.amazonaws.eu-west-1.s3 on rtb-0123456789abcdef0: free');
    expect(text).toContain('Total about $32.12/month; NAT gateways instead (one per AZ) would cost about $70.08/month');
    expect(text).toContain('prices as of 2026-11-01');
    expect(text).toContain('```aws ec2 create-vpc-endpoint --vpc-id vpc-0a1b2c3d4e5f60718 --vpc-endpoint-type Interface');
    expect(text).toContain(
      '```ecs-netfix diagnose --cluster prod --task 0f1e2d3c4b5a69788796a5b4c3d2e1f0\necs-netfix diagnose --cluster prod --task 0f1e2d3c4b5a69788796a5b4c3d2e1f0 --apply```'
    );
    expect(text).toContain(
      '<https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod/services/web-api/health?region=eu-west-1|Open in the ECS console>'
    );
    expect(text).not.toMatch(/\{\w+\}/);
  });

  it('fills metadata for threading, filtering and related resources', () => {
    // Act
    const { message, attributes, subject } = alertFor(buildReport(), 'en', 14);

    // Assess
    expect(message.metadata?.threadId).toBe(THREAD);
    expect(message.metadata?.eventType).toBe('ecs-netfix.incident');
    expect(message.metadata?.summary).toBe(
      'web-api (prod): ECR API unreachable. Dry run: a fix is planned, nothing was changed.'
    );
    expect(message.metadata?.relatedResources).toEqual([
      'vpc-0a1b2c3d4e5f60718',
      'subnet-0aaa1111bbbb2222c',
      'subnet-0ddd3333eeee4444f',
      'rtb-0123456789abcdef0',
    ]);
    expect(message.metadata?.additionalContext).toMatchObject({
      cluster: 'prod',
      service: 'web-api',
      outcome: 'would-fix',
      category: 'ecr_api_unreachable',
      dryRun: 'true',
      failureCount: '14',
    });
    expect(message.content.keywords).toEqual(['ecr_api_unreachable', 'would-fix', 'web-api', 'eu-west-1']);
    expect(message.content.nextSteps).toEqual([
      'Create an ecr.api interface endpoint with private DNS in both subnets.',
      'Create an ecr.dkr interface endpoint with private DNS in both subnets.',
      'Create an S3 gateway endpoint on the route table (free).',
    ]);
    expect(attributes).toEqual({ severity: 'critical', outcome: 'would-fix', messageType: 'incident' });
    expect(subject).toBe('[ecs-netfix] CRITICAL web-api (prod): would-fix, ecr_api_unreachable');
  });

  it('counts the failed tasks in one alert per problem', () => {
    // Act
    const { message } = alertFor(buildReport(), 'en', 14);

    // Assess
    expect(message.content.title).toBe('🚨 web-api: 14 tasks failed to start (ECR API unreachable)');
    expect(message.content.description).toContain(
      '14 tasks failed with this problem (one alert per problem rather than one per failed task).'
    );
  });

  it('lists created endpoints with their IDs and states after apply, and no manual fix for them', () => {
    // Act
    const { message, attributes } = alertFor(buildAppliedReport());
    const text = message.content.description;

    // Assess
    expect(text).toContain('*What ecs-netfix did*');
    expect(text).toContain(
      '✅ Create interface endpoint com.amazonaws.eu-west-1.ecr.api in 2 subnets: created, `vpce-0aaaabbbbccccdddd`, state pending'
    );
    expect(text).toContain(
      '☑️ Create gateway endpoint com.amazonaws.eu-west-1.s3 on rtb-0123456789abcdef0: already in place, `vpce-0222233334444555`, state available'
    );
    expect(text).toContain('Added cost about $32.12/month');
    expect(text).not.toContain('dry run');
    expect(text).not.toContain('ECR_API_ENDPOINT_MISSING');
    expect(message.content.nextSteps).toBeUndefined();
    expect(message.metadata?.relatedResources).toContain('vpce-0aaaabbbbccccdddd');
    expect(message.metadata?.additionalContext?.dryRun).toBe('false');
    expect(attributes.severity).toBe('warning');
  });

  it.each([
    [
      'en',
      '🔧 Fixed: web-api: the missing endpoints were created (ECR API unreachable)',
      'Category: ECR API unreachable `ecr_api_unreachable`',
      "This task's stop reason names: image layers in S3 unreachable",
      'web-api (prod): ECR API unreachable.',
    ],
    [
      'ko',
      '(ECR API에 연결할 수 없음)',
      '분류: ECR API에 연결할 수 없음 `ecr_api_unreachable`',
      '이 태스크의 중지 사유가 가리키는 것: S3의 이미지 레이어에 연결할 수 없음',
      'ECR API에 연결할 수 없음',
    ],
  ] as const)(
    "names the thread by the category it opened with, not the later task's (%s)",
    (language, title, why, thisTask, summary) => {
      // Prepare: the thread opened on ecr.api; the task that led the fix named the S3 layers.
      const report = buildAppliedReport();
      report.classification = {
        ...(report.classification as NonNullable<Report['classification']>),
        category: 's3_layer_unreachable',
      };

      // Act
      const alert = buildIncidentAlert(report, {
        language,
        threadId: THREAD,
        failureCount: 2,
        threadCategory: 'ecr_api_unreachable',
      });
      assertValidChatbotMessage(alert.message);
      const { content, metadata } = alert.message;

      // Assess
      expect({
        title: content.title.includes(title),
        why: content.description.includes(why),
        thisTask: content.description.includes(thisTask),
        summary: metadata?.summary?.includes(summary),
      }).toEqual({
        title: true,
        why: true,
        thisTask: true,
        summary: true,
      });
    }
  );

  it("adds no second category line when the task names the thread's own category", () => {
    // Act
    const alert = buildIncidentAlert(buildAppliedReport(), {
      language: 'en',
      threadId: THREAD,
      failureCount: 1,
      threadCategory: 'ecr_api_unreachable',
    });

    // Assess
    expect(alert.message.content.description).not.toContain("This task's stop reason names");
  });

  it('shows the failed step with its reason and keeps its manual fix', () => {
    // Act
    const { message, attributes } = alertFor(buildFailedReport());
    const text = message.content.description;

    // Assess
    expect(text).toContain(
      '❌ Create interface endpoint com.amazonaws.eu-west-1.ecr.dkr in 2 subnets: failed, reason: CreateVpcEndpoint failed for com.amazonaws.eu-west-1.ecr.dkr in vpc-0a1b2c3d4e5f60718: VpcEndpointLimitExceeded'
    );
    expect(text).toContain('`ECR_DKR_ENDPOINT_MISSING`');
    expect(text).not.toContain('`ECR_API_ENDPOINT_MISSING`');
    expect(attributes).toEqual({ severity: 'critical', outcome: 'partially-fixed', messageType: 'incident' });
  });

  it('tells a person what to change when only a person can fix it', () => {
    // Act
    const { message } = alertFor(buildAlertOnlyReport());
    const text = message.content.description;

    // Assess
    expect(text).toContain('Nothing was changed: these problems need a person.');
    expect(text).toContain('Address `10.0.12.34` is private');
    expect(text).toContain('A new endpoint would not help.');
    expect(text).toContain('--group-id sg-0fedcba9876543210 --protocol tcp --port 443');
    expect(text).not.toContain('Total about');
    expect(message.content.nextSteps).toEqual(['Allow TCP 443 from sg-0123456789abcdef0 on sg-0fedcba9876543210.']);
  });

  it('says no network change helps when the image is missing', () => {
    // Act
    const { message, attributes } = alertFor(buildNotNetworkReport());
    const text = message.content.description;

    // Assess
    expect(message.content.title).toBe('🚨 web-api: tasks cannot start (image not found)');
    expect(text).toContain('This is not a network problem: no VPC endpoint or NAT gateway fixes it.');
    expect(text).toContain('web-api:missing: not found');
    expect(text).toContain('No network path was inspected.');
    expect(attributes.outcome).toBe('not-network');
  });

  it('renders a standalone task without a service', () => {
    // Act
    const { message, subject } = alertFor(buildReport({ task: buildTask({ service: null, group: 'family:batch' }) }));

    // Assess
    expect(message.content.title).toBe('🚨 standalone task in prod: tasks cannot start (ECR API unreachable)');
    expect(message.content.description).toContain('(standalone task)');
    expect(message.content.description).toContain('/clusters/prod/tasks/0f1e2d3c4b5a69788796a5b4c3d2e1f0/configuration');
    expect(message.metadata?.additionalContext?.service).toBe('none');
    expect(subject).toContain('standalone task (prod)');
  });

  it('renders in Korean with the same structure', () => {
    // Act
    const { message, subject } = alertFor(buildReport(), 'ko', 3);
    const text = message.content.description;

    // Assess
    expect(message.content.title).toBe('🚨 web-api: 태스크 3개가 시작에 실패했습니다 (ECR API에 연결할 수 없음)');
    expect(text).toContain('*무엇이 실패했나요*');
    expect(text).toContain('*원인*');
    expect(text).toContain('*직접 해결하는 방법*');
    expect(text).toContain('합계 월 약 $32.12');
    expect(text).toContain('ecs-netfix diagnose --cluster prod');
    expect(text).not.toMatch(/\{\w+\}/);
    expect(subject).toMatch(/^[\x20-\x7E]+$/);
  });
});

describe('buildIncidentAlert with hostile input', () => {
  const HOSTILE = '<!channel> *bold* _it_ ~x~ `code` ``` & <@U123> <https://evil.example|click> @here';

  function hostileReport(): Report {
    const base = buildReport();
    return buildReport({
      task: buildTask({ service: `svc${HOSTILE}`, cluster: `c${HOSTILE}`, stoppedReason: `${HOSTILE} ${'A'.repeat(60_000)}` }),
      path: base.path.map((hop) => ({ ...hop, label: `${hop.label} ${HOSTILE}`, detail: HOSTILE })),
      findings: base.findings.map((finding) =>
        buildFinding({
          ...finding,
          message: HOSTILE,
          resources: [...finding.resources, HOSTILE],
          fix: { ...finding.fix, summary: HOSTILE, cli: [`${HOSTILE}\n`.repeat(200)] },
        })
      ),
      unknowns: [HOSTILE],
      note: HOSTILE,
    });
  }

  it('lets no mention, link or fence through and stays within the limits', () => {
    for (const language of ['en', 'ko'] as const) {
      // Act
      const { message, subject } = alertFor(hostileReport(), language, 2);
      const everything = JSON.stringify(message);

      // Assess
      expect(everything).not.toMatch(/<!channel>|<!here>|<@U123>|<https:\/\/evil/);
      expect(everything).not.toMatch(/(?<!＠)@here/);
      expect(message.content.description.length).toBeLessThanOrEqual(CHATBOT_LIMITS.descriptionMax);
      expect(message.content.description).toContain(TRUNCATION_MARKER);
      expect((message.content.description.match(/```/g) ?? []).length % 2).toBe(0);
      expect(message.content.title).not.toMatch(/[*`<]/);
      expect(subject.length).toBeLessThanOrEqual(SUBJECT_MAX);
      expect(subject).toMatch(/^[\x20-\x7E]+$/);
    }
  });

  it('names the image once in the path, under what needs each service', () => {
    // Prepare: three ECR hops and the logs hop, each carrying what needs it.
    const image = 'image 123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:latest (container app)';
    const base = buildReport();
    const report = buildReport({
      path: [
        ...base.path,
        {
          kind: 'endpoint',
          label: 's3 (no gateway endpoint)',
          status: 'broken',
          detail: 'no path',
          findings: [],
          neededFor: [image],
        },
        {
          kind: 'endpoint',
          label: 'ecr.api (no endpoint)',
          status: 'broken',
          detail: 'no path',
          findings: [],
          neededFor: [image, 'named by the stop reason'],
        },
        {
          kind: 'endpoint',
          label: 'ecr.dkr (no endpoint)',
          status: 'broken',
          detail: 'no path',
          findings: [],
          neededFor: [image],
        },
        {
          kind: 'endpoint',
          label: 'logs (no endpoint)',
          status: 'broken',
          detail: 'no path',
          findings: [],
          neededFor: ['awslogs driver (container app)'],
        },
      ],
    });

    // Act
    const text = alertFor(report).message.content.description;

    // Assess
    expect({
      imageMentions: text.split('web:latest').length - 1,
      lines: text.split('\n').filter((line) => line.startsWith('• ') && !line.includes('$')),
    }).toMatchObject({
      imageMentions: 1,
      lines: expect.arrayContaining([
        '• s3, ecr.api, ecr.dkr: image 123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:latest (container app)',
        '• ecr.api: named by the stop reason',
        '• logs: awslogs driver (container app)',
      ]),
    });
  });

  it('cuts the path, not the commands to fix by hand, when space runs out', () => {
    // Prepare: a path far longer than the whole description may be.
    const base = buildReport();
    const longPath = Array.from({ length: 60 }, (_, index) => ({
      kind: 'endpoint' as const,
      label: `svc${index} (no endpoint)`,
      status: 'broken' as const,
      detail: `no path ${'x'.repeat(80)}`,
      findings: [],
    }));

    // Act
    const text = alertFor(buildReport({ path: longPath })).message.content.description;
    const fixSection = (description: string) => description.slice(description.indexOf('*How to fix by hand*')).split('\n\n')[0];

    // Assess: the commands to fix by hand are those of a short path; the path carries the cut.
    const short = alertFor(base).message.content.description;
    expect({
      fix: fixSection(text),
      pathCut: text.slice(text.indexOf('*Path, hop by hop*')).includes(TRUNCATION_MARKER),
      fits: text.length <= CHATBOT_LIMITS.descriptionMax,
    }).toEqual({ fix: fixSection(short), pathCut: true, fits: true });
  });

  it('still shows every section when one of them is huge', () => {
    // Act
    const { message } = alertFor(hostileReport());

    // Assess
    for (const heading of ['*What failed*', '*Why*', '*Path, hop by hop*', '*How to fix by hand*']) {
      expect(message.content.description).toContain(heading);
    }
    expect(message.content.description).toContain('*1.* `ECR_API_ENDPOINT_MISSING`');
    expect(message.content.description).toContain('ecs-netfix diagnose --cluster');
  });

  it('quotes a cluster name for the shell in the diagnose command', () => {
    // Act
    const { message } = alertFor(buildReport({ task: buildTask({ cluster: "my cluster; rm -rf ~ 'x'" }) }));

    // Assess
    expect(message.content.description).toContain("ecs-netfix diagnose --cluster 'my cluster; rm -rf ~ '\\''x'\\''' --task");
  });
});

describe('severityForOutcome', () => {
  it('is critical while tasks cannot start and nothing fixed them', () => {
    expect(
      ['would-fix', 'alert-only', 'failed', 'partially-fixed', 'not-network'].map((o) =>
        severityForOutcome(o as Report['outcome'])
      )
    ).toEqual(['critical', 'critical', 'critical', 'critical', 'critical']);
  });

  it('is info when there is nothing to do', () => {
    expect(severityForOutcome('healthy')).toBe('info');
    expect(severityForOutcome('deduplicated')).toBe('info');
  });
});

describe('toSnsMessageAttributes', () => {
  it('gives SNS string attributes that subscription filter policies can match', () => {
    expect(toSnsMessageAttributes({ severity: 'critical', outcome: 'would-fix', messageType: 'incident' })).toEqual({
      severity: { DataType: 'String', StringValue: 'critical' },
      outcome: { DataType: 'String', StringValue: 'would-fix' },
      messageType: { DataType: 'String', StringValue: 'incident' },
    });
  });
});

describe('buildIncidentAlert in hub mode (issue 15)', () => {
  const MEMBER = { accountId: '210987654321', alias: 'payments-prod', region: 'us-east-2' };

  it('names the member account, its alias and region in the text, the context and the SNS attributes', () => {
    const alert = alertFor({ ...buildAppliedReport(), account: MEMBER });

    expect(alert.message.content.description).toContain('Account `210987654321 (payments-prod)` · Region `us-east-2`');
    expect(alert.message.metadata?.additionalContext).toMatchObject({
      account: '210987654321',
      accountAlias: 'payments-prod',
      region: 'us-east-2',
    });
    expect(toSnsMessageAttributes(alert.attributes)).toMatchObject({
      account: { DataType: 'String', StringValue: '210987654321' },
      region: { DataType: 'String', StringValue: 'us-east-2' },
    });
  });

  it('gives the id alone when the alias could not be read, in Korean too', () => {
    const alert = alertFor({ ...buildReport(), account: { ...MEMBER, alias: null } }, 'ko');

    expect(alert.message.content.description).toContain('계정 `210987654321` · 리전 `us-east-2`');
    expect(alert.message.metadata?.additionalContext).not.toHaveProperty('accountAlias');
  });

  it('escapes a hostile alias like any other value from AWS', () => {
    const alert = alertFor({ ...buildReport(), account: { ...MEMBER, alias: 'x`<!channel>' } });

    expect(alert.message.content.description).not.toContain('<!channel>');
  });

  it('adds no account line or attribute for a single-account deployment', () => {
    const alert = alertFor(buildAppliedReport());

    expect(alert.message.content.description).not.toMatch(/Account /);
    expect(alert.attributes).not.toHaveProperty('account');
    expect(alert.attributes).not.toHaveProperty('region');
  });
});
