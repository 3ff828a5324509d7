/**
 * `subnet-free-addresses`: every AZ of the task subnets has a subnet with a free address. Each
 * task takes one address (its ENI) and each interface endpoint one per subnet; with none left,
 * tasks cannot start there and EC2 refuses a new endpoint with `InsufficientFreeAddressesInSubnet`.
 * The counts are the subnets' `AvailableIpAddressCount` (DescribeSubnets).
 * https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html#prerequisites-interface-endpoints
 */
import type { Check } from '../check.js';
import type { Finding } from '../finding.js';
import type { SubnetFacts } from '../../model/snapshot.js';
import { failWith, notApplicable } from '../check.js';
import { fullAzs } from '../context.js';
import { makeFinding, makeFix } from './support.js';

function counted(subnets: SubnetFacts[]): string {
  return subnets.map((subnet) => `${subnet.subnetId} (${subnet.availableIpAddressCount ?? 'unknown'} free)`).join(', ');
}

function widenFix(region: string, subnets: SubnetFacts[]): Finding['fix'] {
  const ids = subnets.map((subnet) => subnet.subnetId);
  return makeFix(
    `Free addresses in ${ids.join(', ')} (stop unused ENIs, or add a subnet with room in this AZ to the service), then start the task again.`,
    [
      `VPC console > Subnets > ${ids[0] ?? '<subnet-id>'} > check Available IPv4 addresses`,
      'EC2 console > Network Interfaces > filter by the subnet > delete ENIs in status "available" that nothing uses',
      'Or: ECS console > the service > Update > Networking > add a subnet of this AZ with free addresses',
    ],
    [
      `aws ec2 describe-network-interfaces --filters Name=subnet-id,Values=${ids.join(',')} Name=status,Values=available --query 'NetworkInterfaces[].NetworkInterfaceId' --region ${region}`,
    ],
    // Freeing addresses or choosing subnets is a person's decision.
    false
  );
}

const subnetFreeAddresses: Check = {
  id: 'subnet-free-addresses',
  codes: ['SUBNET_NO_FREE_IPS'],
  // A task that found its subnet full never got an address, whatever the stop reason says.
  scope: 'always',
  evaluate: (context) => {
    const known = context.taskSubnets.filter((subnet) => typeof subnet.availableIpAddressCount === 'number');
    if (known.length === 0) return notApplicable('the free address counts of the task subnets are not known');
    const taskSubnetId = context.task.subnetId;
    const findings: Finding[] = [];
    for (const { availabilityZone, subnets } of fullAzs(known)) {
      const holdsTask = subnets.some((subnet) => subnet.subnetId === taskSubnetId);
      // Outside a network failure only the task's own subnet matters to this task.
      if (!holdsTask && !context.isNetworkFailure) continue;
      // A task that has an address got it before the subnet filled up: fullness did not stop it.
      const cause = holdsTask && context.task.privateIp === null;
      findings.push(
        makeFinding({
          code: 'SUBNET_NO_FREE_IPS',
          severity: holdsTask ? 'error' : 'warning',
          message: holdsTask
            ? `The task's subnet has no free address: ${counted(subnets)} in ${availabilityZone}. A task needs one for its network interface, and an interface endpoint one per subnet.`
            : `No task subnet in ${availabilityZone} has a free address: ${counted(subnets)}. Tasks cannot start there, and ecs-netfix places no endpoint there.`,
          resources: subnets.map((subnet) => subnet.subnetId),
          fix: widenFix(context.region, subnets),
          cause,
        })
      );
    }
    return failWith(findings, 'a task AZ has no subnet with a free address', 'every task AZ has a subnet with free addresses');
  },
};

export { subnetFreeAddresses };
