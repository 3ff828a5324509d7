/**
 * What a builder hands to the SNS publisher: the Chatbot message, the SNS `Subject` (used by
 * email subscriptions) and the message attributes that subscription filter policies match on,
 * e.g. `{"severity": ["critical"]}` to page only on critical alerts.
 */
import type { AccountPlace } from '../report/report.js';
import type { ChatbotMessage } from './chatbot-message.js';

type AlertSeverity = 'critical' | 'warning' | 'info';

/** A type alias (not an interface) so it is assignable to `Record<string, string>`. */
type AlertAttributes = {
  severity: AlertSeverity;
  /** The report outcome (`would-fix`, `fixed`, ...) or the update kind (`recovered`, ...). */
  outcome: string;
  /** `incident` for the first message of a thread, `update` for follow-ups. */
  messageType: 'incident' | 'update';
  /** Hub mode only: the member account and region, so a subscription can filter one account. */
  account?: string;
  region?: string;
};

/** The account line's value: `123456789012 (alias)`, or the id alone. */
function accountLabel(place: AccountPlace): string {
  return place.alias === null ? place.accountId : `${place.accountId} (${place.alias})`;
}

/** What a hub adds to an alert's attributes and Chatbot context; nothing for a single account. */
function accountAttributes(place: AccountPlace | undefined): Pick<AlertAttributes, 'account' | 'region'> {
  return place === undefined ? {} : { account: place.accountId, region: place.region };
}

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
    Object.entries(attributes).map(([name, value]) => [name, { DataType: 'String' as const, StringValue: value }])
  );
}

export { accountAttributes, accountLabel, toSnsMessageAttributes };
export type { AlertEnvelope, AlertSeverity };
