/**
 * The AWS Chatbot (Amazon Q Developer in chat applications) custom notification: the only SNS
 * message body Chatbot renders. A body that does not match is dropped silently (only the
 * `UnsupportedEvents` metric moves), so every builder here returns this exact shape and the tests
 * validate it against tests/helpers/chatbot-schema.ts.
 * https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html
 */

interface ChatbotContent {
  /** Only `client-markdown` is supported: Chatbot renders it in Slack's mrkdwn. */
  textType: 'client-markdown';
  /** Markdown and emoji allowed. */
  title: string;
  /** Required by Chatbot. Markdown. */
  description: string;
  /** Rendered as a list under the description. */
  nextSteps?: string[];
  /** Rendered as tags. */
  keywords?: string[];
}

interface ChatbotMetadata {
  /** Messages with the same thread id are grouped in one Slack thread. */
  threadId?: string;
  /** One line, used for the mobile push / channel preview. */
  summary?: string;
  eventType?: string;
  relatedResources?: string[];
  /** String to string only. */
  additionalContext?: Record<string, string>;
}

interface ChatbotMessage {
  version: '1.0';
  source: 'custom';
  /** Unique event identifier (optional). */
  id?: string;
  content: ChatbotContent;
  metadata?: ChatbotMetadata;
}

/**
 * Our own bounds, kept well inside what Slack and Chatbot accept. Slack truncates message text
 * past 40,000 characters and collapses long messages behind "Show more"; AWS documents no exact
 * limit for custom notifications, so we stay small enough to read at a glance.
 */
const CHATBOT_LIMITS = {
  titleMax: 200,
  descriptionMax: 3_900,
  summaryMax: 200,
  nextStepsMax: 5,
  nextStepMax: 300,
  keywordsMax: 6,
  keywordMax: 60,
  relatedResourcesMax: 20,
  metadataValueMax: 256,
} as const;

export { CHATBOT_LIMITS };
export type { ChatbotMessage };
