/**
 * The planned AWS call budget of one `gatherSnapshot` (shared/inspect/gather.ts), as data, so tests can
 * assert it. EC2 Describe* calls draw from an account-wide token bucket: a burst of failed tasks
 * must not throttle the account, so each API is called at most once per event, in three rounds,
 * plus two short rounds that run only when they have something to ask: IAM (with the endpoints
 * as context) and Route 53 (only when a needed service has no endpoint of its own in the VPC).
 * EFS is read only for tasks with EFS volumes; the container instance and its EC2 instance only
 * for tasks that ran on one (EC2 launch type).
 */

interface GatherRound {
  round: number;
  /** Why this round waits for the previous one. */
  needs: string;
  operations: string[];
}

/** Independent reads run in parallel inside a round; a round starts when it has what it needs. */
const GATHER_ROUNDS: readonly GatherRound[] = [
  {
    round: 1,
    needs: 'the event only',
    operations: ['ECS.DescribeServices', 'ECS.DescribeTaskDefinition', 'ECS.DescribeContainerInstances'],
  },
  {
    round: 2,
    needs: "the service's subnets, the task definition's EFS volumes and the container instance's EC2 instance id",
    operations: ['EC2.DescribeSubnets', 'EFS.DescribeMountTargets', 'EC2.DescribeInstances'],
  },
  {
    round: 3,
    needs: "the subnets' VPC id (or the EC2 instance's, for a task without an ENI)",
    operations: [
      // The host instance's subnet, when no earlier read has it (a bridge/host-mode task's only subnet).
      'EC2.DescribeSubnets',
      'EC2.DescribeVpcs',
      'EC2.DescribeVpcAttribute',
      'EC2.DescribeDhcpOptions',
      'EC2.DescribeRouteTables',
      'EC2.DescribeNatGateways',
      'EC2.DescribeInternetGateways',
      'EC2.DescribeVpcEndpoints',
      'EC2.DescribeSecurityGroups',
      'EC2.DescribeNetworkAcls',
      'EC2.DescribePrefixLists',
      'EFS.DescribeMountTargetSecurityGroups',
    ],
  },
  {
    round: 4,
    needs: "the VPC's endpoints (the IAM context aws:SourceVpce; which services lack an endpoint)",
    operations: ['IAM.SimulatePrincipalPolicy', 'Route53.ListHostedZonesByVPC', 'EC2.DescribeVpcEndpointServices'],
  },
  {
    round: 5,
    needs: 'the private hosted zones that cover a needed service name',
    operations: ['Route53.ListResourceRecordSets'],
  },
];

const GATHER_CALL_BUDGET = {
  maxRounds: 5,
  /** Upper bound per operation for one event, when no response is paginated. */
  maxCallsPerOperation: {
    'ECS.DescribeServices': 1,
    'ECS.DescribeTaskDefinition': 1,
    // Only for a task that ran on a container instance (EC2 launch type): its host.
    'ECS.DescribeContainerInstances': 1,
    'EC2.DescribeInstances': 1,
    // The task subnets (round 2) and, for an EC2 task whose host sits in another subnet, the host's (round 3).
    'EC2.DescribeSubnets': 2,
    'EC2.DescribeVpcs': 1,
    // AWS returns one attribute per call: enableDnsSupport and enableDnsHostnames.
    'EC2.DescribeVpcAttribute': 2,
    'EC2.DescribeDhcpOptions': 1,
    'EC2.DescribeRouteTables': 1,
    'EC2.DescribeNatGateways': 1,
    'EC2.DescribeInternetGateways': 1,
    'EC2.DescribeVpcEndpoints': 1,
    'EC2.DescribeSecurityGroups': 1,
    'EC2.DescribeNetworkAcls': 1,
    'EC2.DescribePrefixLists': 1,
    // Only when a needed endpoint misses a task AZ: the AZs the service is offered in.
    'EC2.DescribeVpcEndpointServices': 1,
    // One simulation per resource set: ECR auth, ECR repositories, log groups, secrets, parameters.
    'IAM.SimulatePrincipalPolicy': 5,
    // Only when a needed interface service has no endpoint in the VPC.
    'Route53.ListHostedZonesByVPC': 1,
    // One per zone covering a needed name: ecr.api, ecr.dkr, logs, secretsmanager, ssm (and kms).
    'Route53.ListResourceRecordSets': 6,
    // Only with EFS volumes: one per file system, then one per mount target in the task's AZs.
    'EFS.DescribeMountTargets': 2,
    'EFS.DescribeMountTargetSecurityGroups': 6,
  } as Readonly<Record<string, number>>,
} as const;

/** Plain-words budget violations of a finished gather (empty when within budget). */
function findBudgetViolations(callsByOperation: Record<string, number>, roundsUsed: number): string[] {
  const violations: string[] = [];
  if (roundsUsed > GATHER_CALL_BUDGET.maxRounds) {
    violations.push(`${roundsUsed} sequential rounds, budget ${GATHER_CALL_BUDGET.maxRounds}`);
  }
  for (const [operation, count] of Object.entries(callsByOperation)) {
    const limit = GATHER_CALL_BUDGET.maxCallsPerOperation[operation];
    if (limit === undefined) violations.push(`${operation} is not part of the gather plan`);
    else if (count > limit) violations.push(`${operation} called ${count} times, budget ${limit}`);
  }
  return violations;
}

export { GATHER_CALL_BUDGET, GATHER_ROUNDS, findBudgetViolations };
