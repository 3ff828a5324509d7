/**
 * One list of throttling and network codes: what the Lambda retries and what the CLI explains as
 * throttling or "could not reach" cannot disagree again (SlowDown was explained but not retried,
 * ThrottledException retried but not explained).
 */
import { describe, expect, it } from '@jest/globals';
import { explainAwsError } from '../../../shared/cli/explain-aws-error.js';
import { AwsCallError, NETWORK_ERROR_CODES, THROTTLING_CODES, isTransientAwsError } from '../../../shared/errors.js';

const TARGET = { region: 'eu-west-1', profile: null };

function awsError(name: string, httpStatusCode: number): Error {
  return Object.assign(new Error(`${name} from AWS`), { name, $metadata: { httpStatusCode } });
}

function networkError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:443`), { code });
}

describe('transient error codes', () => {
  it.each([...THROTTLING_CODES])('%s is retried by the Lambda and explained as throttling by the CLI', (name) => {
    const error = awsError(name, 400);

    expect(isTransientAwsError(error)).toBe(true);
    expect(new AwsCallError('EC2.DescribeVpcs', 'vpc-1', error).transient).toBe(true);
    expect(explainAwsError(new AwsCallError('EC2.DescribeVpcs', 'vpc-1', error), TARGET)?.problem).toMatch(/throttled/);
  });

  it.each([...NETWORK_ERROR_CODES])('%s is retried and explained as "could not reach AWS"', (code) => {
    const error = networkError(code);

    expect(isTransientAwsError(error)).toBe(true);
    expect(explainAwsError(error, TARGET)?.problem).toBe(`could not reach AWS in eu-west-1 (${code})`);
  });

  it.each(['AccessDenied', 'ValidationException', 'InvalidParameterValue', 'ThrottlingExceptionForged'])(
    'does not retry %s (a 400 that is not throttling)',
    (name) => {
      expect(isTransientAwsError(awsError(name, 400))).toBe(false);
    }
  );
});
