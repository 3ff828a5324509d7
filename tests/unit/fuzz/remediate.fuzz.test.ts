/**
 * Bad input through the whole pipeline (handleRequest) with every AWS client mocked: it never
 * throws, answers invalid input with outcome `invalid` and a note naming the field without any
 * AWS call, and never writes to EC2 in a dry-run deployment, whatever the input asks.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from '@jest/globals';
import { createAwsClients } from '../../../shared/aws/clients.js';
import { createPermissionChecker } from '../../../shared/aws/iam-permissions.js';
import { loadConfig } from '../../../shared/config.js';
import { type RemediationDeps, handleRequest } from '../../../shared/pipeline/handle-request.js';
import { loadEvent } from '../../helpers/load-event.js';
import { anyValue, mutatedEvent } from './hostile-values.js';

/** What the test needs of each client mock (the stubs of different clients share no union type). */
interface ClientMock {
  reset(): unknown;
  restore(): unknown;
  onAnyCommand(): { resolves(output: never): unknown };
  calls(): { args: unknown[] }[];
}

const ec2Mock: ClientMock = mockClient(EC2Client);
const mocks: ClientMock[] = [
  ec2Mock,
  mockClient(ECSClient),
  mockClient(IAMClient),
  mockClient(SNSClient),
  mockClient(EventBridgeClient),
  mockClient(DynamoDBClient),
];

const config = loadConfig({
  DRY_RUN: 'true',
  PERMISSION_CHECK: 'off',
  ALERT_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:netfix-alerts',
  ALERT_COALESCE_SECONDS: '0',
});
const clients = createAwsClients({ region: 'eu-west-1', maxAttempts: 1 });
const deps: RemediationDeps = {
  config,
  clientsFor: () => clients,
  permissionsFor: (aws) => createPermissionChecker(aws.iam, config.permissionCheck),
  defaultRegion: 'eu-west-1',
  sleep: async () => {},
};

const EC2_WRITE = /^(Create|Modify|Authorize|Delete|Revoke|Replace|Associate|Attach)/;

function commandNames(mock: ClientMock): string[] {
  return mock.calls().map((call) => (call.args[0] as object).constructor.name.replace(/Command$/, ''));
}

function resetMocks(): void {
  for (const mock of mocks) {
    mock.reset();
    // Reads answer "nothing found": the pipeline must cope with an empty world too.
    mock.onAnyCommand().resolves({} as never);
  }
}

const event = loadEvent('ecr-api-timeout');
const input = fc.oneof(
  { weight: 1, arbitrary: anyValue },
  { weight: 3, arbitrary: mutatedEvent(event) },
  { weight: 2, arbitrary: fc.tuple(mutatedEvent(event), anyValue).map(([mutated, dryRun]) => ({ event: mutated, dryRun })) },
  { weight: 1, arbitrary: mutatedEvent({ event, dryRun: false }) }
);

describe('handleRequest on hostile input, with AWS mocked', () => {
  afterAll(() => {
    for (const mock of mocks) mock.restore();
  });

  it('rejects invalid input without AWS calls and never writes to EC2 in a dry-run deployment', async () => {
    const seen = { invalid: 0, diagnosed: 0 };
    await fc.assert(
      fc.asyncProperty(input, async (request) => {
        resetMocks();

        const report = await handleRequest(request, deps, { requestId: 'fuzz' });

        const commands = mocks.flatMap(commandNames);
        expect(commandNames(ec2Mock).filter((name) => EC2_WRITE.test(name))).toEqual([]);
        expect(report.dryRun).toBe(true);
        if (report.outcome === 'invalid') {
          seen.invalid += 1;
          // "<field>: <what is wrong>", where the field may be an unknown key of the input itself.
          expect(report.note).toContain(': ');
          expect(report.note?.length).toBeLessThan(2_000);
          expect(commands).toEqual([]);
          expect(report.calls.total).toBe(0);
        } else {
          seen.diagnosed += 1;
        }
      }),
      { numRuns: 1_200 }
    );
    expect(seen.invalid).toBeGreaterThan(100);
    expect(seen.diagnosed).toBeGreaterThan(50);
  }, 30_000);
});
