/**
 * What a builder hands to the SNS publisher: the Chatbot message, the SNS `Subject` (used by
 * email subscriptions) and the message attributes that subscription filter policies match on,
 * e.g. `{"severity": ["critical"]}` to page only on critical alerts.
 */
import type { ChatbotMessage } from './chatbot-message.js';

type AlertSeverity = 'critical' | 'warning' | 'info';

/** A type alias (not an interface) so it is assignable to `Record<string, string>`. */
type AlertAttributes = {
  severity: AlertSeverity;
  /** The report outcome (`would-fix`, `fixed`, ...) or the update kind (`recovered`, ...). */
  outcome: string;
  /** `incident` for the first message of a thread, `update` for follow-ups. */
  messageType: 'incident' | 'update';
};

interface AlertEnvelope {
  message: ChatbotMessage;
  subject: string;
  attributes: AlertAttributes;
}

/** The attributes in the shape of SNS `MessageAttributes` (plain data: no SDK import here; shared/aws/notify.ts sends them). */
function toSnsMessageAttributes(
  attributes: Readonly<Record<string, string>>
): Record<string, { DataType: 'String'; StringValue: string }> {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, value]) => [
      name,
      { DataType: 'String' as const, StringValue: value },
    ])
  );
}

export { toSnsMessageAttributes };
export type { AlertAttributes, AlertEnvelope, AlertSeverity };
