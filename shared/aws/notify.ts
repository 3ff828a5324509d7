/** The two outward messages of a run: the SNS alert (for AWS Chatbot) and the audit event. */
import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { toSnsMessageAttributes } from '../alerts/alert-envelope.js';
import { AUDIT_SOURCE } from '../aws-names.js';
import { AwsCallError, assertIsError } from '../errors.js';

interface OutgoingAlert {
  /** The Chatbot custom-notification JSON. */
  message: unknown;
  subject: string;
  attributes: Record<string, string>;
}

async function publishAlert(
  sns: SNSClient,
  topicArn: string,
  alert: OutgoingAlert,
  signal?: AbortSignal
): Promise<string | null> {
  try {
    const response = await sns.send(
      new PublishCommand({
        TopicArn: topicArn,
        Message: JSON.stringify(alert.message),
        Subject: alert.subject,
        MessageAttributes: toSnsMessageAttributes(alert.attributes),
      }),
      { abortSignal: signal }
    );
    return response.MessageId ?? null;
  } catch (error) {
    assertIsError(error);
    throw new AwsCallError('SNS.Publish', topicArn, error);
  }
}

/** EventBridge rejects entries over 256 KB; the report is trimmed to fit. */
const MAX_DETAIL_BYTES = 200_000;

async function putAuditEvent(
  events: EventBridgeClient,
  busName: string,
  detailType: string,
  detail: object,
  resources: string[],
  signal?: AbortSignal
): Promise<void> {
  let body = JSON.stringify(detail);
  if (Buffer.byteLength(body) > MAX_DETAIL_BYTES) {
    body = JSON.stringify({ truncated: true, summary: (detail as { summary?: string }).summary ?? null });
  }
  try {
    const response = await events.send(
      new PutEventsCommand({
        Entries: [
          {
            Source: AUDIT_SOURCE,
            DetailType: detailType,
            Detail: body,
            EventBusName: busName,
            Resources: resources.filter((arn) => arn.startsWith('arn:')).slice(0, 10),
          },
        ],
      }),
      { abortSignal: signal }
    );
    const failed = response.FailedEntryCount ?? 0;
    if (failed > 0) {
      const entry = response.Entries?.[0];
      const cause = new Error(`${entry?.ErrorCode ?? 'Unknown'}: ${entry?.ErrorMessage ?? ''}`);
      cause.name = entry?.ErrorCode ?? 'PutEventsFailed';
      throw new AwsCallError('EventBridge.PutEvents', busName, cause);
    }
  } catch (error) {
    assertIsError(error);
    if (error instanceof AwsCallError) throw error;
    throw new AwsCallError('EventBridge.PutEvents', busName, error);
  }
}

export { publishAlert, putAuditEvent };
export type { OutgoingAlert };
