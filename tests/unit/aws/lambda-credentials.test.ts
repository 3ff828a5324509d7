import { afterEach, describe, expect, it } from '@jest/globals';
import { defaultProvider } from '../../../shared/aws/lambda-credentials.js';

const saved = { ...process.env };

describe('the Lambda credential chain', () => {
  afterEach(() => {
    process.env = { ...saved };
  });

  it('reads the role credentials Lambda puts in the environment', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'ASIAEXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = 'secret';
    process.env.AWS_SESSION_TOKEN = 'token';

    const credentials = await defaultProvider()();

    expect(credentials).toMatchObject({ accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' });
  });

  it('fails with the SDK credentials error when the environment has none', async () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;

    await expect(defaultProvider()()).rejects.toMatchObject({ name: 'CredentialsProviderError' });
  });
});
