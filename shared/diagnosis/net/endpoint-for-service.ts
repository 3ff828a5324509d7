/** Finding the VPC endpoint that serves a service, and whether private DNS sends traffic to it. */
import type { EndpointService, Snapshot, VpcEndpointFacts, VpcFacts } from '../../model/snapshot.js';

/** Deleted endpoints stay listed for a while (AWS and moto): they are no endpoint at all. */
const GONE_STATES: ReadonlySet<string> = new Set(['deleted']);

/** Every endpoint of the VPC for the service and type, in any state but deleted. */
function endpointsForService(
  snapshot: Pick<Snapshot, 'endpoints' | 'vpc'>,
  service: EndpointService,
  type: 'Interface' | 'Gateway'
): VpcEndpointFacts[] {
  const vpcId = snapshot.vpc?.vpcId ?? null;
  return snapshot.endpoints.filter(
    (endpoint) =>
      endpoint.service === service &&
      endpoint.type === type &&
      !GONE_STATES.has(endpoint.state.toLowerCase()) &&
      (vpcId === null || endpoint.vpcId === vpcId)
  );
}

/**
 * The endpoint that decides the path: the available one with private DNS when there is one
 * (only one endpoint per service can own the private DNS name), else the best of the rest.
 */
function primaryEndpoint(endpoints: VpcEndpointFacts[]): VpcEndpointFacts | null {
  const rank = (endpoint: VpcEndpointFacts): number =>
    (endpoint.state === 'available' ? 2 : 0) + (endpoint.privateDnsEnabled ? 1 : 0);
  return [...endpoints].sort((a, b) => rank(b) - rank(a))[0] ?? null;
}

/** True when the VPC resolves private DNS names (null attributes count as unknown, not off). */
function isVpcPrivateDnsCapable(vpc: VpcFacts | null): boolean {
  return vpc?.enableDnsSupport !== false && vpc?.enableDnsHostnames !== false;
}

/**
 * True when the service's public name resolves to this interface endpoint inside the VPC.
 * https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html#private-dns
 */
function isPrivateDnsInEffect(endpoint: VpcEndpointFacts, vpc: VpcFacts | null): boolean {
  return endpoint.state === 'available' && endpoint.privateDnsEnabled && isVpcPrivateDnsCapable(vpc);
}

export { endpointsForService, isPrivateDnsInEffect, primaryEndpoint };
