/**
 * What the endpoint-policy checks share: the requests a task start makes through each service's
 * endpoint (the execution role's calls), and the finding that names the statement to add.
 */
import type { EndpointService, VpcEndpointFacts } from '../../model/snapshot.js';
import { partitionOf, permissionRequestsFor } from '../../model/permissions.js';
import type { PermissionRequest } from '../../model/permissions.js';
import type { DiagnosisContext } from '../context.js';
import type { Finding, FindingCode } from '../finding.js';
import { explainsStopReason } from '../context.js';
import { allowStatement, evaluateEndpointPolicy } from '../net/endpoint-policy.js';
import { makeFinding, makeFix } from './support.js';

/** ECR keeps image layers in this AWS-owned bucket; the S3 endpoint policy must allow it. */
function layerBucketObjects(region: string): string {
  return `arn:${partitionOf(region)}:s3:::prod-${region}-starport-layer-bucket/*`;
}

/** The (action, resource) pairs the task start sends through the service's endpoint. */
function requestsThrough(context: DiagnosisContext, service: EndpointService): PermissionRequest[] {
  const definition = context.snapshot.taskDefinition;
  if (definition === null) return [];
  if (service === 's3') {
    return definition.environmentFiles.map((file) => ({ action: 's3:GetObject', resource: file, service: 's3' }));
  }
  return permissionRequestsFor(definition, context.region, context.snapshot.accountId).filter(
    (request) => request.service === service
  );
}

/** The requests the endpoint's policy refuses outright (conditions make a request unknown, not refused). */
function refusedRequests(
  endpoint: VpcEndpointFacts,
  requests: PermissionRequest[],
  principalArn: string | null
): PermissionRequest[] {
  const document = endpoint.policyDocument;
  if (document === null) return [];
  return requests.filter((request) => evaluateEndpointPolicy(document, { ...request, principalArn }) === 'denied');
}

/** The endpoint whose policy applies to the service's calls today, if the calls go through one of the VPC's endpoints. */
function endpointInUse(context: DiagnosisContext, service: EndpointService): VpcEndpointFacts | null {
  const route = context.routes.find((candidate) => candidate.need.service === service);
  if (route === undefined || route.via !== 'endpoint' || route.endpoint === null) return null;
  return route.endpoint.policyDocument === null ? null : route.endpoint;
}

function policyFinding(
  context: DiagnosisContext,
  code: FindingCode,
  endpoint: VpcEndpointFacts,
  service: EndpointService,
  refused: PermissionRequest[],
  why: string
): Finding {
  const actions = refused.map((request) => request.action);
  const resources = refused.map((request) => request.resource);
  const statement = allowStatement('AllowEcsTaskStart', actions, resources);
  const id = endpoint.vpcEndpointId;
  return makeFinding({
    code,
    severity: 'error',
    message: `The policy of ${service} endpoint ${id} does not allow ${refused.map((request) => `${request.action} on ${request.resource}`).join(', ')}: ${why}. Add this statement to the endpoint policy: ${statement}`,
    resources: [id],
    fix: makeFix(
      `Add to the policy of ${id} the statement ${statement}`,
      [`VPC console > Endpoints > ${id} > Policy > Edit > add the statement ${statement}`],
      [
        `aws ec2 describe-vpc-endpoints --vpc-endpoint-ids ${id} --query 'VpcEndpoints[0].PolicyDocument' --output text --region ${context.region} > policy.json`,
        `# add the statement to the Statement list of policy.json, then:`,
        `aws ec2 modify-vpc-endpoint --vpc-endpoint-id ${id} --policy-document file://policy.json --region ${context.region}`,
      ],
      false
    ),
    service,
    // Through the endpoint the refusal reads as 403 (IAM); a policy can also stall a retried call.
    cause: explainsStopReason(context, { iam: true }) || explainsStopReason(context, { services: [service] }),
  });
}

export { endpointInUse, layerBucketObjects, policyFinding, refusedRequests, requestsThrough };
