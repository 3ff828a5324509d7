/**
 * Faults on every AWS call the pipeline makes, one call at a time: throttling, 5xx and timeouts are
 * retried by the SDK within `maxAttempts` (4, set by createAwsClients) and the run converges to the
 * same result as a run without faults.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { FAULTS, OPERATIONS, ScriptedAws, run } from './fault-kit.js';

describe('handleRequest under AWS faults', () => {
  beforeEach(() => {
    // The SDK's backoff is random() * base * 2^attempt: keep the retries real but the waits short.
    jest.spyOn(Math, 'random').mockReturnValue(0.01);
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('makes exactly these calls in a live run without faults', async () => {
    const aws = new ScriptedAws();

    const report = await run(aws);

    expect(report.outcome).toBe('fixed');
    expect(aws.liveServices()).toEqual(['ecr.api', 'ecr.dkr', 'logs', 's3']);
    expect(new Set(aws.attempts.map((attempt) => attempt.operation))).toEqual(new Set(OPERATIONS));
    expect(aws.published).toHaveLength(1);
    expect(aws.auditEvents).toHaveLength(1);
  });

  describe.each(FAULTS)('with %s once on a call', (_kind, fault) => {
    it.each(OPERATIONS)('retries %s and fixes the VPC once', async (operation) => {
      // Prepare
      const baseline = new ScriptedAws();
      const baselineReport = await run(baseline);
      const aws = new ScriptedAws().inject(operation, fault(operation));

      // Act
      const report = await run(aws);

      // Assess
      expect(report.outcome).toBe('fixed');
      expect(aws.liveServices()).toEqual(['ecr.api', 'ecr.dkr', 'logs', 's3']);
      expect(aws.groups).toHaveLength(1);
      expect(aws.attemptsOf(operation)).toBe(baseline.attemptsOf(operation) + 1);
      expect(aws.published).toHaveLength(1);
      expect(report.alert.published).toBe(true);
      // The ledger counts logical calls: a retried call is still one call.
      expect(report.calls).toEqual(baselineReport.calls);
    });
  });
});
