import { describe, expect, it } from '@jest/globals';
import { estimatePlanCost, monthlyEndpointCost, monthlyNatCost } from '../../../shared/remediation/cost.js';
import { PRICES_AS_OF, REGION_PRICES, pricesForRegion } from '../../../shared/remediation/prices.js';
import { interfaceEndpointAction, s3GatewayAction } from '../alerts/report-fixtures.js';

describe('monthlyEndpointCost', () => {
  it('charges each AZ of an interface endpoint for 730 hours', () => {
    expect(monthlyEndpointCost('us-east-1', 1)).toBe(7.3);
    expect(monthlyEndpointCost('us-east-1', 3)).toBe(21.9);
    expect(monthlyEndpointCost('ap-northeast-2', 2)).toBe(18.98);
  });

  it('costs nothing for zero AZs', () => {
    expect(monthlyEndpointCost('eu-west-1', 0)).toBe(0);
  });
});

describe('monthlyNatCost', () => {
  it('uses the regional NAT gateway hourly price', () => {
    expect(monthlyNatCost('us-east-1', 1)).toBe(32.85);
    expect(monthlyNatCost('ap-northeast-2', 1)).toBe(43.07);
  });
});

describe('estimatePlanCost', () => {
  it('adds interface endpoints per AZ, keeps the S3 gateway free, and compares with one NAT per AZ', () => {
    // Act
    const cost = estimatePlanCost(
      [interfaceEndpointAction('ecr.api'), interfaceEndpointAction('ecr.dkr'), s3GatewayAction()],
      'eu-west-1'
    );

    // Assess
    expect(cost).toMatchObject({
      planMonthlyUsd: 32.12,
      natAlternativeMonthlyUsd: 70.08,
      pricesAsOf: PRICES_AS_OF,
      region: 'eu-west-1',
    });
    expect(cost.note).toContain('one NAT gateway in each of 2 AZs');
    expect(cost.note).toContain('a single NAT gateway costs $35.04/month');
    expect(cost.note).toContain('Data processing is extra');
  });

  it('takes the AZ count from the planner when given', () => {
    expect(estimatePlanCost([s3GatewayAction()], 'us-east-1', { azCount: 3 }).natAlternativeMonthlyUsd).toBe(98.55);
  });

  it('compares a gateway-only plan with a single NAT gateway', () => {
    // Act
    const cost = estimatePlanCost([s3GatewayAction()], 'us-east-1');

    // Assess
    expect(cost.planMonthlyUsd).toBe(0);
    expect(cost.natAlternativeMonthlyUsd).toBe(32.85);
  });

  it('falls back to us-east-1 prices for a region not in the table, and says so', () => {
    // Act
    const cost = estimatePlanCost([interfaceEndpointAction('ecr.api')], 'xx-nowhere-9');

    // Assess
    expect(cost.planMonthlyUsd).toBe(14.6);
    expect(cost.note).toMatch(/^No prices for xx-nowhere-9 in the table: us-east-1 prices were used\./);
  });
});

describe('price table', () => {
  it('is dated and every interface endpoint is cheaper per hour than a NAT gateway', () => {
    expect(PRICES_AS_OF).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const [region, prices] of Object.entries(REGION_PRICES)) {
      const { interfaceEndpointAzHourUsd, natGatewayHourUsd } = prices;
      expect({
        region,
        interfaceEndpointAzHourUsd,
        natGatewayHourUsd,
        cheaper: interfaceEndpointAzHourUsd < natGatewayHourUsd,
      }).toMatchObject({ region, cheaper: true });
      expect({ region, gatewayEndpointHourUsd: prices.gatewayEndpointHourUsd }).toEqual({ region, gatewayEndpointHourUsd: 0 });
    }
  });

  it('reports whether a region is known', () => {
    expect(pricesForRegion('ap-northeast-2')).toMatchObject({ known: true, pricedRegion: 'ap-northeast-2' });
    expect(pricesForRegion('mars-1')).toMatchObject({ known: false, pricedRegion: 'us-east-1' });
  });
});
