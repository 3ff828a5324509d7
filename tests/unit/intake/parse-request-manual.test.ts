import { describe, expect, it } from '@jest/globals';
import { parseRequest } from '../../../shared/intake/parse-request.js';
import { loadEvent } from '../../helpers/load-event.js';
import { expectInvalidField } from './expect-invalid.js';

const defaults = { region: 'us-east-1' };
const TASK_ARN = 'arn:aws:ecs:eu-west-1:123456789012:task/orders-prod/1f0a8b7c6d5e4f3a2b1c0d9e8f7a6b5c';

describe('parseRequest with a manual task lookup', () => {
  it('turns {cluster, taskArn, dryRun} into a lookup in the ARN region', () => {
    // Act
    const request = parseRequest({ cluster: 'orders-prod', taskArn: TASK_ARN, dryRun: true }, defaults);

    // Assess
    expect(request).toEqual({
      kind: 'diagnose',
      origin: 'manual-task',
      dryRunRequested: true,
      task: null,
      lookup: { region: 'eu-west-1', cluster: 'orders-prod', taskArn: TASK_ARN },
    });
  });

  it('uses the default region for a bare task id and cluster name', () => {
    const request = parseRequest({ cluster: 'orders-prod', taskArn: '1f0a8b7c6d5e4f3a2b1c0d9e8f7a6b5c' }, defaults);

    expect(request).toMatchObject({
      dryRunRequested: null,
      lookup: { region: 'us-east-1', cluster: 'orders-prod', taskArn: '1f0a8b7c6d5e4f3a2b1c0d9e8f7a6b5c' },
    });
  });

  it('prefers an explicit region over the default', () => {
    const request = parseRequest(
      { cluster: 'orders-prod', taskArn: '1f0a8b7c6d5e4f3a2b1c0d9e8f7a6b5c', region: 'eu-central-1' },
      defaults
    );

    expect(request).toMatchObject({ lookup: { region: 'eu-central-1' } });
  });

  it('takes the cluster from a long-format task ARN when cluster is left out', () => {
    const request = parseRequest({ taskArn: TASK_ARN }, defaults);

    expect(request).toMatchObject({ lookup: { cluster: 'orders-prod', taskArn: TASK_ARN } });
  });

  it('accepts a cluster ARN and takes its region', () => {
    const request = parseRequest(
      { cluster: 'arn:aws:ecs:ap-south-1:123456789012:cluster/orders-prod', taskArn: 'abc123' },
      defaults
    );

    expect(request).toMatchObject({
      lookup: { region: 'ap-south-1', cluster: 'arn:aws:ecs:ap-south-1:123456789012:cluster/orders-prod' },
    });
  });

  it('rejects a task ARN from another cluster than the one named', () => {
    const message = expectInvalidField(() => parseRequest({ cluster: 'payments', taskArn: TASK_ARN }, defaults), 'taskArn');

    expect(message).toBe('taskArn: belongs to cluster orders-prod, but cluster names payments');
  });
});

describe('parseRequest with a manual service lookup', () => {
  it('turns {cluster, service} into a lookup of the service', () => {
    expect(parseRequest({ cluster: 'orders-prod', service: 'orders-api' }, defaults)).toEqual({
      kind: 'diagnose',
      origin: 'manual-service',
      dryRunRequested: null,
      task: null,
      lookup: { region: 'us-east-1', cluster: 'orders-prod', service: 'orders-api' },
    });
  });

  it('reads the service name out of a service ARN', () => {
    const request = parseRequest(
      {
        cluster: 'orders-prod',
        service: 'arn:aws:ecs:eu-west-1:123456789012:service/orders-prod/orders-api',
        dryRun: false,
      },
      defaults
    );

    expect(request).toMatchObject({ dryRunRequested: false, lookup: { service: 'orders-api' } });
  });

  it('rejects a request naming both a task and a service', () => {
    expectInvalidField(() => parseRequest({ cluster: 'c', taskArn: 'abc', service: 'orders-api' }, defaults), 'service');
  });

  it('requires a cluster for a service lookup', () => {
    expect(expectInvalidField(() => parseRequest({ service: 'orders-api' }, defaults), 'cluster')).toBe(
      'cluster: is required (a cluster name or ARN)'
    );
  });
});

describe('parseRequest with a saved event', () => {
  it('diagnoses the saved event with origin manual-event and the requested dry run', () => {
    const request = parseRequest({ event: loadEvent('ecr-dkr-timeout'), dryRun: true }, defaults);

    expect(request).toMatchObject({
      kind: 'diagnose',
      origin: 'manual-event',
      dryRunRequested: true,
      lookup: null,
      task: { taskId: '2a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d' },
    });
  });

  it('ignores a saved event of a running task, keeping the manual origin', () => {
    const request = parseRequest({ event: loadEvent('running-task') }, defaults);

    expect(request).toMatchObject({ kind: 'ignored', origin: 'manual-event' });
  });

  it('names fields inside the saved event by their full path', () => {
    const event = loadEvent('ecr-dkr-timeout');
    event.detail.taskArn = 42;

    expect(expectInvalidField(() => parseRequest({ event }, defaults), 'event.detail.taskArn')).toBe(
      'event.detail.taskArn: must be a string, got a number'
    );
  });

  it('rejects a saved event that is not an object', () => {
    expectInvalidField(() => parseRequest({ event: '{"source":"aws.ecs"}' }, defaults), 'event');
  });
});
