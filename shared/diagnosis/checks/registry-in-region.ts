/**
 * `registry-in-region`: ECR images come from this region's registry. Interface endpoints reach
 * only their own region's ECR, so an image in another region needs internet egress or
 * replication. https://docs.aws.amazon.com/AmazonECR/latest/userguide/replication.html
 */
import type { Check } from '../check.js';
import { explainsStopReason } from '../context.js';
import { notApplicable } from '../check.js';
import { putReplicationConfigurationCli } from '../fix-commands.js';
import { makeFinding, makeFix } from './support.js';

const registryInRegion: Check = {
  id: 'registry-in-region',
  codes: ['CROSS_REGION_REGISTRY'],
  scope: 'network',
  evaluate: (context) => {
    const images = context.requirements.crossRegionImages;
    if (context.snapshot.taskDefinition === null) return notApplicable('the task definition is unknown');
    if (images.length === 0) return { status: 'pass', findings: [], explanation: 'every ECR image is in this region' };
    const regions = [...new Set(images.map((image) => image.ecrRegion ?? 'unknown'))];
    const evidenceRegion = context.classification.evidence.region;
    const named = evidenceRegion !== null && evidenceRegion !== context.region;
    const blocking = !context.egressWorks;
    return {
      status: 'fail',
      explanation: `ECR images in ${regions.join(', ')}`,
      findings: [
        makeFinding({
          code: 'CROSS_REGION_REGISTRY',
          severity: blocking ? 'error' : 'info',
          message: `${images.map((image) => image.image).join(', ')} ${images.length > 1 ? 'are' : 'is'} in ECR of ${regions.join(', ')}, not ${context.region}. VPC endpoints here do not reach another region's ECR${blocking ? ', and the task has no NAT or internet path' : '; the pull goes through the NAT/internet path'}.`,
          resources: images.map((image) => image.image),
          fix: makeFix(
            `Replicate the repositories to ${context.region} and use the local image URI, or give the task a NAT route.`,
            [
              `ECR console (${regions[0] ?? 'source region'}) > Private registry > Replication > add ${context.region}`,
              'Then point the task definition at the replicated image',
            ],
            regions.map((region) =>
              putReplicationConfigurationCli(region, context.region, images[0]?.ecrAccountId ?? context.snapshot.accountId)
            ),
            false
          ),
          service: 'ecr.dkr',
          cause: blocking && (named || explainsStopReason(context, { egress: true })),
        }),
      ],
    };
  },
};

export { registryInRegion };
