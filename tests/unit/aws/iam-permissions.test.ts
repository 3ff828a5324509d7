import { IAMClient, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from '@jest/globals';
import { batchRequests, createPermissionChecker } from '../../../shared/aws/iam-permissions.js';

const iamMock = mockClient(IAMClient);
const ROLE = 'arn:aws:iam::123456789012:role/api-exec';
const REPO = 'arn:aws:ecr:eu-west-1:123456789012:repository/api';
const SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf';

function awsError(name: string, status: number): Error {
  return Object.assign(new Error(`${name} from IAM`), { name, $metadata: { httpStatusCode: status } });
}

afterEach(() => {
  iamMock.reset();
});

describe('batchRequests', () => {
  it('asks every action of one resource set in one simulation', () => {
    expect(
      batchRequests([
        { action: 'ecr:GetAuthorizationToken', resource: '*' },
        { action: 'ecr:BatchGetImage', resource: REPO },
        { action: 'ecr:GetDownloadUrlForLayer', resource: REPO },
        { action: 'secretsmanager:GetSecretValue', resource: SECRET },
      ])
    ).toEqual([
      { actions: ['ecr:GetAuthorizationToken'], resources: ['*'], service: null },
      { actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], resources: [REPO], service: null },
      { actions: ['secretsmanager:GetSecretValue'], resources: [SECRET], service: null },
    ]);
  });

  it('keeps calls through different endpoints apart, since one call carries one context', () => {
    expect(
      batchRequests([
        { action: 'logs:CreateLogStream', resource: '*', service: 'logs' },
        { action: 'ecr:GetAuthorizationToken', resource: '*', service: 'ecr.api' },
      ])
    ).toEqual([
      { actions: ['logs:CreateLogStream'], resources: ['*'], service: 'logs' },
      { actions: ['ecr:GetAuthorizationToken'], resources: ['*'], service: 'ecr.api' },
    ]);
  });
});

describe('createPermissionChecker with the request context', () => {
  it('passes aws:SourceVpc and aws:SourceVpce of the endpoint the call uses, and none over NAT', async () => {
    iamMock.on(SimulatePrincipalPolicyCommand).resolves({ EvaluationResults: [] });
    const checker = createPermissionChecker(new IAMClient({ region: 'eu-west-1' }), 'simulate');

    await checker.check(
      ROLE,
      [
        { action: 'ecr:BatchGetImage', resource: REPO, service: 'ecr.dkr' },
        { action: 'secretsmanager:GetSecretValue', resource: SECRET, service: 'secretsmanager' },
      ],
      undefined,
      { vpcId: 'vpc-0abc', endpointIdByService: { 'ecr.dkr': 'vpce-0dkr' } }
    );

    const inputs = iamMock.commandCalls(SimulatePrincipalPolicyCommand).map((call) => call.args[0].input);
    expect(inputs.find((input) => input.ActionNames?.includes('ecr:BatchGetImage'))?.ContextEntries).toEqual([
      { ContextKeyName: 'aws:SourceVpc', ContextKeyValues: ['vpc-0abc'], ContextKeyType: 'string' },
      { ContextKeyName: 'aws:SourceVpce', ContextKeyValues: ['vpce-0dkr'], ContextKeyType: 'string' },
    ]);
    expect(inputs.find((input) => input.ActionNames?.includes('secretsmanager:GetSecretValue'))?.ContextEntries).toBeUndefined();
  });

  it('reports a decision that needs missing context as missingContext, never as a denial', async () => {
    // The shape IAM returns for a role restricted with aws:SourceVpce when no context is given.
    iamMock.on(SimulatePrincipalPolicyCommand).resolves({
      EvaluationResults: [
        {
          EvalActionName: 'secretsmanager:GetSecretValue',
          EvalResourceName: SECRET,
          EvalDecision: 'implicitDeny',
          MatchedStatements: [],
          MissingContextValues: ['aws:SourceVpce'],
          ResourceSpecificResults: [
            {
              EvalResourceName: SECRET,
              EvalResourceDecision: 'implicitDeny',
              MatchedStatements: [],
              MissingContextValues: ['aws:SourceVpce'],
            },
          ],
        },
      ],
      IsTruncated: false,
    });
    const checker = createPermissionChecker(new IAMClient({ region: 'eu-west-1' }), 'simulate');

    const facts = await checker.check(ROLE, [
      { action: 'secretsmanager:GetSecretValue', resource: SECRET, service: 'secretsmanager' },
    ]);

    expect(facts.results).toEqual([
      {
        action: 'secretsmanager:GetSecretValue',
        resource: SECRET,
        decision: 'missingContext',
        missingContextKeys: ['aws:SourceVpce'],
      },
    ]);
  });

  it('keeps an explicit deny that needed no context a denial', async () => {
    iamMock.on(SimulatePrincipalPolicyCommand).resolves({
      EvaluationResults: [
        {
          EvalActionName: 'secretsmanager:GetSecretValue',
          EvalResourceName: SECRET,
          EvalDecision: 'explicitDeny',
          MissingContextValues: [],
        },
      ],
    });
    const checker = createPermissionChecker(new IAMClient({ region: 'eu-west-1' }), 'simulate');

    const facts = await checker.check(ROLE, [{ action: 'secretsmanager:GetSecretValue', resource: SECRET }]);

    expect(facts.results).toEqual([{ action: 'secretsmanager:GetSecretValue', resource: SECRET, decision: 'explicitDeny' }]);
  });
});

describe('createPermissionChecker', () => {
  it('reports allowed, implicitDeny and explicitDeny per action and resource', async () => {
    // Prepare
    iamMock.on(SimulatePrincipalPolicyCommand, { ActionNames: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] }).resolves({
      EvaluationResults: [
        {
          EvalActionName: 'ecr:BatchGetImage',
          EvalDecision: 'allowed',
          ResourceSpecificResults: [{ EvalResourceName: REPO, EvalResourceDecision: 'allowed' }],
        },
        {
          EvalActionName: 'ecr:GetDownloadUrlForLayer',
          EvalDecision: 'explicitDeny',
          ResourceSpecificResults: [{ EvalResourceName: REPO, EvalResourceDecision: 'explicitDeny' }],
        },
      ],
    });
    iamMock.on(SimulatePrincipalPolicyCommand, { ActionNames: ['secretsmanager:GetSecretValue'] }).resolves({
      EvaluationResults: [
        { EvalActionName: 'secretsmanager:GetSecretValue', EvalResourceName: SECRET, EvalDecision: 'implicitDeny' },
      ],
    });
    const checker = createPermissionChecker(new IAMClient({ region: 'eu-west-1' }), 'simulate');

    // Act
    const facts = await checker.check(ROLE, [
      { action: 'ecr:BatchGetImage', resource: REPO },
      { action: 'ecr:GetDownloadUrlForLayer', resource: REPO },
      { action: 'secretsmanager:GetSecretValue', resource: SECRET },
    ]);

    // Assess
    expect(facts).toEqual({
      evaluated: true,
      roleArn: ROLE,
      note: null,
      results: [
        { action: 'ecr:BatchGetImage', resource: REPO, decision: 'allowed' },
        { action: 'ecr:GetDownloadUrlForLayer', resource: REPO, decision: 'explicitDeny' },
        { action: 'secretsmanager:GetSecretValue', resource: SECRET, decision: 'implicitDeny' },
      ],
    });
  });

  it('follows the Marker of a truncated simulation', async () => {
    iamMock
      .on(SimulatePrincipalPolicyCommand)
      .resolvesOnce({
        IsTruncated: true,
        Marker: 'page-2',
        EvaluationResults: [{ EvalActionName: 'logs:CreateLogStream', EvalDecision: 'allowed' }],
      })
      .resolvesOnce({
        IsTruncated: false,
        EvaluationResults: [{ EvalActionName: 'logs:PutLogEvents', EvalDecision: 'implicitDeny' }],
      });
    const checker = createPermissionChecker(new IAMClient({ region: 'eu-west-1' }), 'simulate');
    const group = 'arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/api:*';

    const facts = await checker.check(ROLE, [
      { action: 'logs:CreateLogStream', resource: group },
      { action: 'logs:PutLogEvents', resource: group },
    ]);

    expect(facts.results).toEqual([
      { action: 'logs:CreateLogStream', resource: group, decision: 'allowed' },
      { action: 'logs:PutLogEvents', resource: group, decision: 'implicitDeny' },
    ]);
    expect(iamMock.commandCalls(SimulatePrincipalPolicyCommand)[1]?.args[0].input.Marker).toBe('page-2');
  });

  it('records "not evaluated" with a reason when the function may not simulate', async () => {
    iamMock.on(SimulatePrincipalPolicyCommand).rejects(awsError('AccessDenied', 403));
    const checker = createPermissionChecker(new IAMClient({ region: 'eu-west-1', maxAttempts: 1 }), 'simulate');

    const facts = await checker.check(ROLE, [{ action: 'ecr:GetAuthorizationToken', resource: '*' }]);

    expect(facts).toEqual({
      evaluated: false,
      roleArn: ROLE,
      results: [],
      note: 'permission check skipped: this function may not call iam:SimulatePrincipalPolicy',
    });
  });

  it('records "not evaluated" when the endpoint does not implement the simulator (moto)', async () => {
    iamMock.on(SimulatePrincipalPolicyCommand).rejects(awsError('InternalFailure', 500));
    const checker = createPermissionChecker(new IAMClient({ region: 'eu-west-1', maxAttempts: 1 }), 'simulate');

    const facts = await checker.check(ROLE, [{ action: 'ecr:GetAuthorizationToken', resource: '*' }]);

    expect(facts.evaluated).toBe(false);
    expect(facts.note).toContain('not available on this endpoint');
  });

  it('names the role when it does not exist', async () => {
    iamMock.on(SimulatePrincipalPolicyCommand).rejects(awsError('NoSuchEntity', 404));
    const checker = createPermissionChecker(new IAMClient({ region: 'eu-west-1', maxAttempts: 1 }), 'simulate');

    const facts = await checker.check(ROLE, [{ action: 'ecr:GetAuthorizationToken', resource: '*' }]);

    expect(facts.note).toBe(`permission check skipped: the execution role ${ROLE} does not exist`);
  });

  it('makes no call and says why when the check is off', async () => {
    const checker = createPermissionChecker(new IAMClient({ region: 'eu-west-1' }), 'off');

    const facts = await checker.check(ROLE, [{ action: 'ecr:GetAuthorizationToken', resource: '*' }]);

    expect(facts).toEqual({
      evaluated: false,
      roleArn: ROLE,
      results: [],
      note: 'permission check disabled (PERMISSION_CHECK=off)',
    });
    expect(iamMock.commandCalls(SimulatePrincipalPolicyCommand)).toHaveLength(0);
  });
});
