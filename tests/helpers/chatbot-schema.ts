/**
 * JSON schema of the AWS Chatbot (Amazon Q Developer in chat applications) custom notification,
 * from https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html: `version` "1.0"
 * and `source` "custom" are required, `content.description` is required, `textType` can only be
 * `client-markdown`, `additionalContext` maps strings to strings. Chatbot drops a message that
 * does not match without an error, so every payload a test builds goes through
 * `assertValidChatbotMessage`. Unknown properties are rejected here (stricter than Chatbot) to
 * catch typos such as `nextstep`. The length bounds are ours (shared/alerts/chatbot-message.ts).
 */
import { Ajv } from 'ajv';
import { CHATBOT_LIMITS } from '../../shared/alerts/chatbot-message.js';

const nonEmptyString = { type: 'string', minLength: 1 } as const;

const CHATBOT_MESSAGE_SCHEMA = {
  $id: 'https://github.com/ecs-netfix/schemas/chatbot-custom-notification.json',
  type: 'object',
  required: ['version', 'source', 'content'],
  additionalProperties: false,
  properties: {
    version: { const: '1.0' },
    source: { const: 'custom' },
    id: nonEmptyString,
    content: {
      type: 'object',
      required: ['description'],
      additionalProperties: false,
      properties: {
        textType: { const: 'client-markdown' },
        title: { type: 'string', minLength: 1, maxLength: CHATBOT_LIMITS.titleMax },
        description: { type: 'string', minLength: 1, maxLength: CHATBOT_LIMITS.descriptionMax },
        nextSteps: {
          type: 'array',
          maxItems: CHATBOT_LIMITS.nextStepsMax,
          items: { type: 'string', minLength: 1, maxLength: CHATBOT_LIMITS.nextStepMax },
        },
        keywords: {
          type: 'array',
          maxItems: CHATBOT_LIMITS.keywordsMax,
          items: { type: 'string', minLength: 1, maxLength: CHATBOT_LIMITS.keywordMax },
        },
      },
    },
    metadata: {
      type: 'object',
      additionalProperties: false,
      properties: {
        threadId: { type: 'string', minLength: 1, maxLength: CHATBOT_LIMITS.metadataValueMax },
        summary: { type: 'string', minLength: 1, maxLength: CHATBOT_LIMITS.summaryMax },
        eventType: nonEmptyString,
        relatedResources: {
          type: 'array',
          maxItems: CHATBOT_LIMITS.relatedResourcesMax,
          items: { type: 'string', minLength: 1, maxLength: CHATBOT_LIMITS.metadataValueMax },
        },
        additionalContext: {
          type: 'object',
          additionalProperties: { type: 'string', maxLength: CHATBOT_LIMITS.metadataValueMax },
        },
      },
    },
  },
} as const;

/** SNS refuses messages over 256 KB. */
const SNS_MESSAGE_MAX_BYTES = 262_144;

const ajv = new Ajv({ allErrors: true, strict: true });
const validateChatbotMessage = ajv.compile(CHATBOT_MESSAGE_SCHEMA);

/**
 * Throws with every schema error when `message` (an object, or the JSON string SNS carries) is
 * not a custom notification Chatbot would render.
 */
function assertValidChatbotMessage(message: unknown): void {
  const value: unknown = typeof message === 'string' ? JSON.parse(message) : message;
  if (!validateChatbotMessage(value)) {
    const errors = (validateChatbotMessage.errors ?? [])
      .map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`)
      .join('; ');
    throw new Error(`Not a valid Chatbot custom notification: ${errors}`);
  }
  const bytes = Buffer.byteLength(JSON.stringify(value), 'utf8');
  if (bytes > SNS_MESSAGE_MAX_BYTES) {
    throw new Error(`Chatbot message is ${bytes} bytes; SNS accepts at most ${SNS_MESSAGE_MAX_BYTES}`);
  }
}

export { assertValidChatbotMessage };
