/**
 * Golden alerts: every alert kind, in English and Korean, exactly as published to SNS (subject,
 * message attributes, and the Chatbot message body), compared with a reviewed file under
 * tests/golden/alerts/. A change in wording or layout shows up as a diff to review.
 *
 * After a deliberate change, rewrite the files and review the diff:
 *   UPDATE_GOLDEN=1 npm test -- tests/unit/alerts/golden-alerts.test.ts --selectProjects unit
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import type { AlertEnvelope } from '../../../shared/alerts/alert-envelope.js';
import { buildIncidentAlert } from '../../../shared/alerts/build-alert.js';
import { type IncidentUpdateKind, buildIncidentUpdate } from '../../../shared/alerts/build-update.js';
import { CHATBOT_LIMITS } from '../../../shared/alerts/chatbot-message.js';
import type { AlertLanguage } from '../../../shared/config.js';
import type { Report } from '../../../shared/report/report.js';
import { createNatGatewayCli, createNatRouteCli } from '../../../shared/diagnosis/fix-commands.js';
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

const GOLDEN_DIR = new URL('../../golden/alerts/', import.meta.url);
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const THREAD = 'ecs-netfix:prod:web-api';

const INCIDENTS: Record<string, () => Report> = {
  'incident-would-fix': () => buildReport(),
  'incident-fixed': () => buildAppliedReport(),
  'incident-fix-failed': () => buildFailedReport(),
  'incident-alert-only': () => buildAlertOnlyReport(),
  'incident-not-network': () => buildNotNetworkReport(),
  'incident-public-registry': () => publicRegistryReport(),
};

/** Docker Hub from a private subnet without NAT: no endpoint exists for docker.io. */
function publicRegistryReport(): Report {
  const base = buildReport();
  if (base.classification === null) throw new Error('fixture');
  const stoppedReason =
    'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref docker.io/library/nginx:1.27: failed to do request: Head "https://registry-1.docker.io/v2/library/nginx/manifests/1.27": dial tcp 54.236.113.205:443: i/o timeout';
  return buildReport({
    outcome: 'alert-only',
    task: buildTask({ stoppedReason }),
    classification: {
      category: 'public_registry_unreachable',
      service: null,
      evidence: {
        ...base.classification.evidence,
        text: stoppedReason,
        hosts: ['registry-1.docker.io'],
        ip: '54.236.113.205',
        ipScope: 'public',
      },
      endpointFixable: false,
    },
    findings: [
      buildFinding({
        code: 'NO_EGRESS_ROUTE',
        message:
          'The task needs the internet (image nginx:1.27 is in a public registry), but rtb-0123456789abcdef0 has no 0.0.0.0/0 route.',
        resources: ['rtb-0123456789abcdef0'],
        fix: {
          summary: 'Create a NAT gateway in a public subnet and route 0.0.0.0/0 of the task route tables to it.',
          console: [],
          cli: [createNatGatewayCli('eu-west-1', null), createNatRouteCli('eu-west-1', 'rtb-0123456789abcdef0', null)],
          automatic: false,
        },
        service: undefined,
      }),
    ],
    path: [],
    actions: [],
    cost: null,
  });
}

const UPDATES: Record<IncidentUpdateKind, Parameters<typeof buildIncidentUpdate>[0]['details']> = {
  verified: {
    endpoints: [
      { id: 'vpce-0api', service: 'ecr.api', state: 'available' },
      { id: 'vpce-0dkr', service: 'ecr.dkr', state: 'available' },
    ],
  },
  'verify-failed': {
    endpoints: [
      { id: 'vpce-0api', service: 'ecr.api', state: 'available' },
      { id: 'vpce-0dkr', service: 'ecr.dkr', state: 'failed' },
    ],
  },
  redeployed: {},
  recovered: { timeToRecoverySeconds: 161, failureCount: 14 },
  reopened: { failureCount: 2, report: buildReport() },
  'still-failing': { failureCount: 3, report: buildReport() },
};

function envelopes(language: AlertLanguage): [string, AlertEnvelope][] {
  const incidents = Object.entries(INCIDENTS).map(([kind, report]): [string, AlertEnvelope] => [
    kind,
    buildIncidentAlert(report(), { language, threadId: THREAD, failureCount: 14 }),
  ]);
  const updates = Object.entries(UPDATES).map(([kind, details]): [string, AlertEnvelope] => [
    `update-${kind}`,
    buildIncidentUpdate({
      kind: kind as IncidentUpdateKind,
      cluster: 'prod',
      service: 'web-api',
      threadId: THREAD,
      language,
      details,
    }),
  ]);
  return [...incidents, ...updates];
}

/** The SNS Publish input as the publisher sends it: subject, attributes, and the exact body. */
function snsMessage(envelope: AlertEnvelope): string {
  const published = {
    Subject: envelope.subject,
    MessageAttributes: envelope.attributes,
    Message: JSON.stringify(envelope.message),
  };
  // The body is also shown parsed, so a reviewer reads the alert, not an escaped string.
  return `${JSON.stringify({ ...published, MessageParsed: envelope.message }, null, 2)}\n`;
}

describe('golden alerts', () => {
  for (const language of ['en', 'ko'] as const) {
    for (const [kind, envelope] of envelopes(language)) {
      it(`${kind} (${language}) matches tests/golden/alerts/${kind}.${language}.json`, () => {
        assertValidChatbotMessage(envelope.message);
        expect(envelope.message.content.description.length).toBeLessThanOrEqual(CHATBOT_LIMITS.descriptionMax);
        const file = new URL(`${kind}.${language}.json`, GOLDEN_DIR);
        const actual = snsMessage(envelope);
        if (UPDATE || !existsSync(file)) {
          if (!UPDATE) throw new Error(`no golden file ${file.pathname}: run with UPDATE_GOLDEN=1 and review it`);
          mkdirSync(GOLDEN_DIR, { recursive: true });
          writeFileSync(file, actual);
        }
        expect(actual).toBe(readFileSync(file, 'utf8'));
      });
    }
  }

  it('says what happened in every title: failed, fixed, verified, redeployed, recovered, reopened', () => {
    const titles = Object.fromEntries(envelopes('en').map(([kind, envelope]) => [kind, envelope.message.content.title]));
    expect(titles['incident-would-fix']).toMatch(/14 tasks failed to start/);
    expect(titles['incident-fixed']).toMatch(/^🔧 Fixed: /);
    expect(titles['incident-fixed']).not.toMatch(/failed/);
    expect(titles['update-verified']).toMatch(/Verified/);
    expect(titles['update-redeployed']).toMatch(/Redeployed/);
    expect(titles['update-recovered']).toMatch(/Recovered/);
    expect(titles['update-reopened']).toMatch(/Reopened/);
  });

  it('offers --apply and the private-DNS explanation only where they can help', () => {
    const alertOnly = buildIncidentAlert(buildAlertOnlyReport(), { language: 'en', threadId: THREAD, failureCount: 1 });
    expect(alertOnly.message.content.description).not.toContain('--apply');
    const hub = buildIncidentAlert(publicRegistryReport(), { language: 'en', threadId: THREAD, failureCount: 1 }).message.content
      .description;
    expect(hub).not.toMatch(/--apply|private DNS|creates VPC endpoints/);
    expect(hub).toContain('no VPC endpoint exists for it');
    const dryRun = buildIncidentAlert(buildReport(), { language: 'en', threadId: THREAD, failureCount: 1 });
    expect(dryRun.message.content.description).toContain('--apply');
  });
});
