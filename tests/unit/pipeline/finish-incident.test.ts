/**
 * The leader's last write must not reopen an incident a recovery signal closed meanwhile. The
 * DynamoDB fake below evaluates the `#state IN (...)` condition the way DynamoDB does, so the test
 * fails when finishIncident writes without it.
 */
import { type AttributeValue, DynamoDBClient, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createAwsClients } from '../../../shared/aws/clients.js';
import { loadConfig } from '../../../shared/config.js';
import type { Claim } from '../../../shared/incidents/claim.js';
import type { Incident, IncidentState } from '../../../shared/incidents/incident.js';
import { finishIncident } from '../../../shared/pipeline/finish-incident.js';
import type { RemediationDeps } from '../../../shared/pipeline/handle-request.js';
import { buildAlertOnlyReport } from '../alerts/report-fixtures.js';

const dynamodb = mockClient(DynamoDBClient);
const events = mockClient(EventBridgeClient);

const KEY = { pk: 'INCIDENT#eu-west-1#123456789012#prod#service:web', sk: 'network' };
const NOW = new Date('2026-11-20T09:20:00.000Z');

/** The one incident item the fake table holds. */
let stored: Record<string, AttributeValue>;

function itemIn(state: IncidentState): Record<string, AttributeValue> {
  return {
    pk: { S: KEY.pk },
    sk: { S: KEY.sk },
    incidentId: { S: 'ecs-netfix/prod/service:web/network/20261120T091500' },
    region: { S: 'eu-west-1' },
    cluster: { S: 'prod' },
    service: { S: 'web' },
    state: { S: state },
    mode: { S: 'live' },
    version: { N: '2' },
    leaseUntil: { N: String(NOW.getTime() + 60_000) },
    expiresAt: { N: String(Math.floor(NOW.getTime() / 1000) + 3600) },
    taskIds: { SS: ['task-1'] },
    firstFailureAt: { S: '2026-11-20T09:15:00.000Z' },
    lastFailureAt: { S: '2026-11-20T09:15:00.000Z' },
  };
}

/** The claim the leader took when the incident was still open. */
function openClaim(): Claim {
  const incident: Incident = {
    key: KEY,
    region: 'eu-west-1',
    accountId: '123456789012',
    cluster: 'prod',
    service: 'web',
    vpcId: null,
    incidentId: 'ecs-netfix/prod/service:web/network/20261120T091500',
    state: 'open',
    version: 2,
    leader: 'event-1',
    leaseUntil: NOW.getTime() + 60_000,
    taskIds: ['task-1'],
    timeline: { firstFailureAt: '2026-11-20T09:15:00.000Z', lastFailureAt: '2026-11-20T09:15:00.000Z' },
    createdResourceIds: [],
    category: 'ecr_api_unreachable',
    pendingAlert: null,
    mode: 'live',
    expiresAt: Math.floor(NOW.getTime() / 1000) + 3600,
  };
  return { role: { role: 'leader', reopened: false, startsNewIncident: false }, incident };
}

function deps(): RemediationDeps {
  const clients = createAwsClients({ region: 'eu-west-1', maxAttempts: 1 });
  return {
    config: { ...loadConfig({}), stateTableName: 'netfix-state', alertCoalesceSeconds: 0 },
    clientsFor: () => clients,
    permissionsFor: () => ({ check: async (roleArn: string) => ({ evaluated: false, roleArn, results: [], note: null }) }),
    defaultRegion: 'eu-west-1',
    now: () => NOW,
    sleep: async () => undefined,
  };
}

function conditionFailed(): Error {
  return Object.assign(new Error('The conditional request failed'), {
    name: 'ConditionalCheckFailedException',
    $metadata: { httpStatusCode: 400 },
  });
}

beforeEach(() => {
  dynamodb.on(GetItemCommand).callsFake(() => ({ Item: structuredClone(stored) }));
  // DynamoDB's own rule: a `#state IN (:allowed0, ...)` condition refuses the write in any other state.
  dynamodb.on(UpdateItemCommand).callsFake((input) => {
    const values = input.ExpressionAttributeValues ?? {};
    const allowed = Object.entries(values)
      .filter(([name]) => name.startsWith(':allowed'))
      .map(([, value]) => (value as AttributeValue).S);
    const guarded = String(input.ConditionExpression ?? '').includes('#state IN');
    if (guarded && !allowed.includes(stored.state?.S)) throw conditionFailed();
    const state = values[':state']?.S;
    if (state !== undefined) stored = { ...stored, state: { S: state } };
    return { Attributes: structuredClone(stored) };
  });
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
});

afterEach(() => {
  dynamodb.reset();
  events.reset();
});

describe('finishIncident', () => {
  it('records the run (alerted) when the incident is still open', async () => {
    stored = itemIn('open');
    const report = { ...buildAlertOnlyReport(), dryRun: false };

    const finished = await finishIncident(
      report,
      openClaim(),
      deps(),
      { requestId: 'r-1', allowAlerts: false },
      deps().clientsFor('eu-west-1')
    );

    expect(stored.state?.S).toBe('alerted');
    expect(finished.incident?.state).toBe('alerted');
  });

  it.each<IncidentState>(['recovered', 'verified', 'redeployed'])(
    'never moves an incident that became %s during the run back to alerted',
    async (meanwhile) => {
      stored = itemIn(meanwhile);
      const report = { ...buildAlertOnlyReport(), dryRun: false };

      const finished = await finishIncident(
        report,
        openClaim(),
        deps(),
        { requestId: 'r-1', allowAlerts: false },
        deps().clientsFor('eu-west-1')
      );

      expect(stored.state?.S).toBe(meanwhile);
      expect(finished.incident?.state).toBe(meanwhile);
    }
  );
});
