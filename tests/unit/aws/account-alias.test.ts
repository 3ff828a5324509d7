import { IAMClient, ListAccountAliasesCommand } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createAccountAliasReader } from '../../../shared/aws/account-alias.js';

const iamMock = mockClient(IAMClient);
const iam = new IAMClient({ region: 'eu-west-1', maxAttempts: 1 });

afterEach(() => {
  iamMock.reset();
});

function accessDenied(): Error {
  const error = new Error(
    'User: arn:aws:sts::210987654321:assumed-role/ecs-netfix-spoke/x is not authorized to perform: iam:ListAccountAliases'
  );
  error.name = 'AccessDenied';
  Object.assign(error, { $fault: 'client', $metadata: { httpStatusCode: 403 } });
  return error;
}

describe('createAccountAliasReader', () => {
  it('reads the one alias and asks IAM once per account', async () => {
    iamMock.on(ListAccountAliasesCommand).resolves({ AccountAliases: ['payments-prod'], IsTruncated: false });
    const aliasOf = createAccountAliasReader();

    expect(await aliasOf(iam, '210987654321')).toBe('payments-prod');
    expect(await aliasOf(iam, '210987654321')).toBe('payments-prod');
    expect(iamMock.commandCalls(ListAccountAliasesCommand)).toHaveLength(1);
  });

  it('gives null for an account without an alias, and remembers that', async () => {
    iamMock.on(ListAccountAliasesCommand).resolves({ AccountAliases: [], IsTruncated: false });
    const aliasOf = createAccountAliasReader();

    expect(await aliasOf(iam, '210987654321')).toBeNull();
    expect(await aliasOf(iam, '210987654321')).toBeNull();
    expect(iamMock.commandCalls(ListAccountAliasesCommand)).toHaveLength(1);
  });

  it('leaves the alias out when the spoke role may not list it, and asks again next time', async () => {
    iamMock
      .on(ListAccountAliasesCommand)
      .rejectsOnce(accessDenied())
      .resolves({ AccountAliases: ['payments-prod'] });
    const aliasOf = createAccountAliasReader();

    expect(await aliasOf(iam, '210987654321')).toBeNull();
    expect(await aliasOf(iam, '210987654321')).toBe('payments-prod');
  });
});
