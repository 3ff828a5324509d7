import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvokeCommand, LambdaClient, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { Report } from '../../../../shared/report/report.js';
import { loadEvent } from '../../../helpers/load-event.js';
import { useTempDirs } from '../../../helpers/temp-dir.js';
import { runInMemory } from '../run-in-memory.js';

const lambdaMock = mockClient(LambdaClient);
const makeTempDir = useTempDirs();
const ENV = { AWS_REGION: 'eu-west-1' };
const TASK_ARN = 'arn:aws:ecs:eu-west-1:123456789012:task/prod/0f4a1e2b3c4d5e6f7a8b9c0d1e2f3a4b';

function sampleReport(overrides: Partial<Report> = {}): Report {
  return {
    version: '1.0',
    generatedAt: '2026-11-26T10:00:00.000Z',
    dryRun: true,
    outcome: 'would-fix',
    summary: 'Dry run: ecs-netfix would fix this (prod/orders-api): ECR_API_ENDPOINT_MISSING',
    origin: 'manual-task',
    task: null,
    classification: null,
    findings: [
      {
        code: 'ECR_API_ENDPOINT_MISSING',
        severity: 'error',
        message: 'The task needs ecr.api for the registry auth token, but the VPC has no ecr.api endpoint.',
        resources: ['vpc-0abc'],
        fix: {
          summary: 'Create an interface endpoint for ecr.api.',
          console: [],
          cli: ['aws ec2 create-vpc-endpoint ...'],
          automatic: true,
        },
        service: 'ecr.api',
        cause: true,
      },
    ],
    path: [],
    actions: [],
    cost: null,
    incident: null,
    unknowns: [],
    calls: { total: 12, byOperation: { 'EC2.DescribeSubnets': 1 } },
    alert: { published: false, messageId: null, reason: 'manual run' },
    note: null,
    ...overrides,
  };
}

function answerWith(payload: unknown, functionError?: string): void {
  lambdaMock.on(InvokeCommand).resolves({
    StatusCode: 200,
    Payload: new TextEncoder().encode(JSON.stringify(payload)) as never,
    ...(functionError ? { FunctionError: functionError } : {}),
  });
}

/** The request the function received, as it would log it. */
function sentPayload(): Record<string, unknown> {
  const input = lambdaMock.commandCalls(InvokeCommand)[0]?.args[0].input;
  return JSON.parse(new TextDecoder().decode(input?.Payload as Uint8Array)) as Record<string, unknown>;
}

describe('ecs-netfix invoke', () => {
  afterEach(() => {
    lambdaMock.reset();
  });

  it('prints the returned report like diagnose and exits 0', async () => {
    // Prepare
    answerWith(sampleReport());

    // Act
    const result = await runInMemory(['invoke', '--function', 'netfix', '--cluster', 'prod', '--service', 'orders-api'], {
      env: ENV,
    });

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('ecs-netfix · dry run · Dry run: ecs-netfix would fix this (prod/orders-api)');
    expect(result.stdout).toContain('ECR_API_ENDPOINT_MISSING');
    expect(result.stderr).toBe('');
    expect(sentPayload()).toEqual({ cluster: 'prod', service: 'orders-api', dryRun: true, region: 'eu-west-1' });
  });

  it('prints the report JSON with --json', async () => {
    answerWith(sampleReport());

    const result = await runInMemory(['invoke', '--function', 'netfix', '--cluster', 'prod', '--task', TASK_ARN, '--json'], {
      env: ENV,
    });

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(sampleReport());
    expect(sentPayload()).toMatchObject({ cluster: 'prod', taskArn: TASK_ARN, dryRun: true });
  });

  it('always asks for a dry run, also for a saved event', async () => {
    // Prepare
    answerWith(sampleReport({ origin: 'manual-event' }));
    const directory = makeTempDir('netfix-invoke-');
    const file = join(directory, 'event.json');
    const event = loadEvent('ecr-api-timeout');
    await writeFile(file, JSON.stringify(event));

    // Act
    const result = await runInMemory(['invoke', '--function', 'netfix', '--event', file], { env: ENV });

    // Assess
    expect(result.code).toBe(0);
    expect(sentPayload()).toEqual({ event, dryRun: true });
  });

  it('says in one line that the function failed, and exits 1', async () => {
    answerWith(
      { errorType: 'AwsCallError', errorMessage: 'DescribeSubnets failed for subnet-1: Throttling\n  at stack' },
      'Unhandled'
    );

    const result = await runInMemory(['invoke', '--function', 'netfix', '--cluster', 'prod', '--service', 'api'], { env: ENV });

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      "ecs-netfix invoke: the function netfix failed: AwsCallError: DescribeSubnets failed for subnet-1: Throttling\n  fix: read its log ('aws logs tail /aws/lambda/netfix --since 10m')\n"
    );
  });

  it('exits 2 with one line when the function rejected the input', async () => {
    answerWith(
      sampleReport({
        outcome: 'invalid',
        summary: 'Input rejected',
        note: 'taskArn: must be a task ARN or a task id',
        findings: [],
      })
    );

    const result = await runInMemory(['invoke', '--function', 'netfix', '--cluster', 'prod', '--task', 'bad'], { env: ENV });

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'ecs-netfix invoke: taskArn: must be a task ARN or a task id\n' +
        "  fix: check --cluster, --task and --region; 'aws ecs list-tasks --cluster prod --desired-status STOPPED --region eu-west-1' lists the stopped tasks ECS still shows (about an hour)\n"
    );
    expect(result.stdout).toBe('');
  });

  it('names the function and the fix when it does not exist', async () => {
    lambdaMock
      .on(InvokeCommand)
      .rejects(new ResourceNotFoundException({ message: 'Function not found: netfix', $metadata: { httpStatusCode: 404 } }));

    const result = await runInMemory(['invoke', '--function', 'netfix', '--cluster', 'prod', '--service', 'api'], { env: ENV });

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "ecs-netfix invoke: function netfix was not found in eu-west-1\n  fix: check --function and --region ('aws lambda list-functions')\n"
    );
  });

  it('says when the function answers with something that is not a report', async () => {
    answerWith({ hello: 'world' });

    const result = await runInMemory(['invoke', '--function', 'other-fn', '--cluster', 'prod', '--service', 'api'], { env: ENV });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('other-fn did not return an ecs-netfix report');
  });

  it('exits 2 without calling Lambda when --function is missing', async () => {
    const result = await runInMemory(['invoke', '--cluster', 'prod', '--service', 'api'], { env: ENV });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--function NAME is required');
    expect(lambdaMock.commandCalls(InvokeCommand)).toHaveLength(0);
  });
});
