/**
 * `endpoint-policies-allow-access`: the policies of the endpoints the task's start-up calls go
 * through (ecr.api, ecr.dkr, logs, secretsmanager, ssm; S3 for environment files) allow those
 * calls for the execution role. A statement with a condition is not judged (unknown, not denied).
 * https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
 */
import type { EndpointService } from '../../model/snapshot.js';
import type { Check } from '../check.js';
import type { Finding } from '../finding.js';
import { failWith, notApplicable } from '../check.js';
import { endpointInUse, policyFinding, refusedRequests, requestsThrough } from './policy-support.js';

const SERVICES: readonly EndpointService[] = ['ecr.api', 'ecr.dkr', 's3', 'logs', 'secretsmanager', 'ssm'];

const WHY: Partial<Record<EndpointService, string>> = {
  'ecr.api': 'the ECR auth token request is refused (403), so the pull never starts',
  'ecr.dkr': 'the image manifest and layer URLs are refused (403), so the pull fails',
  s3: 'the environment files cannot be downloaded, so the task does not start',
  logs: 'the awslogs driver cannot create its stream, so the container does not start',
  secretsmanager: 'the secrets cannot be read, so the task does not start',
  ssm: 'the parameters cannot be read, so the task does not start',
};

const endpointPoliciesAllowAccess: Check = {
  id: 'endpoint-policies-allow-access',
  codes: ['ENDPOINT_POLICY_BLOCKS_ACCESS'],
  // A refusing policy shows as 403 Access Denied, which classifies as IAM, not network.
  scope: 'always',
  evaluate: (context) => {
    const principalArn = context.snapshot.taskDefinition?.executionRoleArn ?? null;
    const findings: Finding[] = [];
    let judged = 0;
    for (const service of SERVICES) {
      const endpoint = endpointInUse(context, service);
      if (endpoint === null) continue;
      const requests = requestsThrough(context, service);
      if (requests.length === 0) continue;
      judged += 1;
      const refused = refusedRequests(endpoint, requests, principalArn);
      if (refused.length > 0) {
        findings.push(
          policyFinding(
            context,
            'ENDPOINT_POLICY_BLOCKS_ACCESS',
            endpoint,
            service,
            refused,
            WHY[service] ?? 'the call is refused'
          )
        );
      }
    }
    if (judged === 0) return notApplicable('no endpoint with a custom policy carries the task start calls');
    return failWith(
      findings,
      'an endpoint policy refuses a call the task start makes',
      'the endpoint policies allow the task start calls'
    );
  },
};

export { endpointPoliciesAllowAccess };
