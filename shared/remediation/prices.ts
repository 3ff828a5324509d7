/**
 * One dated table of the prices ecs-netfix quotes. They are estimates for comparison, not a bill:
 * on-demand list prices in USD, without taxes, free tiers or savings plans, and they change.
 * Sources: https://aws.amazon.com/privatelink/pricing/ (interface endpoint per AZ-hour and per GB
 * processed, first PB tier) and https://aws.amazon.com/vpc/pricing/ (NAT gateway per hour and per
 * GB processed). The S3 gateway endpoint has no charge
 * (https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html).
 * Update PRICES_AS_OF with every change.
 */

const PRICES_AS_OF = '2026-11-01';

/** AWS bills per hour; a month is taken as 730 hours, as the AWS pricing calculator does. */
const HOURS_PER_MONTH = 730;

/** The region whose prices stand in for a region not in the table. */
const FALLBACK_REGION = 'us-east-1';

interface RegionPrices {
  /** One interface endpoint in one AZ, per hour. */
  interfaceEndpointAzHourUsd: number;
  /** Data processed by interface endpoints, per GB (first PB per month). */
  interfaceEndpointGbUsd: number;
  natGatewayHourUsd: number;
  /** Data processed by a NAT gateway, per GB. */
  natGatewayGbUsd: number;
  /** Gateway endpoints (S3, DynamoDB) are free. */
  gatewayEndpointHourUsd: 0;
}

function prices(
  interfaceEndpointAzHourUsd: number,
  natGatewayHourUsd: number,
  natGatewayGbUsd = natGatewayHourUsd
): RegionPrices {
  return {
    interfaceEndpointAzHourUsd,
    interfaceEndpointGbUsd: 0.01,
    natGatewayHourUsd,
    natGatewayGbUsd,
    gatewayEndpointHourUsd: 0,
  };
}

const REGION_PRICES: Readonly<Record<string, RegionPrices>> = {
  'us-east-1': prices(0.01, 0.045),
  'us-east-2': prices(0.01, 0.045),
  'us-west-1': prices(0.011, 0.048),
  'us-west-2': prices(0.01, 0.045),
  'ca-central-1': prices(0.011, 0.05),
  'eu-west-1': prices(0.011, 0.048),
  'eu-west-2': prices(0.011, 0.05),
  'eu-west-3': prices(0.012, 0.05),
  'eu-central-1': prices(0.012, 0.052),
  'eu-north-1': prices(0.011, 0.046),
  'ap-northeast-1': prices(0.014, 0.062),
  'ap-northeast-2': prices(0.013, 0.059),
  'ap-northeast-3': prices(0.014, 0.062),
  'ap-southeast-1': prices(0.013, 0.059),
  'ap-southeast-2': prices(0.013, 0.059),
  'ap-south-1': prices(0.011, 0.056),
  'sa-east-1': prices(0.017, 0.093),
};

interface RegionPriceLookup {
  prices: RegionPrices;
  /** The region whose prices were used (the fallback when `region` is not in the table). */
  pricedRegion: string;
  known: boolean;
}

function pricesForRegion(region: string): RegionPriceLookup {
  const known = REGION_PRICES[region];
  if (known !== undefined) return { prices: known, pricedRegion: region, known: true };
  const fallback = REGION_PRICES[FALLBACK_REGION] ?? prices(0.01, 0.045);
  return { prices: fallback, pricedRegion: FALLBACK_REGION, known: false };
}

export { HOURS_PER_MONTH, PRICES_AS_OF, REGION_PRICES, pricesForRegion };
