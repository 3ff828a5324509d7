/**
 * The incident transition table, checked against an independent list: every (from, event, to)
 * triple not listed here must be refused, and every listed one allowed.
 */
import { describe, expect, it } from '@jest/globals';
import type { IncidentState } from '../../../shared/incidents/incident.js';
import { INCIDENT_TRANSITIONS, type IncidentEvent, canTransition, incidentMove } from '../../../shared/incidents/transitions.js';

const STATES: IncidentState[] = ['open', 'alerted', 'fixed', 'verified', 'redeployed', 'recovered'];
const EVENTS: IncidentEvent[] = [
  'run-finished',
  'verify-failed',
  'verify-passed',
  'redeploy-given-back',
  'redeployed',
  'recovered',
];

/** The life cycle, written out by hand (not derived from the table under test). */
const ALLOWED: [IncidentState, IncidentEvent, IncidentState][] = [
  ['open', 'run-finished', 'alerted'],
  ['open', 'run-finished', 'fixed'],
  ['open', 'run-finished', 'verified'],
  // A fix verified inline (its schedule failed) is redeployed in the same run when RedeployAfterFix is on.
  ['open', 'run-finished', 'redeployed'],
  ['fixed', 'verify-failed', 'alerted'],
  ['fixed', 'verify-passed', 'verified'],
  ['verified', 'redeploy-given-back', 'fixed'],
  ['verified', 'redeployed', 'redeployed'],
  ['open', 'recovered', 'recovered'],
  ['alerted', 'recovered', 'recovered'],
  ['fixed', 'recovered', 'recovered'],
  ['verified', 'recovered', 'recovered'],
  ['redeployed', 'recovered', 'recovered'],
];

const allowedKeys = new Set(ALLOWED.map((triple) => triple.join(' ')));
const EVERY_TRIPLE = STATES.flatMap((from) => EVENTS.flatMap((event) => STATES.map((to) => [from, event, to] as const)));
const REFUSED = EVERY_TRIPLE.filter((triple) => !allowedKeys.has(triple.join(' ')));

describe('incident transitions', () => {
  it('knows every event, and no other', () => {
    expect(Object.keys(INCIDENT_TRANSITIONS).sort()).toEqual([...EVENTS].sort());
  });

  it.each(ALLOWED)('allows %s --%s--> %s', (from, event, to) => {
    expect(canTransition(from, event, to)).toBe(true);
  });

  it(`refuses the ${REFUSED.length} other (from, event, to) triples`, () => {
    expect(REFUSED).toHaveLength(STATES.length * EVENTS.length * STATES.length - ALLOWED.length);
    const wronglyAllowed = REFUSED.filter(([from, event, to]) => canTransition(from, event, to));
    expect(wronglyAllowed).toEqual([]);
  });

  it('never leaves recovered: a closed incident is not reopened by any writer', () => {
    for (const event of EVENTS) for (const to of STATES) expect(canTransition('recovered', event, to)).toBe(false);
  });

  it.each(EVENTS)('guards the %s write with exactly the states it may start from', (event) => {
    const target = ALLOWED.find(([, allowedEvent]) => allowedEvent === event)?.[2];
    if (target === undefined) throw new Error(`no allowed target for ${event}`);
    const froms = ALLOWED.filter(([, allowedEvent, to]) => allowedEvent === event && to === target).map(([from]) => from);

    expect(incidentMove(event, target)).toEqual({ state: target, onlyIfStateIn: froms });
  });

  it.each(REFUSED.filter(([from]) => from === 'open').filter(([, event, to]) => !INCIDENT_TRANSITIONS[event].to.includes(to)))(
    'throws rather than write %s --%s--> %s (a target the event never leads to)',
    (_from, event, to) => {
      expect(() => incidentMove(event, to)).toThrow(`Incident event ${event} cannot lead to ${to}`);
    }
  );

  it('hands the store a copy: a caller cannot widen the table', () => {
    const move = incidentMove('run-finished', 'alerted');
    move.onlyIfStateIn.push('recovered');

    expect(incidentMove('run-finished', 'alerted').onlyIfStateIn).toEqual(['open']);
  });
});
