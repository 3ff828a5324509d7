/**
 * `s3-endpoint-policy-allows-layers`: the policy of the S3 endpoint the task uses (gateway or
 * interface) allows `s3:GetObject` on ECR's layer bucket. AWS documents this as the minimum for
 * image pulls through an S3 endpoint: without it every ECR pull fails at the layer download.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html#ecr-minimum-s3-perms
 */
import type { Check } from '../check.js';
import { notApplicable, pass } from '../check.js';
import { evaluateEndpointPolicy } from '../net/endpoint-policy.js';
import { endpointInUse, layerBucketObjects, policyFinding } from './policy-support.js';

const s3EndpointPolicyAllowsLayers: Check = {
  id: 's3-endpoint-policy-allows-layers',
  codes: ['S3_ENDPOINT_POLICY_BLOCKS_LAYERS'],
  // A refusing policy shows as 403 Access Denied, which classifies as IAM, not network.
  scope: 'always',
  evaluate: (context) => {
    const pullsEcr = context.requirements.services.some((need) => need.service === 'ecr.dkr');
    if (!pullsEcr) return notApplicable('the task pulls no ECR image of this region');
    const endpoint = endpointInUse(context, 's3');
    if (endpoint === null || endpoint.policyDocument === null)
      return notApplicable('no S3 endpoint with a custom policy carries the layer downloads');
    const request = { action: 's3:GetObject', resource: layerBucketObjects(context.region), service: 's3' as const };
    const verdict = evaluateEndpointPolicy(endpoint.policyDocument, {
      ...request,
      principalArn: context.snapshot.taskDefinition?.executionRoleArn ?? null,
    });
    if (verdict === 'allowed') return pass(`the policy of ${endpoint.vpcEndpointId} allows the ECR layer bucket`);
    if (verdict === 'unknown')
      return pass(`the policy of ${endpoint.vpcEndpointId} has conditions on the layer bucket: could not be evaluated`);
    return {
      status: 'fail',
      explanation: `the policy of ${endpoint.vpcEndpointId} does not allow the ECR layer bucket`,
      findings: [
        policyFinding(
          context,
          'S3_ENDPOINT_POLICY_BLOCKS_LAYERS',
          endpoint,
          's3',
          [request],
          'ECR serves image layers from that bucket, so every image pull through this endpoint fails (S3 answers 403 Access Denied)'
        ),
      ],
    };
  },
};

export { s3EndpointPolicyAllowsLayers };
