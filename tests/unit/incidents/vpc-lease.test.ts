import { describe, expect, it } from '@jest/globals';
import { ENDPOINT_WINDOW_MS, VPC_LEASE_MS, endpointBudget, endpointWindowKey, vpcLeaseKey } from '../../../shared/incidents/vpc-lease.js';

describe('the VPC lease model', () => {
  it('keys the lease and the counter by region and VPC, apart from the incidents', () => {
    expect(vpcLeaseKey('eu-west-1', 'vpc-0abc')).toEqual({ pk: 'VPC#eu-west-1#vpc-0abc', sk: 'lease' });
    expect(vpcLeaseKey('eu-west-1', 'vpc-0abc').pk).not.toMatch(/^INCIDENT#/);
  });

  it('outlives the function timeout (60 s), so a running holder never loses the VPC', () => {
    expect(VPC_LEASE_MS).toBeGreaterThan(60_000);
  });

  it('counts endpoints in hourly windows: same window inside the hour, a new one after', () => {
    const start = Date.parse('2026-12-02T03:00:00.000Z');

    const first = endpointWindowKey('eu-west-1', 'vpc-0abc', start);
    const sameHour = endpointWindowKey('eu-west-1', 'vpc-0abc', start + ENDPOINT_WINDOW_MS - 1);
    const nextHour = endpointWindowKey('eu-west-1', 'vpc-0abc', start + ENDPOINT_WINDOW_MS);

    expect(first).toEqual({ pk: 'VPC#eu-west-1#vpc-0abc', sk: 'endpoints#2026-12-02T03:00:00.000Z' });
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
