/**
 * What the built Lambda bundle (dist/remediate, built by `npm test` before the suites) contains:
 * ES module builds of the SDK only, and not the credential chain a Lambda never uses.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';

interface Metafile {
  outputs: Record<string, { entryPoint?: string; inputs: Record<string, { bytesInOutput: number }> }>;
}

const meta = JSON.parse(readFileSync('dist/remediate/meta.json', 'utf8')) as Metafile;
const inputs = Object.keys(Object.values(meta.outputs).find((output) => output.entryPoint)?.inputs ?? {});

describe('dist/remediate/index.mjs', () => {
  it('holds no CommonJS build of an @aws-sdk or @smithy package', () => {
    expect(inputs.filter((input) => /@(aws-sdk|smithy)\/[^/]+\/dist-cjs\//.test(input))).toEqual([]);
  });

  it('takes credentials from the environment only (no SSO, profile, web identity or IMDS chain)', () => {
    const chain = inputs.filter((input) =>
      /credential-provider-(node|sso|ini|web-identity|process|imds)|nested-clients/.test(input)
    );
    expect(chain).toEqual([]);
    expect(inputs.some((input) => input.includes('shared/aws/lambda-credentials.ts'))).toBe(true);
  });
});
