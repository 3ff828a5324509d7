/**
 * Faults that outlast the SDK's retries, a crash half-way through the creates, and a failed alert:
 * the run fails with a transient AwsCallError (so Lambda's async retry and the dead-letter path
 * take over), the incident lease is given back, the report is logged before any alert is tried,
 * and a rerun finishes the work without duplicates.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { AwsCallError } from '../../../shared/errors.js';
import { logger } from '../../../shared/observability.js';
import type { Report } from '../../../shared/report/report.js';
import { OPERATIONS, ScriptedAws, run, serverError, throttling } from './fault-kit.js';
import { awsError, world } from './scripted-aws.js';

const MAX_ATTEMPTS = 4;

/** Calls whose failure the run survives: the report is already logged and returned. */
const TOLERATED = new Set(['EventBridge.PutEvents']);

async function failureOf(work: Promise<unknown>): Promise<AwsCallError> {
  const error = await work.then(
    () => null,
    (caught: unknown) => caught
  );
  expect(error).toBeInstanceOf(AwsCallError);
  return error as AwsCallError;
}

function leaseOf(aws: ScriptedAws): number | null {
  const item = [...aws.items.values()][0];
  return item ? Number(item.leaseUntil?.N) : null;
}

/** The reports the run logged ('Report' at INFO: the audit trail in CloudWatch Logs). */
function loggedReports(spy: { mock: { calls: unknown[][] } }): Report[] {
  return spy.mock.calls.filter(([message]) => message === 'Report').map(([, fields]) => (fields as { report: Report }).report);
}

describe('handleRequest when a fault outlasts the retries', () => {
  beforeEach(() => {
    jest.spyOn(Math, 'random').mockReturnValue(0.01);
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it.each(OPERATIONS.filter((operation) => !TOLERATED.has(operation)))(
    'fails with a transient error naming %s after 4 attempts and gives the incident back',
    async (operation) => {
      // Prepare
      const aws = new ScriptedAws().failAlways(operation, () => serverError(operation));

      // Act
      const error = await failureOf(run(aws));

      // Assess
      expect(error.transient).toBe(true);
      // Readers name the call without the service prefix (DescribeVpcs), writers with it.
      expect(operation.endsWith(error.operation.replace(/^\w+\./, ''))).toBe(true);
      expect(error.message).toMatch(/InternalError|InternalFailure/);
      // The first call of the operation to give up was tried 4 times (a parallel twin, as with
      // DescribeVpcAttribute, may still be retrying when the run fails).
      const attempts = aws.attempts.filter((attempt) => attempt.operation === operation);
      expect(attempts.every((attempt) => attempt.failed)).toBe(true);
      expect(attempts.length).toBeGreaterThanOrEqual(MAX_ATTEMPTS);
      const incident = [...aws.items.values()][0];
      if (operation === 'DynamoDB.UpdateItem') {
        // The store itself is down, so the lease cannot be given back; it stays with this event,
        // whose retry (same event id) may lead again at once.
        expect(incident?.leader?.S).toBe(world.event.id);
      } else if (incident !== undefined) {
        expect(leaseOf(aws)).toBe(0);
      }
    }
  );

  it('gives up on a throttled EC2 call after 4 attempts with a transient error', async () => {
    const aws = new ScriptedAws().inject(
      'EC2.DescribeRouteTables',
      ...Array.from({ length: MAX_ATTEMPTS }, () => throttling('EC2.DescribeRouteTables'))
    );

    const error = await failureOf(run(aws));

    expect(error.code).toBe('RequestLimitExceeded');
    expect(error.transient).toBe(true);
    expect(aws.attemptsOf('EC2.DescribeRouteTables')).toBe(MAX_ATTEMPTS);
  });

  it('does not retry an aborted call (the function is out of time) but reports it as transient', async () => {
    const aws = new ScriptedAws().inject('EC2.DescribeVpcs', awsError('AbortError', undefined, 'This operation was aborted'));

    const error = await failureOf(run(aws));

    expect(error.transient).toBe(true);
    expect(aws.attemptsOf('EC2.DescribeVpcs')).toBe(1);
    expect(aws.endpoints).toHaveLength(0);
  });

  it('keeps the report when the audit event cannot be delivered', async () => {
    const info = jest.spyOn(logger, 'info');
    const error = jest.spyOn(logger, 'error');
    const aws = new ScriptedAws().inject(
      'EventBridge.PutEvents',
      ...Array.from({ length: MAX_ATTEMPTS }, () => serverError('EventBridge.PutEvents'))
    );

    const report = await run(aws);

    expect(report.outcome).toBe('fixed');
    expect(report.alert.published).toBe(true);
    expect(loggedReports(info).map((logged) => logged.outcome)).toEqual(['fixed']);
    expect(error).toHaveBeenCalledWith('Audit event failed', expect.any(Error));
  });
});

describe('handleRequest after a crash half-way through the creates', () => {
  beforeEach(() => {
    jest.spyOn(Math, 'random').mockReturnValue(0.01);
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('creates the rest on the retried event when the second create keeps failing', async () => {
    // Prepare: the first endpoint is created, then EC2 fails every attempt of the three other
    // creates (they run side by side) until the function gives up ("dies").
    const aws = new ScriptedAws().injectAfter(
      'EC2.CreateVpcEndpoint',
      1,
      ...Array.from({ length: 3 * MAX_ATTEMPTS }, () => serverError('EC2.CreateVpcEndpoint'))
    );

    // Act
    const error = await failureOf(run(aws));
    const afterCrash = aws.liveServices();
    const rerun = await run(aws);

    // Assess
    expect(error.transient).toBe(true);
    expect(afterCrash).toHaveLength(1);
    expect(leaseOf(aws)).toBe(0);
    expect(rerun.outcome).toBe('fixed');
    expect(aws.liveServices()).toEqual(['ecr.api', 'ecr.dkr', 'logs', 's3']);
    expect(aws.groups).toHaveLength(1);
    // The rerun re-described the VPC and found the first endpoint: it created only the other three.
    const rerunCreated = rerun.actions.filter(
      (result) => result.status === 'created' && result.action.kind !== 'create-endpoint-security-group'
    );
    expect(rerunCreated).toHaveLength(3);
  });

  it('finishes the other creates when one is refused for good, and a manual rerun adds the missing one', async () => {
    // Prepare: AWS refuses the second endpoint once with a permanent error (not retried).
    const aws = new ScriptedAws().injectAfter(
      'EC2.CreateVpcEndpoint',
      1,
      awsError('VpcEndpointLimitExceeded', 400, 'The maximum number of VPC endpoints has been reached.')
    );

    // Act: the incident is now `fixed` (later failures of the service wait for verification), so
    // the rerun is a person's manual run after raising the limit.
    const first = await run(aws);
    const rerun = await run(aws, { event: world.event, dryRun: false });

    // Assess
    expect(first.outcome).toBe('partially-fixed');
    const failed = first.actions.filter((result) => result.status === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.note).toMatch(/VpcEndpointLimitExceeded/);
    expect(rerun.outcome).toBe('fixed');
    expect(aws.liveServices()).toEqual(['ecr.api', 'ecr.dkr', 'logs', 's3']);
  });
});

describe('handleRequest when the alert cannot be published', () => {
  beforeEach(() => {
    jest.spyOn(Math, 'random').mockReturnValue(0.01);
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('logs the report before the alert, fails transiently and gives the incident back', async () => {
    // Prepare
    const info = jest.spyOn(logger, 'info');
    const aws = new ScriptedAws().inject(
      'SNS.Publish',
      ...Array.from({ length: MAX_ATTEMPTS }, () => serverError('SNS.Publish'))
    );

    // Act
    const error = await failureOf(run(aws));

    // Assess
    expect(error.operation).toBe('SNS.Publish');
    expect(error.transient).toBe(true);
    const logged = loggedReports(info);
    expect(logged).toHaveLength(1);
    expect(logged[0]?.outcome).toBe('fixed');
    expect(logged[0]?.actions.filter((result) => result.status === 'created')).toHaveLength(5);
    expect(leaseOf(aws)).toBe(0);
  });

  it('leads again on the retried event without creating anything twice', async () => {
    const aws = new ScriptedAws().inject(
      'SNS.Publish',
      ...Array.from({ length: MAX_ATTEMPTS }, () => serverError('SNS.Publish'))
    );
    await failureOf(run(aws));

    const retried = await run(aws);

    expect(retried.incident?.leader).toBe(true);
    expect(aws.liveServices()).toEqual(['ecr.api', 'ecr.dkr', 'logs', 's3']);
    expect(aws.groups).toHaveLength(1);
  });

  // The failed alert is kept with the incident: the retried event sends it although it finds the
  // VPC healthy (the first attempt created everything).
  it('tells people what was created when the retried event finds the VPC healthy', async () => {
    const aws = new ScriptedAws().inject(
      'SNS.Publish',
      ...Array.from({ length: MAX_ATTEMPTS }, () => serverError('SNS.Publish'))
    );
    await failureOf(run(aws));

    const retried = await run(aws);

    expect(retried.alert.published).toBe(true);
    expect(aws.published).toHaveLength(1);
  });
});
