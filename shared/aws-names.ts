/** Names and tags shared by inspection, planning, apply and the stack. */
import type { EndpointService } from './model/snapshot.js';

/** Every resource ecs-netfix creates carries this tag; IAM conditions and rollback rely on it. */
const MANAGED_BY_TAG = { key: 'ManagedBy', value: 'ecs-netfix' } as const;
/** Put `ecs-netfix:ignore=true` on a VPC or an ECS service to opt it out. */
const OPT_OUT_TAG_KEY = 'ecs-netfix:ignore';
const TRIGGER_TASK_TAG_KEY = 'ecs-netfix:trigger-task';
const CREATED_AT_TAG_KEY = 'ecs-netfix:created-at';
const INCIDENT_TAG_KEY = 'ecs-netfix:incident';
/** Every key ecs-netfix puts on what it creates; the IAM policy allows no other (aws:TagKeys). */
const TAG_KEYS_ON_CREATE = [MANAGED_BY_TAG.key, 'Name', TRIGGER_TASK_TAG_KEY, CREATED_AT_TAG_KEY, INCIDENT_TAG_KEY] as const;
/** `source` of the audit events the function puts on the bus; the IAM policy allows no other. */
const AUDIT_SOURCE = 'ecs-netfix';
/**
 * `ecs-netfix:added:<rtb-|subnet-id>` on an endpoint: ecs-netfix attached that route table or
 * subnet (value: the incident). Rollback detaches exactly these and nothing a person added.
 */
const ADDED_TAG_PREFIX = 'ecs-netfix:added:';
/** aws:TagKeys patterns the IAM policy allows on a create: our keys, and what an endpoint carries. */
const TAG_KEY_PATTERNS_ON_CREATE = [...TAG_KEYS_ON_CREATE, `${ADDED_TAG_PREFIX}*`] as const;
/** Name of the per-VPC endpoint security group that ecs-netfix creates once and reuses. */
const ENDPOINT_SECURITY_GROUP_NAME = 'ecs-netfix-endpoints';

/**
 * Services whose endpoint service name carries the `cn.` prefix in the China regions (aws-cn):
 * `cn.com.amazonaws.cn-north-1.ecr.api`. Others keep `com.amazonaws.<region>.<service>` there.
 */
const CN_PREFIXED_SERVICES: ReadonlySet<EndpointService> = new Set<EndpointService>(['ecr.api', 'ecr.dkr']);

/**
 * The name EC2 uses for an AWS service's endpoint in `region`. A name AWS itself returned
 * (`known`: the VPC's endpoints, DescribeVpcEndpointServices) wins, matched by suffix; else
 * `com.amazonaws.<region>.<service>`, with the `cn.` prefix for the services above in aws-cn.
 */
function endpointServiceName(region: string, service: EndpointService, known: readonly string[] = []): string {
  const reported = known.find((name) => shortServiceName(region, name) === service);
  if (reported !== undefined) return reported;
  const prefix = region.startsWith('cn-') && CN_PREFIXED_SERVICES.has(service) ? 'cn.com.amazonaws' : 'com.amazonaws';
  return `${prefix}.${region}.${service}`;
}

const KNOWN_SERVICES: readonly EndpointService[] = [
  'ecr.api',
  'ecr.dkr',
  's3',
  'logs',
  'secretsmanager',
  'ssm',
  'kms',
  'sts',
  'ecs',
  'ecs-agent',
  'ecs-telemetry',
  'elasticfilesystem',
];

/**
 * The short service of an endpoint service name in `region`, or null when it is not one we know.
 * Read by suffix: in aws-cn some services are `cn.com.amazonaws.<region>.<svc>` (ECR among them).
 */
function shortServiceName(region: string, serviceName: string): EndpointService | null {
  const prefix = [`com.amazonaws.${region}.`, `cn.com.amazonaws.${region}.`].find((candidate) =>
    serviceName.startsWith(candidate)
  );
  if (prefix === undefined) return null;
  const rest = serviceName.slice(prefix.length);
  return KNOWN_SERVICES.find((service) => service === rest) ?? null;
}

export {
  ADDED_TAG_PREFIX,
  AUDIT_SOURCE,
  CREATED_AT_TAG_KEY,
  ENDPOINT_SECURITY_GROUP_NAME,
  INCIDENT_TAG_KEY,
  MANAGED_BY_TAG,
  OPT_OUT_TAG_KEY,
  TAG_KEYS_ON_CREATE,
  TAG_KEY_PATTERNS_ON_CREATE,
  TRIGGER_TASK_TAG_KEY,
  endpointServiceName,
  shortServiceName,
};
