/**
 * The credential chain of the Lambda bundle. Lambda always hands a function its role's credentials
 * in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, so the SDK's full default
 * chain (SSO, profiles, web identity, IMDS, with the STS/SSO clients they carry) is dead weight at
 * cold start. esbuild.config.mjs puts this module in place of `@aws-sdk/credential-provider-node`
 * for the functions only; the CLI keeps the full chain (profiles, SSO).
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

type FromEnvInit = Parameters<typeof fromEnv>[0];

function defaultProvider(init: FromEnvInit = {}): ReturnType<typeof fromEnv> {
  return fromEnv(init);
}

export { defaultProvider };
