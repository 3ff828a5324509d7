/**
 * Where the task's HTTPS traffic goes for each need, as security group and NACL checks see it:
 * an interface endpoint's ENIs, S3 through the gateway route, or the internet via NAT/IGW.
 */
import type { EndpointService, VpcEndpointFacts } from '../../model/snapshot.js';
import type { DiagnosisContext } from '../context.js';
import type { TrafficPeer } from '../net/sg-allows-https.js';

interface HttpsDestination {
  kind: 'interface-endpoint' | 's3-gateway' | 'shared-endpoint' | 'internet';
  /** For people: `ecr.api endpoint vpce-1`, `S3 (gateway endpoint)`, `the internet (NAT/IGW)`. */
  label: string;
  services: EndpointService[];
  /** True when this destination carries the task's internet egress (public images). */
  egress: boolean;
  endpoint: VpcEndpointFacts | null;
  peer: TrafficPeer;
}

/** CIDRs of the endpoint's subnets when all are known, else the VPC's CIDRs. */
function endpointCidrs(context: DiagnosisContext, endpoint: VpcEndpointFacts): string[] {
  const cidrs = endpoint.subnetIds.map(
    (subnetId) => context.snapshot.subnets.find((subnet) => subnet.subnetId === subnetId)?.cidrBlock
  );
  if (cidrs.length > 0 && cidrs.every((cidr) => cidr !== undefined)) return cidrs as string[];
  return context.snapshot.vpc?.cidrBlocks ?? [];
}

/** The destinations in use today. Needs with no path at all are left to the missing-path checks. */
function httpsDestinations(context: DiagnosisContext): HttpsDestination[] {
  const destinations: HttpsDestination[] = [];
  const internetServices: EndpointService[] = [];
  for (const route of context.routes) {
    if (route.need.reportOnly) continue;
    if (route.via === 'egress') internetServices.push(route.need.service);
    if (route.via === 'shared-endpoint' && route.shared !== null && route.shared.addresses.length > 0) {
      destinations.push({
        kind: 'shared-endpoint',
        label: `${route.need.service} shared endpoint ${route.shared.addresses.join(', ')} (private zone ${route.shared.hostedZoneId})`,
        services: [route.need.service],
        egress: false,
        endpoint: null,
        peer: { cidrs: route.shared.addresses.map((address) => `${address}/32`), groupIds: [], prefixListIds: [] },
      });
      continue;
    }
    if (route.via !== 'endpoint' || route.endpoint === null) continue;
    if (route.endpoint.type === 'Gateway') {
      const prefixListIds = context.snapshot.s3PrefixListId === null ? [] : [context.snapshot.s3PrefixListId];
      destinations.push({
        kind: 's3-gateway',
        label: `S3 via gateway endpoint ${route.endpoint.vpcEndpointId}`,
        services: [route.need.service],
        egress: false,
        endpoint: route.endpoint,
        peer: { cidrs: ['0.0.0.0/0'], groupIds: [], prefixListIds },
      });
    } else {
      destinations.push({
        kind: 'interface-endpoint',
        label: `${route.need.service} endpoint ${route.endpoint.vpcEndpointId}`,
        services: [route.need.service],
        egress: false,
        endpoint: route.endpoint,
        peer: { cidrs: endpointCidrs(context, route.endpoint), groupIds: route.endpoint.securityGroupIds, prefixListIds: [] },
      });
    }
  }
  const egressNeeded = context.requirements.egress.needed && context.egressWorks;
  if (internetServices.length > 0 || egressNeeded) {
    destinations.push({
      kind: 'internet',
      label: 'the internet (NAT/internet gateway)',
      services: internetServices,
      egress: egressNeeded,
      endpoint: null,
      peer: { cidrs: ['0.0.0.0/0'], groupIds: [], prefixListIds: [] },
    });
  }
  return destinations;
}

export { httpsDestinations };
export type { HttpsDestination };
