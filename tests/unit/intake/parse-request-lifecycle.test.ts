/**
 * The life-cycle events and the verify schedule's payload through the intake: well-formed ones
 * become requests, forged or malformed ones an InvalidRequestError naming the field; a list's
 * size is checked before any item is read.
 */
import { describe, expect, it } from '@jest/globals';
import { parseRequest } from '../../../shared/intake/parse-request.js';
import { loadEvent } from '../../helpers/load-event.js';
import { expectInvalidField } from './expect-invalid.js';

const defaults = { region: 'us-east-1' };
const SERVICE_ARN = 'arn:aws:ecs:eu-west-1:123456789012:service/orders-prod/orders-api';
const CLUSTER_ARN = 'arn:aws:ecs:eu-west-1:123456789012:cluster/orders-prod';

function serviceAction(eventName: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: '0',
    source: 'aws.ecs',
    'detail-type': 'ECS Service Action',
    account: '123456789012',
    region: 'eu-west-1',
    time: '2026-12-02T06:00:00Z',
    resources: [SERVICE_ARN],
    detail: { eventType: 'WARN', eventName, clusterArn: CLUSTER_ARN },
    ...extra,
  };
}

describe('life-cycle events', () => {
  it('turns SERVICE_TASK_START_IMPAIRED into a lookup of the service', () => {
    expect(parseRequest(serviceAction('SERVICE_TASK_START_IMPAIRED'), defaults)).toEqual({
      kind: 'diagnose',
      origin: 'service-action',
      dryRunRequested: null,
      task: null,
      lookup: { region: 'eu-west-1', cluster: 'orders-prod', service: 'orders-api' },
    });
  });

  it('turns SERVICE_STEADY_STATE into a recovery signal with the event time', () => {
    const request = parseRequest(serviceAction('SERVICE_STEADY_STATE'), defaults);

    expect(request).toMatchObject({
      kind: 'lifecycle',
      signal: 'steady-state',
      serviceName: 'orders-api',
      at: '2026-12-02T06:00:00Z',
    });
  });

  it('ignores other service actions, naming them', () => {
    const request = parseRequest(serviceAction('SERVICE_DISCOVERY_INSTANCE_UNHEALTHY'), defaults);

    expect(request).toMatchObject({
      kind: 'ignored',
      reason: 'ECS Service Action SERVICE_DISCOVERY_INSTANCE_UNHEALTHY does not concern ecs-netfix',
    });
  });

  it.each([
    ['no eventName', serviceAction(''), 'detail.eventName', 'detail.eventName: is required'],
    ['a detail that is a list', serviceAction('X', { detail: [] }), 'detail', 'detail: must be an object, got an array'],
    [
      'resources that are not a list',
      serviceAction('X', { resources: SERVICE_ARN }),
      'resources',
      'resources: must be an array, got a string',
    ],
    [
      'a forged service ARN',
      serviceAction('X', { resources: ['arn:aws:ecs:eu-west-1:123:service/x;rm -rf'] }),
      'resources[0]',
      'resources[0]: must be an ECS service ARN',
    ],
  ])('rejects %s', (_label, event, field, message) => {
    expect(expectInvalidField(() => parseRequest(event, defaults), field)).toBe(message);
  });

  it('counts a list before reading its items', () => {
    const event = serviceAction('SERVICE_STEADY_STATE', { resources: Array.from({ length: 5000 }, () => ({ not: 'an arn' })) });

    expect(expectInvalidField(() => parseRequest(event, defaults), 'resources')).toBe(
      'resources: has 5000 items; at most 100 are accepted'
    );
  });
});

describe('the verify payload', () => {
  const pk = 'INCIDENT#eu-west-1#123456789012#orders-prod#orders-api';

  it('reads the incident key and the attempt', () => {
    expect(parseRequest({ verify: { pk, sk: 'v1', attempt: 3 } }, defaults)).toEqual({
      kind: 'verify',
      origin: 'schedule',
      region: 'eu-west-1',
      incident: { pk, sk: 'v1' },
      attempt: 3,
    });
  });

  it.each([
    [
      'a key that is not ours',
      { verify: { pk: 'USER#admin', sk: 'v1' } },
      'verify.pk',
      'verify.pk: is not an ecs-netfix incident key',
    ],
    [
      'a key with a forged region',
      { verify: { pk: 'INCIDENT#../../etc#x', sk: 'v1' } },
      'verify.pk',
      'verify.pk: is not an ecs-netfix incident key',
    ],
    ['a missing sort key', { verify: { pk } }, 'verify.sk', 'verify.sk: is required'],
    [
      'a fractional attempt',
      { verify: { pk, sk: 'v1', attempt: 1.5 } },
      'verify.attempt',
      'verify.attempt: must be a whole number from 1 to 100',
    ],
    [
      'a runaway attempt',
      { verify: { pk, sk: 'v1', attempt: 1e9 } },
      'verify.attempt',
      'verify.attempt: must be a whole number from 1 to 100',
    ],
    [
      'an attempt as text',
      { verify: { pk, sk: 'v1', attempt: '2' } },
      'verify.attempt',
      'verify.attempt: must be a number, got a string',
    ],
    [
      'an unknown key in the body',
      { verify: { pk, sk: 'v1', force: true } },
      'verify.force',
      'verify.force: unknown key "force"; accepted keys are pk, sk, attempt',
    ],
    [
      'an unknown key beside it',
      { verify: { pk, sk: 'v1' }, dryRun: false },
      'dryRun',
      'dryRun: unknown key "dryRun"; accepted keys are verify',
    ],
    ['a body that is not an object', { verify: 'now' }, 'verify', 'verify: must be an object, got a string'],
  ])('rejects %s', (_label, input, field, message) => {
    expect(expectInvalidField(() => parseRequest(input, defaults), field)).toBe(message);
  });
});

describe('hostile keys', () => {
  it('does not let a __proto__ key in a saved event change what is read', () => {
    const event = JSON.parse(
      JSON.stringify(loadEvent('ecr-api-timeout')).replace('"detail":', '"__proto__":{"source":"aws.ec2"},"detail":')
    );

    expect(parseRequest({ event }, defaults).kind).toBe('diagnose');
  });
});
