/** What a diagnosis check reports: a stable code, what is wrong, and the exact fix. */

const FINDING_CODES = [
  'ECR_API_ENDPOINT_MISSING',
  'ECR_DKR_ENDPOINT_MISSING',
  'S3_GATEWAY_ENDPOINT_MISSING',
  'S3_GATEWAY_ROUTE_MISSING',
  'LOGS_ENDPOINT_MISSING',
  'SECRETSMANAGER_ENDPOINT_MISSING',
  'SSM_ENDPOINT_MISSING',
  'KMS_ENDPOINT_MISSING',
  'ENDPOINT_NOT_AVAILABLE',
  'ENDPOINT_PRIVATE_DNS_DISABLED',
  'ENDPOINT_AZ_NOT_COVERED',
  'ENDPOINT_SG_BLOCKS_HTTPS',
  'TASK_SG_BLOCKS_HTTPS',
  'NACL_BLOCKS_HTTPS',
  'VPC_DNS_DISABLED',
  'CUSTOM_DNS_SERVERS',
  'NO_EGRESS_ROUTE',
  'NAT_ROUTE_BLACKHOLE',
  'NAT_GATEWAY_UNAVAILABLE',
  'PUBLIC_SUBNET_WITHOUT_PUBLIC_IP',
  'EXECUTION_ROLE_PERMISSION_MISSING',
  'EXECUTION_ROLE_MISSING',
  'CROSS_REGION_REGISTRY',
  'PATH_BLOCKED_AT_ENDPOINT',
  'NETWORK_CONFIG_UNKNOWN',
  'SHARED_ENDPOINT_ROUTE_MISSING',
  'SHARED_ENDPOINT_UNVERIFIED',
  'S3_ENDPOINT_POLICY_BLOCKS_LAYERS',
  'ENDPOINT_POLICY_BLOCKS_ACCESS',
  'EFS_MOUNT_TARGET_MISSING',
  'EFS_NFS_BLOCKED',
  'SUBNET_NO_FREE_IPS',
  'ECS_ENDPOINT_MISSING',
  'ECS_AGENT_ENDPOINT_MISSING',
  'ECS_TELEMETRY_ENDPOINT_MISSING',
  'NOT_A_NETWORK_PROBLEM',
  'NO_PROBLEM_FOUND',
] as const;

type FindingCode = (typeof FINDING_CODES)[number];

/**
 * `error`: this stops the task from starting. `warning`: it will, or it costs money/latency.
 * `info`: worth knowing, nothing to fix.
 */
type Severity = 'error' | 'warning' | 'info';

interface FindingFix {
  /** One sentence: the change to make. */
  summary: string;
  /** Console steps, in order. */
  console: string[];
  /** AWS CLI commands with the real IDs filled in. */
  cli: string[];
  /** True when ecs-netfix can make this change itself (outside dry-run, within guardrails). */
  automatic: boolean;
}

interface Finding {
  code: FindingCode;
  severity: Severity;
  /** Plain English: what is wrong and why it stops the task. */
  message: string;
  /** IDs/ARNs the finding concerns (subnets, route tables, endpoints, groups, roles). */
  resources: string[];
  fix: FindingFix;
  /** For endpoint findings: the service (`ecr.api`, ...) the finding is about. */
  service?: string;
  /** Whether this finding explains the failure in the stop reason (vs found along the way). */
  cause: boolean;
}

export { FINDING_CODES };
export type { Finding, FindingCode, FindingFix, Severity };
