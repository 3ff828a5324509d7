/**
 * `egress-route-present`: a task that needs the internet (public registry images, ECR of another
 * region, cross-region secrets or logs) has a NAT or public-IP path. No VPC endpoint replaces it.
 * https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html
 */
import type { Check } from '../check.js';
import { explainsStopReason } from '../context.js';
import { notApplicable, pass } from '../check.js';
import { createNatGatewayCli, createNatRouteCli } from '../fix-commands.js';
import { availableNatGatewayId, brokenPathsByTable } from './egress-support.js';
import { makeFinding, makeFix } from './support.js';

const egressRoutePresent: Check = {
  id: 'egress-route-present',
  codes: ['NO_EGRESS_ROUTE'],
  scope: 'network',
  evaluate: (context) => {
    const egress = context.requirements.egress;
    if (!egress.needed) return notApplicable('the task needs no internet egress');
    const fargate = context.task.launchType !== 'EC2' && context.task.launchType !== 'EXTERNAL';
    // Blackholes, unavailable NATs and Fargate without a public IP have their own findings.
    const problems = [
      'no-default-route',
      'nat-private',
      'nat-subnet-no-igw',
      'igw-not-attached',
      ...(fargate ? [] : ['no-public-ip' as const]),
    ] as const;
    const broken = brokenPathsByTable(context, problems);
    if (broken.length === 0) return pass('the task subnets have a NAT or internet path (or another finding explains why not)');
    const natId = availableNatGatewayId(context);
    const tables = broken.map((entry) => entry.path.routeTableId).filter((id): id is string => id !== null);
    const cli = [
      ...(natId === null ? [createNatGatewayCli(context.region, null)] : []),
      ...tables.map((tableId) => createNatRouteCli(context.region, tableId, natId)),
    ];
    return {
      status: 'fail',
      explanation: 'the task needs internet egress and has none',
      findings: [
        makeFinding({
          code: 'NO_EGRESS_ROUTE',
          severity: 'error',
          message: `The task needs the internet (${egress.reasons.join('; ')}), but ${broken.map((entry) => entry.path.detail).join('; ')}. VPC endpoints do not help here.`,
          resources: [...tables, ...broken.flatMap((entry) => entry.subnetIds)],
          fix: makeFix(
            natId === null
              ? 'Create a NAT gateway in a public subnet and route 0.0.0.0/0 of the task route tables to it (or mirror public images into ECR with a pull-through cache).'
              : `Route 0.0.0.0/0 of ${tables.join(', ')} to ${natId} (or mirror public images into ECR with a pull-through cache).`,
            [
              natId === null
                ? 'VPC console > NAT gateways > Create NAT gateway in a public subnet with an Elastic IP'
                : `Use NAT gateway ${natId}`,
              `VPC console > Route tables > ${tables.join(', ')} > Routes > Edit > add 0.0.0.0/0 -> the NAT gateway`,
            ],
            cli,
            false
          ),
          cause: explainsStopReason(context, { egress: true }),
        }),
      ],
    };
  },
};

export { egressRoutePresent };
