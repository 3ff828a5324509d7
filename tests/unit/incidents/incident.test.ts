import { describe, expect, it } from '@jest/globals';
import {
  type Incident,
  RECHECK_AFTER_MS,
  decideRole,
  owesPendingAlert,
  incidentKeyFor,
  incidentSubject,
  newIncidentId,
} from '../../../shared/incidents/incident.js';
import { aStoppedTask } from '../../helpers/snapshot-builder.js';

const NOW = Date.parse('2026-03-01T12:00:00.000Z');
const MINUTE = 60_000;

/** An open incident led by event-a, with a live lease, started ten seconds ago. */
function anIncident(overrides: Partial<Incident> = {}): Incident {
  return {
    key: { pk: 'INCIDENT#eu-west-1#123456789012#prod#service:web', sk: 'network' },
    incidentId: 'ecs-netfix/prod/service:web/network/20260301T115950',
    region: 'eu-west-1',
    accountId: '123456789012',
    cluster: 'prod',
    service: 'web',
    vpcId: 'vpc-0abc',
    state: 'open',
    version: 3,
    leader: 'event-a',
    leaseUntil: NOW + 4 * MINUTE,
    taskIds: ['task-1', 'task-2'],
    timeline: { firstFailureAt: new Date(NOW - 10_000).toISOString(), lastFailureAt: new Date(NOW - 1_000).toISOString() },
    createdResourceIds: [],
    category: 'ecr_api_unreachable',
    mode: 'live',
    pendingAlert: null,
    expiresAt: Math.floor(NOW / 1000) + 24 * 3600,
    ...overrides,
  };
}

const alertedAt = (msAgo: number) => ({
  firstFailureAt: new Date(NOW - msAgo - 5_000).toISOString(),
  lastFailureAt: new Date(NOW - 1_000).toISOString(),
  alertedAt: new Date(NOW - msAgo).toISOString(),
});

const verifyScheduled = (msAgo: number) => ({
  firstFailureAt: new Date(NOW - msAgo - 5_000).toISOString(),
  lastFailureAt: new Date(NOW - 1_000).toISOString(),
  fixedAt: new Date(NOW - msAgo).toISOString(),
  verifyScheduledAt: new Date(NOW - msAgo).toISOString(),
});

const NEW_INCIDENT = { role: 'leader', reopened: false, startsNewIncident: true };
const TAKES_OVER = { role: 'leader', reopened: false, startsNewIncident: false };
const REOPENS = { role: 'leader', reopened: true, startsNewIncident: false };
const follows = (reason: string) => ({ role: 'follower', reason });

describe('decideRole', () => {
  it.each<[string, Incident | null, string, 'live' | 'dry-run', object]>([
    ['no incident yet', null, 'event-b', 'live', NEW_INCIDENT],
    ['a recovered incident', anIncident({ state: 'recovered' }), 'event-b', 'live', NEW_INCIDENT],
    ['an expired open incident', anIncident({ expiresAt: Math.floor(NOW / 1000) }), 'event-b', 'live', NEW_INCIDENT],
    [
      'an expired alerted incident',
      anIncident({ state: 'alerted', timeline: alertedAt(MINUTE), expiresAt: Math.floor(NOW / 1000) - 1 }),
      'event-b',
      'live',
      NEW_INCIDENT,
    ],
    [
      'an open incident another invocation leads',
      anIncident(),
      'event-b',
      'live',
      follows('another invocation is handling this incident'),
    ],
    ['an open incident whose leader let the lease lapse', anIncident({ leaseUntil: NOW - 1 }), 'event-b', 'live', TAKES_OVER],
    ['an open incident whose lease ends right now', anIncident({ leaseUntil: NOW }), 'event-b', 'live', TAKES_OVER],
    ['an open incident this event leads (a retried event)', anIncident(), 'event-a', 'live', TAKES_OVER],
    [
      'a fixed incident being verified',
      anIncident({ state: 'fixed', leaseUntil: 0, timeline: verifyScheduled(MINUTE) }),
      'event-b',
      'live',
      follows('the fix for this incident is being verified'),
    ],
    // Nobody will verify a fix whose schedule failed: the next failure is diagnosed and alerted.
    [
      'a fixed incident whose verification could not be scheduled',
      anIncident({ state: 'fixed', leaseUntil: 0 }),
      'event-b',
      'live',
      REOPENS,
    ],
    [
      'a fixed incident whose verification never came (fixed 25 minutes ago)',
      anIncident({
        state: 'fixed',
        leaseUntil: 0,
        timeline: {
          firstFailureAt: new Date(NOW - 30 * MINUTE).toISOString(),
          lastFailureAt: new Date(NOW - 30 * MINUTE).toISOString(),
          fixedAt: new Date(NOW - 25 * MINUTE).toISOString(),
          verifyScheduledAt: new Date(NOW - 25 * MINUTE).toISOString(),
        },
      }),
      'event-b',
      'live',
      REOPENS,
    ],
    // The event that led the incident, delivered again after its run stored the outcome (issue 13):
    // handled once, whatever the state, so it never alerts or reopens twice.
    [
      'a fixed incident this event led (its run failed after storing the fix)',
      anIncident({ state: 'fixed', leaseUntil: 0, timeline: verifyScheduled(MINUTE) }),
      'event-a',
      'live',
      follows('this event was already handled'),
    ],
    [
      'a fixed incident this event led, whose verification could not be scheduled',
      anIncident({ state: 'fixed', leaseUntil: 0 }),
      'event-a',
      'live',
      follows('this event was already handled'),
    ],
    [
      'a verified incident this event led (a second delivery)',
      anIncident({ state: 'verified', leaseUntil: 0 }),
      'event-a',
      'live',
      follows('this event was already handled'),
    ],
    [
      'an alerted incident this event led, 30 minutes ago',
      anIncident({ state: 'alerted', timeline: alertedAt(RECHECK_AFTER_MS) }),
      'event-a',
      'live',
      follows('this event was already handled'),
    ],
    [
      'a fixed incident this event led, with its alert still to send',
      anIncident({ state: 'fixed', leaseUntil: 0, pendingAlert: '{}' }),
      'event-a',
      'live',
      { role: 'resend' },
    ],
    ['a verified incident (the fix did not help)', anIncident({ state: 'verified', leaseUntil: 0 }), 'event-b', 'live', REOPENS],
    [
      'a redeployed incident (the fix did not help)',
      anIncident({ state: 'redeployed', leaseUntil: 0 }),
      'event-b',
      'live',
      REOPENS,
    ],
    [
      'an incident alerted in dry run, now live (no fix yet: not reopened)',
      anIncident({ state: 'alerted', mode: 'dry-run', timeline: alertedAt(MINUTE) }),
      'event-b',
      'live',
      TAKES_OVER,
    ],
    [
      'an incident alerted in dry run, still dry run',
      anIncident({ state: 'alerted', mode: 'dry-run', timeline: alertedAt(MINUTE) }),
      'event-b',
      'dry-run',
      follows('this incident was already reported'),
    ],
    [
      'an incident alerted live a minute ago',
      anIncident({ state: 'alerted', timeline: alertedAt(MINUTE) }),
      'event-b',
      'live',
      follows('this incident was already reported'),
    ],
    [
      'an incident alerted 29 minutes ago',
      anIncident({ state: 'alerted', timeline: alertedAt(29 * MINUTE) }),
      'event-b',
      'live',
      follows('this incident was already reported'),
    ],
    [
      'an incident alerted 30 minutes ago (diagnosed again, not reopened)',
      anIncident({ state: 'alerted', timeline: alertedAt(RECHECK_AFTER_MS) }),
      'event-b',
      'live',
      TAKES_OVER,
    ],
    [
      'an incident alerted 30 minutes ago in dry run',
      anIncident({ state: 'alerted', mode: 'dry-run', timeline: alertedAt(45 * MINUTE) }),
      'event-b',
      'dry-run',
      TAKES_OVER,
    ],
  ])('for %s', (_case, existing, leaderId, mode, expected) => {
    expect(decideRole(existing, leaderId, NOW, mode)).toEqual(expected);
  });

  it('falls back to the first failure when an alerted incident has no alert time', () => {
    const recent = anIncident({
      state: 'alerted',
      timeline: { firstFailureAt: new Date(NOW - MINUTE).toISOString(), lastFailureAt: new Date(NOW).toISOString() },
    });
    const old = anIncident({
      state: 'alerted',
      timeline: { firstFailureAt: new Date(NOW - 31 * MINUTE).toISOString(), lastFailureAt: new Date(NOW).toISOString() },
    });

    expect(decideRole(recent, 'event-b', NOW, 'live').role).toBe('follower');
    expect(decideRole(old, 'event-b', NOW, 'live')).toEqual(TAKES_OVER);
  });
});

describe('an alert stored in flight (SNS and DynamoDB failed together, or the run ran out of time)', () => {
  const inFlight = anIncident({ state: 'fixed', leaseUntil: 0, pendingAlert: '{}', alertInFlightBy: 'request-1' });

  it("is sent by Lambda's retry of the run that stored it (the same request id)", () => {
    expect(decideRole(inFlight, 'event-a', NOW, 'live', undefined, 'request-1')).toEqual({ role: 'resend' });
    expect(owesPendingAlert(inFlight, 'request-1')).toBe(true);
  });

  it('is not sent by a second delivery of the event (a new request id): that run may have sent it', () => {
    expect(decideRole(inFlight, 'event-a', NOW, 'live', undefined, 'request-2')).toEqual(
      follows('this event was already handled')
    );
    expect(owesPendingAlert(inFlight, 'request-2')).toBe(false);
    expect(owesPendingAlert(inFlight, undefined)).toBe(false);
  });

  it('is not sent by another failure, verify or recovery; one marked unsent is, by anyone', () => {
    expect(decideRole(inFlight, 'event-b', NOW, 'live', undefined, 'request-3').role).not.toBe('resend');
    const unsent = anIncident({ state: 'fixed', leaseUntil: 0, pendingAlert: '{}' });
    expect(owesPendingAlert(unsent, 'request-3')).toBe(true);
    expect(owesPendingAlert(anIncident({ state: 'fixed' }), 'request-1')).toBe(false);
  });
});

describe('incident keys', () => {
  it('groups every network failure of one service in one incident', () => {
    const task = aStoppedTask();

    expect(incidentKeyFor(task, 'ecr_api_unreachable')).toEqual({
      pk: 'INCIDENT#eu-west-1#123456789012#prod#service:web',
      sk: 'network',
    });
    expect(incidentKeyFor(task, 'ecr_dkr_unreachable')).toEqual(incidentKeyFor(task, 's3_layer_unreachable'));
    expect(incidentKeyFor(task, 'ambiguous_network')).toEqual(incidentKeyFor(task, 'ecr_api_unreachable'));
  });

  it('keeps a permission failure apart from the network incident of the same service', () => {
    expect(incidentKeyFor(aStoppedTask(), 'iam_permission_denied')).toEqual({
      pk: 'INCIDENT#eu-west-1#123456789012#prod#service:web',
      sk: 'iam_permission_denied',
    });
  });

  it('keeps services, clusters, regions and accounts apart', () => {
    const keys = [
      aStoppedTask(),
      aStoppedTask({ serviceName: 'api', group: 'service:api' }),
      aStoppedTask({ clusterName: 'staging' }),
      aStoppedTask({ region: 'us-east-1' }),
      aStoppedTask({ accountId: '210987654321' }),
      aStoppedTask({ accountId: null }),
    ].map((task) => incidentKeyFor(task, 'ecr_api_unreachable').pk);

    expect(new Set(keys).size).toBe(6);
  });

  it('gives the same cluster and service in two accounts two incidents and two threads', () => {
    const home = incidentKeyFor(aStoppedTask(), 'ecr_api_unreachable');
    const member = incidentKeyFor(aStoppedTask({ accountId: '210987654321' }), 'ecr_api_unreachable');
    const at = Date.parse('2026-03-01T11:59:50.123Z');

    expect(member.pk).toBe('INCIDENT#eu-west-1#210987654321#prod#service:web');
    expect(newIncidentId(member, at)).not.toBe(newIncidentId(home, at));
  });

  it('names a standalone task by its family group, or by its id when there is no group', () => {
    expect(incidentSubject(aStoppedTask({ serviceName: null, group: 'family:batch-job' }))).toBe('family:batch-job');
    expect(incidentSubject(aStoppedTask({ serviceName: null, group: null, taskId: 'abc123' }))).toBe('task:abc123');
  });

  it('makes a thread id from the account, cluster, subject, cause family and start time', () => {
    const key = incidentKeyFor(aStoppedTask(), 'ecr_api_unreachable');

    expect(newIncidentId(key, Date.parse('2026-03-01T11:59:50.123Z'))).toBe(
      'ecs-netfix/123456789012/prod/service:web/network/20260301T115950'
    );
  });
});
