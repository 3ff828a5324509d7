import { describe, expect, it } from '@jest/globals';
import { deriveTaskRequirements } from '../../../shared/diagnosis/requirements.js';
import { aClassification, aSnapshot, ecrImage, publicImage, secretRef } from '../../helpers/snapshot-builder.js';

const region = 'eu-west-1';

describe('deriveTaskRequirements', () => {
  it('derives the ECR pull, secrets and logs services from the task definition, in start order', () => {
    const requirements = deriveTaskRequirements({
      region,
      taskDefinition: aSnapshot().build().taskDefinition,
      classification: null,
    });
    expect(requirements.services.map((need) => [need.service, need.endpointType])).toEqual([
      ['ecr.api', 'Interface'],
      ['ecr.dkr', 'Interface'],
      ['s3', 'Gateway'],
      ['secretsmanager', 'Interface'],
      ['logs', 'Interface'],
    ]);
    expect(requirements.egress.needed).toBe(false);
    expect(requirements.executionRoleNeeded).toBe(true);
  });

  it('needs egress, not endpoints, for public and cross-region images', () => {
    const taskDefinition = aSnapshot()
      .withImages(publicImage('ghcr.io/acme/app:2'), ecrImage('us-east-1'))
      .withTaskDefinition({ secrets: [], awsLogs: [] })
      .build().taskDefinition;
    const requirements = deriveTaskRequirements({ region, taskDefinition, classification: null });
    expect(requirements.services).toEqual([]);
    expect(requirements.egress.reasons).toHaveLength(2);
    expect(requirements.crossRegionImages.map((image) => image.ecrRegion)).toEqual(['us-east-1']);
    expect(requirements.publicImages.map((image) => image.registryHost)).toEqual(['ghcr.io']);
  });

  it('adds s3 for environment files, ssm for parameters and EFS as report-only', () => {
    const taskDefinition = aSnapshot()
      .withTaskDefinition({
        images: [],
        awsLogs: [],
        secrets: [secretRef('ssm')],
        environmentFiles: ['arn:aws:s3:::bucket/app.env'],
        usesEfs: true,
      })
      .build().taskDefinition;
    const requirements = deriveTaskRequirements({ region, taskDefinition, classification: null });
    expect(requirements.services.map((need) => [need.service, need.reportOnly])).toEqual([
      ['s3', false],
      ['ssm', false],
      ['elasticfilesystem', true],
    ]);
  });

  it('falls back to the classification when the task definition is unknown', () => {
    const secrets = deriveTaskRequirements({
      region,
      taskDefinition: null,
      classification: aClassification('secretsmanager_unreachable'),
    });
    const publicPull = deriveTaskRequirements({
      region,
      taskDefinition: null,
      classification: aClassification('public_registry_unreachable'),
    });
    expect(secrets.services.map((need) => need.service)).toEqual(['secretsmanager']);
    expect(secrets.source).toBe('classification');
    expect(publicPull.egress.needed).toBe(true);
  });

  it('adds kms only when the stop reason names it', () => {
    const taskDefinition = aSnapshot().build().taskDefinition;
    const named = deriveTaskRequirements({
      region,
      taskDefinition,
      classification: aClassification('ambiguous_network', { service: 'kms' }),
    });
    const unnamed = deriveTaskRequirements({
      region,
      taskDefinition,
      classification: aClassification('secretsmanager_unreachable'),
    });
    expect(named.services.map((need) => need.service)).toContain('kms');
    expect(unnamed.services.map((need) => need.service)).not.toContain('kms');
  });
});
