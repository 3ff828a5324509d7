/**
 * What a remediation plan costs per month, next to the NAT gateway alternative people usually
 * reach for. Hourly charges only: data processing depends on traffic and is stated in the note.
 */
import type { CostSummary } from '../report/report.js';
import type { Action } from './action.js';
import { HOURS_PER_MONTH, PRICES_AS_OF, pricesForRegion } from './prices.js';

function roundCents(amount: number): number {
  return Math.round(amount * 100) / 100;
}

/** One interface endpoint across `azCount` AZs for a month (an endpoint is billed per AZ-hour). */
function monthlyEndpointCost(region: string, azCount: number): number {
  const { prices } = pricesForRegion(region);
  return roundCents(Math.max(0, azCount) * prices.interfaceEndpointAzHourUsd * HOURS_PER_MONTH);
}

/** NAT gateways, one per AZ, for a month. */
function monthlyNatCost(region: string, natCount: number): number {
  const { prices } = pricesForRegion(region);
  return roundCents(Math.max(0, natCount) * prices.natGatewayHourUsd * HOURS_PER_MONTH);
}

/** AZ-hours an action adds: an interface endpoint holds one subnet per AZ. */
function endpointAzCount(action: Action): number {
  switch (action.kind) {
    case 'create-interface-endpoint':
    case 'add-subnets-to-interface-endpoint':
      return action.subnetIds.length;
    case 'create-gateway-endpoint':
    case 'add-route-tables-to-gateway-endpoint':
    case 'create-endpoint-security-group':
      return 0;
  }
}

/**
 * The AZs the plan covers: the widest interface endpoint (each holds one subnet per AZ the
 * service uses). A plan with no interface endpoint still compares with one NAT gateway.
 */
function coveredAzCount(actions: readonly Action[]): number {
  const widest = Math.max(
    0,
    ...actions.filter((action) => action.kind === 'create-interface-endpoint').map((action) => action.subnetIds.length)
  );
  return Math.max(1, widest);
}

interface EstimatePlanCostOptions {
  /** The AZs the service uses, when the planner knows them better than the actions show. */
  azCount?: number;
}

/**
 * Monthly cost of the plan and of the NAT alternative for the same AZs. AWS recommends one NAT
 * gateway per AZ so that one AZ failing does not cut the others off
 * (https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html); the note also gives
 * the single-NAT figure.
 */
function estimatePlanCost(actions: readonly Action[], region: string, options: EstimatePlanCostOptions = {}): CostSummary {
  const lookup = pricesForRegion(region);
  const azHours = actions.reduce((sum, action) => sum + endpointAzCount(action), 0);
  const azCount = Math.max(1, options.azCount ?? coveredAzCount(actions));
  const planMonthlyUsd = monthlyEndpointCost(region, azHours);
  const natAlternativeMonthlyUsd = monthlyNatCost(region, azCount);
  const singleNat = monthlyNatCost(region, 1);
  const { prices } = lookup;
  const notes = [
    `Estimates from the ${PRICES_AS_OF} price table for ${lookup.pricedRegion}, ${HOURS_PER_MONTH} hours a month, hourly charges only.`,
    `Data processing is extra: $${prices.interfaceEndpointGbUsd}/GB through interface endpoints, $${prices.natGatewayGbUsd}/GB through a NAT gateway; the S3 gateway endpoint is free.`,
    `NAT alternative: one NAT gateway in each of ${azCount} AZ${azCount === 1 ? '' : 's'}; a single NAT gateway costs $${singleNat.toFixed(2)}/month but cuts every AZ off when its own AZ fails.`,
  ];
  if (!lookup.known) {
    notes.unshift(`No prices for ${region} in the table: ${lookup.pricedRegion} prices were used.`);
  }
  return {
    planMonthlyUsd,
    natAlternativeMonthlyUsd,
    pricesAsOf: PRICES_AS_OF,
    region,
    note: notes.join(' '),
  };
}

export { estimatePlanCost, monthlyEndpointCost, monthlyNatCost };
