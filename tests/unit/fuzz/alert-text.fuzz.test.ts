/**
 * Hostile stop reasons, service and cluster names through the alert builder: whatever the input,
 * the Chatbot message stays valid, nothing from the input can ping (`<!channel>`, `<@U…>`) or open
 * a link (`<https://evil|…>`), every `&`, `<`, `>` that reaches the text is an entity or one of the
 * builder's own console links, and every field stays within CHATBOT_LIMITS.
 */
import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { buildIncidentAlert } from '../../../shared/alerts/build-alert.js';
import { CHATBOT_LIMITS } from '../../../shared/alerts/chatbot-message.js';
import { classifyTaskFailure } from '../../../shared/classify/classify.js';
import { assertValidChatbotMessage } from '../../helpers/chatbot-schema.js';
import { buildAlertOnlyReport, buildReport, buildTask } from '../alerts/report-fixtures.js';
import { hostileText } from './hostile-values.js';

/** The only `<` the builder writes itself: a console link. */
const OWN_LINK = /<https:\/\/[a-z0-9.-]*console\.aws\.amazon\.com\/[^\s<>|]*\|[^<>]*>/g;

/** Names as ECS allows them (the hostile-name cases are the known bugs at the end). */
const ecsName = fc.stringMatching(/^[A-Za-z0-9_-]{1,255}$/);

function textsOf(message: ReturnType<typeof buildIncidentAlert>['message']): string[] {
  return [
    message.content.title,
    message.content.description,
    ...(message.content.nextSteps ?? []),
    ...(message.content.keywords ?? []),
    message.metadata?.summary ?? '',
  ];
}

describe('buildIncidentAlert on hostile text', () => {
  it('escapes everything taken from the event and stays within the limits', () => {
    fc.assert(
      fc.property(
        hostileText,
        ecsName,
        ecsName,
        fc.constantFrom('en' as const, 'ko' as const),
        fc.boolean(),
        fc.integer({ min: 1, max: 10_000 }),
        (reason, service, cluster, language, alertOnly, failureCount) => {
          // Prepare
          const task = buildTask({ stoppedReason: reason, service, cluster, group: `service:${service}` });
          const classification = classifyTaskFailure(reason, [reason]);
          const report = alertOnly ? { ...buildAlertOnlyReport(), task, classification } : buildReport({ task, classification });

          // Act
          const alert = buildIncidentAlert(report, { language, threadId: `ecs-netfix/${cluster}`.slice(0, 200), failureCount });

          // Assess
          const message = alert.message;
          assertValidChatbotMessage(message);
          for (const text of textsOf(message)) {
            const withoutOwnLinks = text.replace(OWN_LINK, '');
            expect(withoutOwnLinks).not.toMatch(/[<>]/);
            expect(withoutOwnLinks).not.toMatch(/&(?!amp;|lt;|gt;)/);
            expect(text).not.toMatch(/<[!@#]/);
          }
          expect(message.content.title.length).toBeLessThanOrEqual(CHATBOT_LIMITS.titleMax);
          expect(message.content.description.length).toBeLessThanOrEqual(CHATBOT_LIMITS.descriptionMax);
          expect((message.content.nextSteps ?? []).length).toBeLessThanOrEqual(CHATBOT_LIMITS.nextStepsMax);
          for (const step of message.content.nextSteps ?? []) expect(step.length).toBeLessThanOrEqual(CHATBOT_LIMITS.nextStepMax);
          expect((message.content.keywords ?? []).length).toBeLessThanOrEqual(CHATBOT_LIMITS.keywordsMax);
          for (const keyword of message.content.keywords ?? [])
            expect(keyword.length).toBeLessThanOrEqual(CHATBOT_LIMITS.keywordMax);
          expect((message.metadata?.summary ?? '').length).toBeLessThanOrEqual(CHATBOT_LIMITS.summaryMax);
          for (const value of Object.values(message.metadata?.additionalContext ?? {})) {
            expect(value.length).toBeLessThanOrEqual(CHATBOT_LIMITS.metadataValueMax);
          }
        }
      ),
      { numRuns: 1_200 }
    );
  }, 30_000);

  // The intake now rejects service names ECS would not accept, but the alert builder must hold on
  // its own: a name that escapes to nothing must not leave an empty keyword (Chatbot would drop
  // the message silently), and a lone surrogate must not make the console link throw.
  it('gives a valid message when the service name escapes to nothing', () => {
    const task = buildTask({ service: '\u0000', group: 'service:\u0000' });

    const alert = buildIncidentAlert(buildReport({ task }), { language: 'en', threadId: 'ecs-netfix/x', failureCount: 1 });

    assertValidChatbotMessage(alert.message);
  });

  it('gives a valid message when the service name holds a lone surrogate', () => {
    const task = buildTask({ service: 'web\uD800', group: 'service:web\uD800' });

    const alert = buildIncidentAlert(buildReport({ task }), { language: 'en', threadId: 'ecs-netfix/x', failureCount: 1 });

    assertValidChatbotMessage(alert.message);
  });
});
