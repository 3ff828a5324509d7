/**
 * Short follow-up messages for an incident's life cycle, posted into the incident's Slack thread
 * (same `metadata.threadId` as the first alert): endpoints verified or not, service redeployed,
 * recovered, reopened, still failing.
 */
import type { Category } from '../classify/classification.js';
import type { AlertLanguage } from '../config.js';
import type { AccountPlace, Report } from '../report/report.js';
import { type AlertEnvelope, type AlertSeverity, accountAttributes, accountLabel } from './alert-envelope.js';
import { categoryLabel } from './build-alert.js';
import { CHATBOT_LIMITS, type ChatbotMessage } from './chatbot-message.js';
import { escapeSlackText, plainMetadataText, slackInlineCode } from './escape-slack.js';
import type { MessageKey } from './messages-en.js';
import { type Translate, formatDuration, translatorFor } from './messages.js';
import { toSnsSubject } from './sns-subject.js';

type IncidentUpdateKind = 'verified' | 'verify-failed' | 'redeployed' | 'recovered' | 'reopened' | 'still-failing';

interface IncidentUpdateEndpoint {
  id: string;
  service: string;
  state: string;
}

interface IncidentUpdate {
  kind: IncidentUpdateKind;
  /** The category the thread opened with (stored with the incident): one name per thread. */
  category?: Category | null;
  cluster: string;
  service: string | null;
  threadId: string;
  language: AlertLanguage;
  /** Hub mode only: the member account the incident is in. */
  account?: AccountPlace;
  details: {
    endpoints?: IncidentUpdateEndpoint[];
    timeToRecoverySeconds?: number;
    failureCount?: number;
    note?: string;
    report?: Report;
  };
}

const EVENT_TYPE_UPDATE = 'ecs-netfix.incident-update';
const MAX_ENDPOINTS_SHOWN = 12;

const UPDATE_SEVERITY: Record<IncidentUpdateKind, AlertSeverity> = {
  verified: 'info',
  'verify-failed': 'critical',
  redeployed: 'info',
  recovered: 'info',
  reopened: 'critical',
  'still-failing': 'warning',
};

const TITLE_KEYS: Record<IncidentUpdateKind, MessageKey> = {
  verified: 'update.verified.title',
  'verify-failed': 'update.verify-failed.title',
  redeployed: 'update.redeployed.title',
  recovered: 'update.recovered.title',
  reopened: 'update.reopened.title',
  'still-failing': 'update.still-failing.title',
};

/** An endpoint state to an icon: `available` is done, a failure state is broken, the rest wait. */
function endpointIcon(state: string): string {
  const normalised = state.toLowerCase();
  if (normalised === 'available') return '✅';
  if (['failed', 'rejected', 'deleted', 'deleting', 'expired'].includes(normalised)) return '❌';
  return '⏳';
}

function mainSentence(update: IncidentUpdate, name: string, t: Translate): string {
  const { kind, details } = update;
  switch (kind) {
    case 'recovered':
      return details.timeToRecoverySeconds === undefined
        ? t('update.recovered.plain', { name })
        : t('update.recovered.withDuration', {
            name,
            duration: formatDuration(details.timeToRecoverySeconds, t),
          });
    case 'verified':
      return t('update.verified.body', { name });
    case 'verify-failed':
      return t('update.verify-failed.body', { name });
    case 'redeployed':
      return t('update.redeployed.body', { name });
    case 'reopened':
      return t('update.reopened.body', { name });
    case 'still-failing':
      return t('update.still-failing.body', { name });
  }
}

function descriptionLines(update: IncidentUpdate, name: string, t: Translate): string[] {
  const { details } = update;
  let sentence = mainSentence(update, name, t);
  if (details.failureCount !== undefined && details.failureCount > 0) {
    sentence = `${sentence} ${t('update.failedTasks', { count: details.failureCount })}`;
  }
  const lines = [sentence];
  const category = update.category ?? details.report?.classification?.category;
  if (category !== undefined && category !== null && (update.kind === 'reopened' || update.kind === 'still-failing')) {
    lines.push(t('update.cause', { category: categoryLabel(category, t) }));
  }
  const endpoints = details.endpoints ?? [];
  if (endpoints.length > 0) {
    lines.push(t('update.endpoints'));
    for (const endpoint of endpoints.slice(0, MAX_ENDPOINTS_SHOWN)) {
      lines.push(
        t('update.endpoint', {
          icon: endpointIcon(endpoint.state),
          id: slackInlineCode(endpoint.id, 60),
          service: escapeSlackText(endpoint.service, 60),
          state: escapeSlackText(endpoint.state, 40),
        })
      );
    }
  }
  if (details.note !== undefined && details.note.trim() !== '') {
    lines.push(t('update.note', { note: escapeSlackText(details.note, 600) }));
  }
  return lines;
}

function metadataValue(value: string): string {
  return plainMetadataText(value, CHATBOT_LIMITS.metadataValueMax);
}

function buildIncidentUpdate(update: IncidentUpdate): AlertEnvelope {
  const t = translatorFor(update.language);
  const rawName = update.service ?? t('name.standalone', { cluster: update.cluster });
  const name = escapeSlackText(rawName, 80);
  const title = t(TITLE_KEYS[update.kind], { name });
  const accountLine =
    update.account === undefined
      ? []
      : [
          t('what.account', {
            account: slackInlineCode(accountLabel(update.account), 120),
            region: slackInlineCode(update.account.region, 40),
          }),
        ];
  const description = [...accountLine, ...descriptionLines(update, name, t)].join('\n');
  const severity = UPDATE_SEVERITY[update.kind];
  const endpointIds = (update.details.endpoints ?? []).map((endpoint) => metadataValue(endpoint.id));
  const context: Record<string, string> = {
    cluster: metadataValue(update.cluster),
    service: metadataValue(update.service ?? 'none'),
    outcome: update.kind,
  };
  if (update.account !== undefined) {
    context.account = update.account.accountId;
    context.region = update.account.region;
    if (update.account.alias !== null) context.accountAlias = metadataValue(update.account.alias);
  }
  if (update.details.failureCount !== undefined) context.failureCount = String(update.details.failureCount);
  if (update.details.timeToRecoverySeconds !== undefined) {
    context.timeToRecoverySeconds = String(Math.round(update.details.timeToRecoverySeconds));
  }
  const message: ChatbotMessage = {
    version: '1.0',
    source: 'custom',
    content: {
      textType: 'client-markdown',
      title,
      description: description.slice(0, CHATBOT_LIMITS.descriptionMax),
      keywords: [update.kind, ...(update.service === null ? [] : [escapeSlackText(update.service, 60)])],
    },
    metadata: {
      threadId: metadataValue(update.threadId),
      summary: escapeSlackText(title, CHATBOT_LIMITS.summaryMax),
      eventType: EVENT_TYPE_UPDATE,
      relatedResources: [...new Set(endpointIds)].slice(0, CHATBOT_LIMITS.relatedResourcesMax),
      additionalContext: context,
    },
  };
  const subjectName = `${update.service ?? 'standalone task'} (${update.cluster})`;
  return {
    message,
    subject: toSnsSubject(`[ecs-netfix] ${update.kind}: ${subjectName}`),
    attributes: { severity, outcome: update.kind, messageType: 'update', ...accountAttributes(update.account) },
  };
}

export { buildIncidentUpdate };
export type { IncidentUpdate, IncidentUpdateKind };
