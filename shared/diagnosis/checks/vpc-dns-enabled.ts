/**
 * `vpc-dns-enabled`: the VPC has `enableDnsSupport` and `enableDnsHostnames` on. Private DNS
 * for interface endpoints needs both; without DNS support the Amazon resolver answers nothing.
 * https://docs.aws.amazon.com/vpc/latest/userguide/AmazonDNS-concepts.html#vpc-dns-support
 */
import type { Check } from '../check.js';
import { explainsStopReason } from '../context.js';
import { notApplicable, pass } from '../check.js';
import { enableVpcDnsCli } from '../fix-commands.js';
import { makeFinding, makeFix } from './support.js';

const vpcDnsEnabled: Check = {
  id: 'vpc-dns-enabled',
  codes: ['VPC_DNS_DISABLED'],
  scope: 'network',
  evaluate: (context) => {
    const vpc = context.snapshot.vpc;
    if (vpc === null) return notApplicable('the VPC was not described');
    const supportOff = vpc.enableDnsSupport === false;
    const hostnamesOff = vpc.enableDnsHostnames === false;
    if (!supportOff && !hostnamesOff) return pass('DNS support and DNS hostnames are on');
    const interfaceServices = context.requirements.services
      .filter((need) => need.endpointType === 'Interface' && !need.reportOnly)
      .map((need) => need.service);
    if (!supportOff && interfaceServices.length === 0) {
      return notApplicable('DNS hostnames are off, but the task needs no interface endpoint');
    }
    const off = [supportOff ? 'enableDnsSupport' : null, hostnamesOff ? 'enableDnsHostnames' : null].filter(
      (name): name is string => name !== null
    );
    // Without DNS support nothing resolves; without hostnames only endpoint private DNS breaks.
    const blocking = supportOff || !context.egressWorks;
    const cli = [
      ...(supportOff ? [enableVpcDnsCli(context.region, vpc.vpcId, 'support')] : []),
      ...(hostnamesOff ? [enableVpcDnsCli(context.region, vpc.vpcId, 'hostnames')] : []),
    ];
    return {
      status: 'fail',
      explanation: `${off.join(' and ')} off`,
      findings: [
        makeFinding({
          code: 'VPC_DNS_DISABLED',
          severity: blocking ? 'error' : 'warning',
          message: `VPC ${vpc.vpcId} has ${off.join(' and ')} turned off, so ${supportOff ? 'the Amazon DNS server does not answer and names do not resolve' : "interface endpoints' private DNS names do not resolve to the endpoints"}${interfaceServices.length > 0 ? ` (the task needs ${interfaceServices.join(', ')})` : ''}.`,
          resources: [vpc.vpcId],
          fix: makeFix(
            `Turn on ${off.join(' and ')} for ${vpc.vpcId}.`,
            [
              `VPC console > Your VPCs > ${vpc.vpcId} > Actions > Edit VPC settings > tick Enable DNS resolution and Enable DNS hostnames`,
            ],
            cli,
            false
          ),
          cause: blocking && explainsStopReason(context, { services: interfaceServices, dns: true }),
        }),
      ],
    };
  },
};

export { vpcDnsEnabled };
