/**
 * One record per finding code: how severe it can be, which hop of the path it belongs to, and
 * whether ecs-netfix fixes it itself (and with which action builder) or leaves it to a person.
 * The plan (shared/remediation/plan.ts), the path (build-path.ts) and docs/findings.md all read
 * this table, so adding a check adds its codes here and nowhere else. Pure data.
 */
import type { EndpointService } from '../../model/snapshot.js';
import type { FindingCode, Severity } from '../finding.js';
import type { HopKind } from '../path.js';

/** The changes ecs-netfix can make itself; shared/remediation/plan.ts has one builder per kind. */
type AutomaticFixKind =
  | 'create-interface-endpoint'
  | 'create-gateway-endpoint'
  | 'add-route-tables-to-gateway-endpoint'
  | 'add-subnets-to-interface-endpoint';

type FixMeta =
  /** ecs-netfix may make the change (outside dry run, within its guardrails), when the finding says so. */
  | { by: 'ecs-netfix'; action: AutomaticFixKind; when: string }
  /** The finding carries the exact fix for a person. */
  | { by: 'person' }
  /** Nothing to fix on the network (a summary). */
  | { by: 'nobody' };

interface FindingMeta {
  /** What the finding means, one sentence for the catalogue. */
  means: string;
  /** The severities its check may give, most severe first. */
  severities: readonly Severity[];
  /** When the severity drops below the first one. */
  severityNote?: string;
  /** The hop of the path it explains; null for summary codes (not attached to a hop). */
  hop: HopKind | null;
  fix: FixMeta;
  /** The service an endpoint code is about (the interface endpoint it creates). */
  service?: EndpointService;
}

/**
 * The order ecs-netfix makes its changes in, and keeps them in under MAX_ENDPOINTS_PER_RUN: what a
 * task needs first (auth, manifest, layers), then logs and secrets. The path shows services in
 * the order the task meets them instead (SERVICE_ORDER in requirements.ts).
 */
const FIX_PRIORITY: readonly EndpointService[] = ['ecr.api', 'ecr.dkr', 's3', 'logs', 'secretsmanager', 'ssm', 'kms'];

const LESS_WITH_EGRESS = 'info when a NAT/internet path works';
const WHEN_ERROR = 'only when it is an error (no other path)';

function missingInterfaceEndpoint(service: EndpointService, what: string): FindingMeta {
  return {
    means: `The task needs ${service} (${what}), the VPC has no ${service} interface endpoint and there is no other path.`,
    severities: ['error', 'info'],
    severityNote: LESS_WITH_EGRESS,
    hop: 'endpoint',
    fix: { by: 'ecs-netfix', action: 'create-interface-endpoint', when: WHEN_ERROR },
    service,
  };
}

function personFixes(means: string, severities: readonly Severity[], hop: HopKind | null, severityNote?: string): FindingMeta {
  return { means, severities, hop, fix: { by: 'person' }, ...(severityNote === undefined ? {} : { severityNote }) };
}

/** An EC2 host's subnet with no path to one of the agent's endpoints: a person decides (alert-only). */
function missingAgentEndpoint(service: string, consequence: string): FindingMeta {
  return personFixes(
    `An EC2 host's subnet has no path to the ${service} endpoint (no NAT or internet route, no endpoint with private DNS): ${consequence}.`,
    ['error', 'warning'],
    'endpoint',
    'warning while the agent is connected'
  );
}

const FINDING_META: Readonly<Record<FindingCode, FindingMeta>> = {
  ECR_API_ENDPOINT_MISSING: missingInterfaceEndpoint('ecr.api', 'the ECR authorization token'),
  ECR_DKR_ENDPOINT_MISSING: missingInterfaceEndpoint('ecr.dkr', 'the image manifest'),
  LOGS_ENDPOINT_MISSING: missingInterfaceEndpoint('logs', 'the awslogs driver'),
  SECRETSMANAGER_ENDPOINT_MISSING: missingInterfaceEndpoint('secretsmanager', 'its secrets'),
  SSM_ENDPOINT_MISSING: missingInterfaceEndpoint('ssm', 'its parameters'),
  KMS_ENDPOINT_MISSING: missingInterfaceEndpoint('kms', 'a customer key the stop reason names'),
  S3_GATEWAY_ENDPOINT_MISSING: {
    means: 'Image layers come from S3 and the VPC has no S3 gateway endpoint and no other path.',
    severities: ['error', 'info'],
    severityNote: LESS_WITH_EGRESS,
    hop: 'endpoint',
    fix: { by: 'ecs-netfix', action: 'create-gateway-endpoint', when: WHEN_ERROR },
    service: 's3',
  },
  S3_GATEWAY_ROUTE_MISSING: {
    means: "The S3 gateway endpoint exists but is not on the task subnets' route table.",
    severities: ['error', 'info'],
    severityNote: LESS_WITH_EGRESS,
    hop: 'endpoint',
    fix: {
      by: 'ecs-netfix',
      action: 'add-route-tables-to-gateway-endpoint',
      when: `${WHEN_ERROR}, on endpoints tagged ManagedBy=ecs-netfix (others with ALLOW_USER_ENDPOINT_CHANGES)`,
    },
    service: 's3',
  },
  ENDPOINT_AZ_NOT_COVERED: {
    means: 'The endpoint has no subnet in an AZ the tasks use: cross-AZ traffic, and an AZ outage breaks it.',
    severities: ['warning'],
    hop: 'endpoint',
    fix: { by: 'ecs-netfix', action: 'add-subnets-to-interface-endpoint', when: 'on endpoints tagged ManagedBy=ecs-netfix' },
  },
  ENDPOINT_NOT_AVAILABLE: personFixes(
    "The needed service's only endpoints are pending, pendingAcceptance, failed, rejected or deleting.",
    ['error', 'warning'],
    'endpoint',
    'warning when a NAT/internet path works'
  ),
  ENDPOINT_PRIVATE_DNS_DISABLED: personFixes(
    'The endpoint exists but private DNS is off: the task still resolves public addresses.',
    ['error', 'warning'],
    'endpoint',
    'warning when a NAT/internet path works'
  ),
  PATH_BLOCKED_AT_ENDPOINT: personFixes(
    'A private address of an existing endpoint timed out: DNS works, something blocks the connection.',
    ['error'],
    'endpoint'
  ),
  SHARED_ENDPOINT_ROUTE_MISSING: personFixes(
    'A private hosted zone sends the service to a shared endpoint outside the VPC, but no route (or no record) reaches it.',
    ['error'],
    'endpoint'
  ),
  SHARED_ENDPOINT_UNVERIFIED: personFixes(
    "A shared endpoint outside the VPC is reached through a transit route: the path past the VPC's edge cannot be followed from here.",
    ['warning'],
    'endpoint'
  ),
  S3_ENDPOINT_POLICY_BLOCKS_LAYERS: personFixes(
    "The S3 endpoint's policy does not allow the image layer downloads.",
    ['error'],
    'endpoint'
  ),
  ENDPOINT_POLICY_BLOCKS_ACCESS: personFixes(
    "An endpoint's policy does not allow what the task start needs.",
    ['error'],
    'endpoint'
  ),
  EFS_MOUNT_TARGET_MISSING: personFixes(
    'The EFS file system has no mount target in an AZ where tasks run.',
    ['error', 'warning'],
    'endpoint',
    'warning for an AZ the service places tasks in but this task did not run in'
  ),
  CROSS_REGION_REGISTRY: personFixes(
    "An ECR image in another region: this VPC's endpoints do not reach it.",
    ['error', 'info'],
    'endpoint',
    'info when a NAT/internet path works'
  ),
  ENDPOINT_SG_BLOCKS_HTTPS: personFixes(
    "No rule of the endpoint's security group allows TCP 443 in from the tasks.",
    ['error', 'warning'],
    'security-group',
    'warning when the endpoint is not in use'
  ),
  TASK_SG_BLOCKS_HTTPS: personFixes(
    "The task's security groups allow no TCP 443 out to where its traffic goes.",
    ['error'],
    'security-group'
  ),
  EFS_NFS_BLOCKED: personFixes(
    'Security groups or NACLs block NFS (TCP 2049) between the task and the EFS mount target.',
    ['error'],
    'security-group'
  ),
  NETWORK_CONFIG_UNKNOWN: personFixes(
    "A standalone task's security groups are unknown: lists what could not be checked.",
    ['info'],
    'security-group'
  ),
  NACL_BLOCKS_HTTPS: personFixes(
    'A network ACL on the path denies TCP 443 or the ephemeral ports back.',
    ['error'],
    'network-acl'
  ),
  VPC_DNS_DISABLED: personFixes(
    'enableDnsSupport or enableDnsHostnames is off while the task needs interface endpoints.',
    ['error', 'warning'],
    'dns',
    'warning when only hostnames are off and a NAT/internet path works'
  ),
  CUSTOM_DNS_SERVERS: personFixes(
    "DHCP options name custom DNS servers; they may not see the endpoints' private zones.",
    ['warning'],
    'dns'
  ),
  NO_EGRESS_ROUTE: personFixes(
    'A public registry, another region or cross-region secrets need the internet and the subnet has no NAT/internet path.',
    ['error'],
    'route-table'
  ),
  NAT_ROUTE_BLACKHOLE: personFixes(
    "The default route's NAT gateway is a blackhole or unknown.",
    ['error', 'warning'],
    'route-table',
    'warning when the task does not rely on egress'
  ),
  PUBLIC_SUBNET_WITHOUT_PUBLIC_IP: personFixes(
    'A Fargate task in a subnet routed to an internet gateway, with assignPublicIp off.',
    ['error', 'warning'],
    'route-table',
    'warning when the task does not rely on egress'
  ),
  NAT_GATEWAY_UNAVAILABLE: personFixes(
    'The NAT gateway on the route is pending, failed, deleting or deleted.',
    ['error', 'warning'],
    'nat-gateway',
    'warning when the task does not rely on egress'
  ),
  SUBNET_NO_FREE_IPS: personFixes(
    'A task subnet has no free address: no task (and no endpoint) can be placed there.',
    ['error', 'warning'],
    'subnet',
    'warning for a subnet that did not hold this task'
  ),
  // The EC2 host's agent, not a hop of the task's own path: ordered with the endpoints. Alert-only:
  // ECS placed the task there, so the agent reached ECS then (perhaps through a proxy the VPC does not show).
  ECS_ENDPOINT_MISSING: missingAgentEndpoint('ecs', 'its agent cannot poll for work'),
  ECS_AGENT_ENDPOINT_MISSING: missingAgentEndpoint('ecs-agent', 'its agent cannot keep its connection'),
  ECS_TELEMETRY_ENDPOINT_MISSING: missingAgentEndpoint('ecs-telemetry', 'its agent cannot send metrics'),
  EXECUTION_ROLE_MISSING: personFixes(
    'ECR images, secrets or awslogs, but no execution role in the task definition.',
    ['error'],
    'iam'
  ),
  EXECUTION_ROLE_PERMISSION_MISSING: personFixes(
    'The execution role is denied an action the task start needs.',
    ['error'],
    'iam'
  ),
  NOT_A_NETWORK_PROBLEM: {
    means:
      'The stop reason is not a network failure nor IAM (image gone, credentials, rate limit, disk...): network checks do not run.',
    severities: ['warning'],
    hop: null,
    fix: { by: 'nobody' },
  },
  NO_PROBLEM_FOUND: {
    means: 'A network failure, but no error finding: the path looks complete now (fixed since, or transient).',
    severities: ['info'],
    hop: null,
    fix: { by: 'nobody' },
  },
};

export { FINDING_META, FIX_PRIORITY };
export type { AutomaticFixKind, FixMeta };
