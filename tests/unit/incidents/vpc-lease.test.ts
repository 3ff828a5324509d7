import { describe, expect, it } from '@jest/globals';
import {
  ENDPOINT_WINDOW_MS,
  VPC_LEASE_MS,
  endpointBudget,
  endpointWindowKey,
  vpcLeaseKey,
} from '../../../shared/incidents/vpc-lease.js';

const PLACE = { region: 'eu-west-1', accountId: '123456789012', vpcId: 'vpc-0abc' };

describe('the VPC lease model', () => {
  it('keys the lease and the counter by region, account and VPC, apart from the incidents', () => {
    expect(vpcLeaseKey(PLACE)).toEqual({ pk: 'VPC#eu-west-1#123456789012#vpc-0abc', sk: 'lease' });
    expect(vpcLeaseKey(PLACE).pk).not.toMatch(/^INCIDENT#/);
    expect(vpcLeaseKey({ ...PLACE, accountId: null }).pk).toBe('VPC#eu-west-1#-#vpc-0abc');
  });

  it('never shares a lease or a counter between the same VPC id in two accounts or two regions', () => {
    const start = Date.parse('2026-12-02T03:00:00.000Z');
    const places = [
      PLACE,
      { ...PLACE, accountId: '210987654321' },
      { ...PLACE, region: 'us-east-1' },
      { ...PLACE, accountId: null },
    ];

    expect(new Set(places.map((place) => vpcLeaseKey(place).pk)).size).toBe(places.length);
    expect(new Set(places.map((place) => endpointWindowKey(place, start).pk)).size).toBe(places.length);
  });

  it('outlives the function timeout (60 s), so a running holder never loses the VPC', () => {
    expect(VPC_LEASE_MS).toBeGreaterThan(60_000);
  });

  it('counts endpoints in hourly windows: same window inside the hour, a new one after', () => {
    const start = Date.parse('2026-12-02T03:00:00.000Z');

    const first = endpointWindowKey(PLACE, start);
    const sameHour = endpointWindowKey(PLACE, start + ENDPOINT_WINDOW_MS - 1);
    const nextHour = endpointWindowKey(PLACE, start + ENDPOINT_WINDOW_MS);

    expect(first).toEqual({ pk: 'VPC#eu-west-1#123456789012#vpc-0abc', sk: 'endpoints#2026-12-02T03:00:00.000Z' });
    expect(sameHour).toEqual(first);
    expect(nextHour.sk).toBe('endpoints#2026-12-02T04:00:00.000Z');
  });

  it('leaves what the window has not used, and says why when it is less than the cap', () => {
    expect(endpointBudget(6, 0, 'vpc-0abc')).toEqual({ remaining: 6, reason: null });
    expect(endpointBudget(6, 4, 'vpc-0abc')).toEqual({
      remaining: 2,
      reason: expect.stringContaining('4 endpoint(s) were already created in vpc-0abc this hour'),
    });
    expect(endpointBudget(6, 9, 'vpc-0abc').remaining).toBe(0);
  });
});
