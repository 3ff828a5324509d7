import { describe, expect, it } from '@jest/globals';
import { resolveAwsTarget } from '../../../../shared/cli/aws-options.js';
import { UsageError } from '../../../../shared/errors.js';

const noProfileRegion = async () => null;

describe('resolveAwsTarget', () => {
  it('prefers --region and --profile over the environment', async () => {
    const target = await resolveAwsTarget(
      { region: 'us-east-2', profile: 'ops' },
      { env: { AWS_REGION: 'eu-west-1', AWS_PROFILE: 'dev' } },
      'scan',
      noProfileRegion
    );

    expect(target).toEqual({ region: 'us-east-2', profile: 'ops' });
  });

  it('falls back to AWS_REGION, then AWS_DEFAULT_REGION, then the profile', async () => {
    expect((await resolveAwsTarget({}, { env: { AWS_REGION: 'eu-west-1' } }, 'scan', noProfileRegion)).region).toBe('eu-west-1');
    expect((await resolveAwsTarget({}, { env: { AWS_DEFAULT_REGION: 'ap-south-1' } }, 'scan', noProfileRegion)).region).toBe(
      'ap-south-1'
    );
    const fromProfile = await resolveAwsTarget({ profile: 'ops' }, { env: {} }, 'scan', async (profile) =>
      profile === 'ops' ? 'eu-central-1' : null
    );
    expect(fromProfile).toEqual({ region: 'eu-central-1', profile: 'ops' });
  });

  it('is a usage error naming every way to set a region when none is set', async () => {
    await expect(resolveAwsTarget({}, { env: {} }, 'scan', noProfileRegion)).rejects.toThrow(
      new UsageError('no AWS region: pass --region REGION, set AWS_REGION, or set region in the profile', 'scan')
    );
  });

  it('is a usage error when the region is not a region name', async () => {
    await expect(resolveAwsTarget({ region: 'Ireland' }, { env: {} }, 'check', noProfileRegion)).rejects.toThrow(
      '"Ireland" is not an AWS region name (e.g. eu-west-1)'
    );
  });
});
