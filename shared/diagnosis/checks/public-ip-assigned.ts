/**
 * `public-ip-assigned`: a Fargate task in a public subnet (default route to an internet gateway)
 * gets a public IP; without one it cannot use the internet gateway at all.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-networking.html
 */
import type { Check } from '../check.js';
import { explainsStopReason } from '../context.js';
import { failWith, notApplicable } from '../check.js';
import { enableServicePublicIpCli } from '../fix-commands.js';
import { brokenPathsByTable } from './egress-support.js';
import { dependsOnEgress, makeFinding, makeFix } from './support.js';

const publicIpAssigned: Check = {
  id: 'public-ip-assigned',
  codes: ['PUBLIC_SUBNET_WITHOUT_PUBLIC_IP'],
  scope: 'network',
  evaluate: (context) => {
    const launchType = context.task.launchType;
    if (launchType === 'EC2' || launchType === 'EXTERNAL') return notApplicable('public IPs apply to Fargate tasks only');
    const broken = brokenPathsByTable(context, ['no-public-ip']);
    const needed = dependsOnEgress(context);
    const subnetIds = broken.flatMap((entry) => entry.subnetIds);
    const tables = broken.map((entry) => entry.path.routeTableId).filter((id): id is string => id !== null);
    const serviceName = context.task.serviceName;
    const findings =
      broken.length === 0
        ? []
        : [
            makeFinding({
              code: 'PUBLIC_SUBNET_WITHOUT_PUBLIC_IP',
              severity: needed ? 'error' : 'warning',
              message: `Subnet ${subnetIds.join(', ')} routes 0.0.0.0/0 to an internet gateway (${tables.join(', ')}), but the Fargate task runs with assignPublicIp DISABLED, so it has no way out to the internet.`,
              resources: [...subnetIds, ...tables],
              fix: makeFix(
                'Turn on assignPublicIp for the task, or run it in private subnets with a NAT gateway or VPC endpoints.',
                [
                  serviceName === null
                    ? 'Run the task again with "Public IP: Turned on" (run-task --network-configuration ... assignPublicIp=ENABLED)'
                    : `ECS console > ${context.task.clusterName} > ${serviceName} > Update > Networking > Public IP: Turned on`,
                ],
                serviceName === null
                  ? []
                  : [
                      enableServicePublicIpCli({
                        region: context.region,
                        cluster: context.task.clusterName,
                        service: serviceName,
                        subnetIds: context.snapshot.network.subnetIds,
                        securityGroupIds: context.snapshot.network.securityGroupIds,
                      }),
                    ],
                false
              ),
              cause: needed && explainsStopReason(context, { egress: true }),
            }),
          ];
    return failWith(findings, 'public subnet without a public IP', 'no public-subnet task without a public IP');
  },
};

export { publicIpAssigned };
