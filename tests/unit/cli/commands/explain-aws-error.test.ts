import { describe, expect, it } from '@jest/globals';
import { explainAwsError } from '../../../../shared/cli/explain-aws-error.js';
import { AwsCallError } from '../../../../shared/errors.js';

function sdkError(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 }, ...extra });
}

const TARGET = { region: 'eu-west-1', profile: null };

describe('explainAwsError', () => {
  it('explains missing credentials with the login command', () => {
    const error = new AwsCallError(
      'DescribeServices',
      'api in prod',
      sdkError('CredentialsProviderError', 'Could not load credentials from any providers')
    );

    expect(explainAwsError(error, TARGET)).toEqual({
      problem: 'no AWS credentials found (no environment keys, profile, SSO session or instance role)',
      fix: "run 'aws configure' or 'aws sso login', or pass --profile NAME",
    });
  });

  it('names the profile when its credentials cannot be loaded', () => {
    const error = sdkError('CredentialsProviderError', 'Profile dev could not be found');

    expect(explainAwsError(error, { region: 'eu-west-1', profile: 'dev' })).toEqual({
      problem: 'no AWS credentials could be loaded for profile dev',
      fix: "run 'aws sso login --profile dev' (or check the profile in ~/.aws/config)",
    });
  });

  it.each(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired'])('tells to log in again for %s', (name) => {
    const error = new AwsCallError(
      'EC2.DescribeVpcEndpoints',
      'vpc-1',
      sdkError(name, 'The security token included in the request is expired')
    );

    expect(explainAwsError(error, { region: 'eu-west-1', profile: 'prod' })).toEqual({
      problem: 'the AWS session token has expired',
      fix: "log in again ('aws sso login --profile prod') or refresh the temporary credentials",
    });
  });

  it('names the denied IAM action from the error text', () => {
    const error = new AwsCallError(
      'ECS.ListClusters',
      'the account',
      sdkError(
        'AccessDeniedException',
        'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: ecs:ListClusters on resource: *'
      )
    );

    expect(explainAwsError(error, TARGET)).toEqual({
      problem: 'not allowed to call ecs:ListClusters in eu-west-1',
      fix: 'grant ecs:ListClusters to your role or user (docs/cli.md, "Permissions", lists what each command needs)',
    });
  });

  it('derives the denied action from the operation when EC2 does not name it', () => {
    const error = new AwsCallError(
      'EC2.DescribeVpcEndpoints',
      'vpc-1',
      sdkError('UnauthorizedOperation', 'You are not authorized to perform this operation.')
    );

    expect(explainAwsError(error, TARGET)?.problem).toBe('not allowed to call ec2:DescribeVpcEndpoints in eu-west-1');
  });

  it('explains throttling that outlasted the retries', () => {
    const error = new AwsCallError(
      'EC2.DescribeSubnets',
      'subnet-1',
      sdkError('RequestLimitExceeded', 'Request limit exceeded.')
    );

    expect(explainAwsError(error, TARGET)).toEqual({
      problem: 'AWS throttled EC2.DescribeSubnets (subnet-1) in eu-west-1 even after retries',
      fix: 'wait a minute and run it again, or narrow it (--cluster, --service, --vpc)',
    });
  });

  it('explains a missing region', () => {
    expect(explainAwsError(new Error('Region is missing'), { region: null, profile: null })).toEqual({
      problem: 'no AWS region is set',
      fix: 'pass --region REGION, or set AWS_REGION',
    });
  });

  it('points at the region spelling when the endpoint host does not resolve', () => {
    const error = new AwsCallError(
      'ECS.ListClusters',
      'the account',
      Object.assign(new Error('getaddrinfo ENOTFOUND ecs.eu-wset-1.amazonaws.com'), { code: 'ENOTFOUND' })
    );

    expect(explainAwsError(error, { region: 'eu-wset-1', profile: null })).toEqual({
      problem: 'could not reach AWS in eu-wset-1 (ENOTFOUND)',
      fix: 'check the --region spelling (eu-wset-1) and your network or proxy; AWS_ENDPOINT_URL, when set, must point at a running server',
    });
  });

  it('explains rejected credentials', () => {
    const error = sdkError('InvalidClientTokenId', 'The security token included in the request is invalid.');

    expect(explainAwsError(error, TARGET)?.problem).toBe('AWS rejected the credentials (InvalidClientTokenId)');
  });

  it('leaves errors it does not know to the caller', () => {
    expect(explainAwsError(sdkError('InvalidParameterValue', 'bad value'), TARGET)).toBeNull();
    expect(explainAwsError(new TypeError('x is undefined'), TARGET)).toBeNull();
  });
});
