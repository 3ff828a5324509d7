/**
 * The opening alert always arrives first: an alert whose publishing failed is kept with the
 * incident (pendingAlert), and whatever invocation touches the incident next (a verify, a recovery
 * signal, another failure) sends it before anything else. If it still cannot be sent, that
 * invocation fails (and is retried) rather than post a thread update or close the incident.
 */
import type { AwsClients } from '../aws/clients.js';
import { updateIncident } from '../aws/incident-store.js';
import { type OutgoingAlert, publishAlert } from '../aws/notify.js';
import { type Incident, owesPendingAlert } from '../incidents/incident.js';

interface PendingAlertTools {
  clients: AwsClients;
  table: string;
  topicArn: string | undefined;
  now: () => Date;
  /** This invocation's Lambda request id (see owesPendingAlert). */
  requestId: string;
  signal?: AbortSignal;
}

/** Sends the stored alert, if any, and forgets it. Returns the incident after, and the message id. */
async function sendPendingAlert(
  tools: PendingAlertTools,
  incident: Incident,
  change: { releaseLease?: boolean } = {}
): Promise<{ incident: Incident; messageId: string | null; sent: boolean }> {
  if (incident.pendingAlert === null || !owesPendingAlert(incident, tools.requestId) || !tools.topicArn) {
    return { incident, messageId: null, sent: false };
  }
  const messageId = await publishAlert(
    tools.clients.sns,
    tools.topicArn,
    JSON.parse(incident.pendingAlert) as OutgoingAlert,
    tools.signal
  );
  const updated = await updateIncident(
    tools.clients.dynamodb,
    incident.key,
    { pendingAlert: null, alertInFlightBy: null, timeline: { alertedAt: tools.now().toISOString() }, ...change },
    { table: tools.table, signal: tools.signal }
  );
  const { alertInFlightBy: _sent, ...rest } = incident;
  return { incident: updated ?? { ...rest, pendingAlert: null }, messageId, sent: true };
}

export { sendPendingAlert };
