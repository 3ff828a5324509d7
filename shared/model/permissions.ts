/**
 * What the task's execution role must be allowed to do before its containers can start, as
 * (action, resource) pairs, and the interface of whatever answers whether it is allowed.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html
 */
import type { EndpointService, PermissionFacts, TaskDefinitionFacts } from './snapshot.js';

interface PermissionRequest {
  action: string;
  resource: string;
  /** The service endpoint the call goes through (decides `aws:SourceVpce`). */
  service?: EndpointService;
}

/**
 * The request context IAM would see for calls through each service's path: `aws:SourceVpc` and
 * `aws:SourceVpce` exist only on requests that come through a VPC endpoint.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourcevpce
 */
interface PermissionContext {
  vpcId: string | null;
  /** The endpoint each service's calls use today, when it is one of the VPC's own. */
  endpointIdByService: Partial<Record<EndpointService, string>>;
}

/** Answers "may this role do these actions on these resources?" (IAM simulation, or a fake). */
interface PermissionChecker {
  check(
    roleArn: string,
    requests: PermissionRequest[],
    signal?: AbortSignal,
    context?: PermissionContext
  ): Promise<PermissionFacts>;
}

const ECR_PULL_ACTIONS = ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'] as const;

function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** `arn:...:secret:name-AbCdEf:json-key:version-stage:version-id` -> the secret's own ARN. */
function secretArnOf(valueFrom: string): string {
  return valueFrom.split(':').slice(0, 7).join(':');
}

function parameterArnOf(valueFrom: string, region: string, accountId: string): string {
  if (valueFrom.startsWith('arn:')) return valueFrom;
  const name = valueFrom.replace(/^\//, '');
  return `arn:${partitionOf(region)}:ssm:${region}:${accountId}:parameter/${name}`;
}

/** Every (action, resource) the execution role needs for this task definition, without duplicates. */
function permissionRequestsFor(
  taskDefinition: TaskDefinitionFacts,
  taskRegion: string,
  accountId: string | null
): PermissionRequest[] {
  const account = accountId ?? '*';
  const requests: PermissionRequest[] = [];
  const ecrImages = taskDefinition.images.filter((image) => image.registryKind === 'ecr');
  // The auth token is not tied to a repository: AWS documents `Resource: "*"` for it.
  if (ecrImages.length > 0) requests.push({ action: 'ecr:GetAuthorizationToken', resource: '*', service: 'ecr.api' });
  for (const image of ecrImages) {
    const region = image.ecrRegion ?? taskRegion;
    const repositoryArn = `arn:${partitionOf(region)}:ecr:${region}:${image.ecrAccountId ?? account}:repository/${image.repository}`;
    for (const action of ECR_PULL_ACTIONS) requests.push({ action, resource: repositoryArn, service: 'ecr.dkr' });
  }
  for (const log of taskDefinition.awsLogs) {
    if (log.group === null) continue;
    const region = log.region ?? taskRegion;
    const groupArn = `arn:${partitionOf(region)}:logs:${region}:${account}:log-group:${log.group}:*`;
    requests.push({ action: 'logs:CreateLogStream', resource: groupArn, service: 'logs' });
    requests.push({ action: 'logs:PutLogEvents', resource: groupArn, service: 'logs' });
  }
  for (const secret of taskDefinition.secrets) {
    if (secret.source === 'secretsmanager') {
      requests.push({
        action: 'secretsmanager:GetSecretValue',
        resource: secretArnOf(secret.valueFrom),
        service: 'secretsmanager',
      });
    } else {
      requests.push({
        action: 'ssm:GetParameters',
        resource: parameterArnOf(secret.valueFrom, secret.region, account),
        service: 'ssm',
      });
    }
  }
  const seen = new Set<string>();
  return requests.filter((request) => {
    const key = `${request.action} ${request.resource}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The facts to record when no check ran, with the reason in plain words. */
function notEvaluated(roleArn: string | null, note: string): PermissionFacts {
  return { evaluated: false, roleArn, results: [], note };
}

export { notEvaluated, partitionOf, permissionRequestsFor };
export type { PermissionChecker, PermissionContext, PermissionRequest };
