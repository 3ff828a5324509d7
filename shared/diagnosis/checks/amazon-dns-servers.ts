/**
 * `amazon-dns-servers`: the VPC's DHCP options use AmazonProvidedDNS. Custom DNS servers do not
 * see the endpoints' private hosted zones unless they forward to the Route 53 Resolver.
 * https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html#private-dns
 */
import type { Check } from '../check.js';
import { explainsStopReason } from '../context.js';
import { notApplicable, pass } from '../check.js';
import { amazonDnsDhcpOptionsCli } from '../fix-commands.js';
import { makeFinding, makeFix } from './support.js';

const AMAZON_DNS = 'AmazonProvidedDNS';

const amazonDnsServers: Check = {
  id: 'amazon-dns-servers',
  codes: ['CUSTOM_DNS_SERVERS'],
  scope: 'network',
  evaluate: (context) => {
    const vpc = context.snapshot.vpc;
    if (vpc === null) return notApplicable('the VPC was not described');
    const servers = vpc.domainNameServers;
    if (servers.length === 0 || servers.includes(AMAZON_DNS)) return pass('the VPC uses AmazonProvidedDNS');
    const interfaceServices = context.routes
      .filter((route) => route.need.endpointType === 'Interface' && !route.need.reportOnly && route.endpoint !== null)
      .map((route) => route.need.service);
    if (interfaceServices.length === 0 && context.classification.category !== 'dns_resolution_failed') {
      return notApplicable('custom DNS servers, but no interface endpoint relies on private DNS');
    }
    const dhcp = vpc.dhcpOptionsId ?? '<dhcp-options-id>';
    return {
      status: 'fail',
      explanation: `custom DNS servers ${servers.join(', ')}`,
      findings: [
        makeFinding({
          code: 'CUSTOM_DNS_SERVERS',
          severity: 'warning',
          message: `VPC ${vpc.vpcId} uses custom DNS servers (${servers.join(', ')}) through DHCP options ${dhcp}. Unless they forward amazonaws.com to the Route 53 Resolver, tasks resolve public addresses instead of the ${interfaceServices.join(', ') || 'interface'} endpoints.`,
          resources: [vpc.vpcId, dhcp],
          fix: makeFix(
            'Make the DNS servers forward AWS service names to the Route 53 Resolver (VPC CIDR base + 2), or use AmazonProvidedDNS.',
            [
              'On the custom DNS servers: forward amazonaws.com to the VPC resolver (e.g. 10.0.0.2)',
              `Or VPC console > DHCP option sets > create one with AmazonProvidedDNS > associate it with ${vpc.vpcId}`,
            ],
            amazonDnsDhcpOptionsCli(context.region, vpc.vpcId, AMAZON_DNS),
            false
          ),
          cause: explainsStopReason(context, { services: interfaceServices, dns: true }),
        }),
      ],
    };
  },
};

export { amazonDnsServers };
