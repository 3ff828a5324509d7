import { describe, expect, it } from '@jest/globals';
import { buildIncidentUpdate, type IncidentUpdate } from '../../../shared/alerts/build-update.js';
import { assertValidChatbotMessage } from '../../helpers/chatbot-schema.js';
import { buildReport } from './report-fixtures.js';

const THREAD = 'ecs-netfix:prod:web-api';

function updateFor(overrides: Partial<IncidentUpdate>) {
  const update = buildIncidentUpdate({
    kind: 'recovered',
    cluster: 'prod',
    service: 'web-api',
    threadId: THREAD,
    language: 'en',
    details: {},
    ...overrides,
  });
  assertValidChatbotMessage(update.message);
  return update;
}

describe('buildIncidentUpdate', () => {
  it('reports recovery with the time to recover and the failure count', () => {
    // Act
    const { message, attributes, subject } = updateFor({
      details: { timeToRecoverySeconds: 161, failureCount: 14 },
    });

    // Assess
    expect(message.content.title).toBe('✅ Recovered: web-api');
    expect(message.content.description).toBe(
      'Service web-api is running again, 2 min 41 s after the first failure. (14 tasks failed)'
    );
    expect(message.metadata?.threadId).toBe(THREAD);
    expect(message.metadata?.eventType).toBe('ecs-netfix.incident-update');
    expect(message.metadata?.additionalContext).toMatchObject({ outcome: 'recovered', timeToRecoverySeconds: '161' });
    expect(attributes).toEqual({ severity: 'info', outcome: 'recovered', messageType: 'update' });
    expect(subject).toBe('[ecs-netfix] recovered: web-api (prod)');
  });

  it('reports recovery in Korean', () => {
    // Act
    const { message } = updateFor({ language: 'ko', details: { timeToRecoverySeconds: 161, failureCount: 14 } });

    // Assess
    expect(message.content.title).toBe('✅ 복구됨: web-api');
    expect(message.content.description).toBe(
      '서비스 web-api이(가) 첫 실패 후 2분 41초 만에 다시 실행 중입니다. (실패한 태스크 14개)'
    );
  });

  it.each([
    ['en', 'Cause: ECR API unreachable'],
    ['ko', 'ECR API에 연결할 수 없음'],
  ] as const)('names the cause by the category the thread opened with (%s)', (language, cause) => {
    // Act: the incident opened on ecr.api; the report of a later failure named the S3 layers.
    const report = buildReport();
    report.classification = {
      ...(report.classification as NonNullable<typeof report.classification>),
      category: 's3_layer_unreachable',
    };
    const { message } = updateFor({ kind: 'still-failing', language, category: 'ecr_api_unreachable', details: { report } });

    // Assess
    expect(message.content.description.split('\n')[1]).toContain(cause);
  });

  it('lists endpoint states when verification fails', () => {
    // Act
    const { message, attributes } = updateFor({
      kind: 'verify-failed',
      details: {
        endpoints: [
          { id: 'vpce-0aaaabbbbccccdddd', service: 'ecr.api', state: 'available' },
          { id: 'vpce-0eeeeffff00001111', service: 'ecr.dkr', state: 'pending' },
          { id: 'vpce-0222233334444555', service: 'logs', state: 'failed' },
        ],
        note: 'ecr.dkr still pending after 120 s',
      },
    });

    // Assess
    expect(message.content.title).toBe('❌ Verification failed: web-api');
    expect(message.content.description).toContain('✅ `vpce-0aaaabbbbccccdddd` (ecr.api): available');
    expect(message.content.description).toContain('⏳ `vpce-0eeeeffff00001111` (ecr.dkr): pending');
    expect(message.content.description).toContain('❌ `vpce-0222233334444555` (logs): failed');
    expect(message.content.description).toContain('Note: ecr.dkr still pending after 120 s');
    expect(message.metadata?.relatedResources).toEqual([
      'vpce-0aaaabbbbccccdddd',
      'vpce-0eeeeffff00001111',
      'vpce-0222233334444555',
    ]);
    expect(attributes.severity).toBe('critical');
  });

  it('names the cause when the incident reopens', () => {
    // Act
    const { message, attributes } = updateFor({ kind: 'reopened', details: { report: buildReport(), failureCount: 3 } });

    // Assess
    expect(message.content.title).toBe('🚨 Reopened: web-api fails again');
    expect(message.content.description).toContain('Cause: ECR API unreachable');
    expect(attributes).toMatchObject({ severity: 'critical', outcome: 'reopened' });
  });

  it('renders every kind in both languages as a valid Chatbot message', () => {
    for (const kind of ['verified', 'verify-failed', 'redeployed', 'recovered', 'reopened', 'still-failing'] as const) {
      for (const language of ['en', 'ko'] as const) {
        const { message } = updateFor({ kind, language, service: null });
        expect(message.content.description).not.toMatch(/\{\w+\}/);
        expect(message.content.title).toContain('prod');
      }
    }
  });

  it('escapes a hostile service name and note', () => {
    // Act
    const { message, subject } = updateFor({
      kind: 'still-failing',
      service: 'web <!channel> *x*',
      details: { note: '<@U123> `rm` & @here' },
    });

    // Assess
    const everything = JSON.stringify(message);
    expect(everything).not.toMatch(/<!channel>|<@U123>|(?<!＠)@here/);
    expect(message.content.title).toBe('⚠️ Still failing: web &lt;!channel&gt; ∗x∗');
    expect(subject).toMatch(/^[\x20-\x7E]{1,99}$/);
  });
});

describe('buildIncidentUpdate in hub mode (issue 15)', () => {
  it('names the member account and region in the thread message and its attributes', () => {
    const update = updateFor({ account: { accountId: '210987654321', alias: null, region: 'us-east-2' } });

    expect(update.message.content.description.split('\n')[0]).toBe('Account `210987654321` · Region `us-east-2`');
    expect(update.attributes).toMatchObject({ account: '210987654321', region: 'us-east-2', messageType: 'update' });
  });

  it('adds nothing for a single-account deployment', () => {
    expect(updateFor({}).attributes).toEqual({ severity: 'info', outcome: 'recovered', messageType: 'update' });
  });
});
