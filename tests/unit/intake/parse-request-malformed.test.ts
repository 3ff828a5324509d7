import { describe, expect, it } from '@jest/globals';
import { parseRequest } from '../../../shared/intake/parse-request.js';
import { loadEvent } from '../../helpers/load-event.js';
import { expectInvalidField } from './expect-invalid.js';

const defaults = { region: 'us-east-1' };

function parse(input: unknown): unknown {
  return parseRequest(input, defaults);
}

describe('parseRequest with input that is not a request', () => {
  it.each([
    ['null', null, 'got null'],
    ['an array', [loadEvent('ecr-api-timeout')], 'got an array'],
    ['a string', 'arn:aws:ecs:eu-west-1:123456789012:task/orders-prod/abc', 'got a string'],
    ['a number', 7, 'got a number'],
    ['nothing', undefined, 'got missing'],
  ])('rejects %s, naming the request', (_label, input, ending) => {
    expect(expectInvalidField(() => parse(input), 'request')).toMatch(new RegExp(`${ending}$`));
  });

  it('rejects an event of another detail-type', () => {
    const event = loadEvent('ecr-api-timeout');
    event['detail-type'] = 'ECS Container Instance State Change';

    expect(expectInvalidField(() => parse(event), 'detail-type')).toBe(
      'detail-type: must be "ECS Task State Change", got "ECS Container Instance State Change"'
    );
  });

  it('rejects an event from another source', () => {
    const event = loadEvent('ecr-api-timeout');
    event.source = 'aws.ec2';

    expectInvalidField(() => parse(event), 'source');
  });

  it('rejects an event without detail', () => {
    const event = loadEvent('ecr-api-timeout');
    delete (event as Record<string, unknown>).detail;

    expect(expectInvalidField(() => parse(event), 'detail')).toBe('detail: must be an object, got missing');
  });
});

describe('parseRequest with a malformed task event', () => {
  it.each(['clusterArn', 'taskArn', 'lastStatus'])('rejects an event missing detail.%s', (key) => {
    const event = loadEvent('ecr-api-timeout');
    delete event.detail[key];

    expect(expectInvalidField(() => parse(event), `detail.${key}`)).toBe(`detail.${key}: is required`);
  });

  it('rejects a cluster ARN of the wrong shape', () => {
    const event = loadEvent('ecr-api-timeout');
    event.detail.clusterArn = 'orders-prod';

    expectInvalidField(() => parse(event), 'detail.clusterArn');
  });

  it('rejects a task ARN of the wrong shape', () => {
    const event = loadEvent('ecr-api-timeout');
    event.detail.taskArn = 'arn:aws:ecs:eu-west-1:123456789012:service/orders-prod/orders-api';

    expectInvalidField(() => parse(event), 'detail.taskArn');
  });

  it('rejects a task ARN that belongs to another cluster than clusterArn', () => {
    const event = loadEvent('ecr-api-timeout');
    event.detail.taskArn = 'arn:aws:ecs:eu-west-1:123456789012:task/payments/abc';

    expect(expectInvalidField(() => parse(event), 'detail.taskArn')).toBe(
      'detail.taskArn: belongs to cluster payments, but clusterArn names orders-prod'
    );
  });

  it.each([
    ['stoppedReason', 42, 'must be a string, got a number'],
    ['stopCode', { code: 'x' }, 'must be a string, got an object'],
    ['containers', 'orders-api', 'must be an array, got a string'],
    ['attachments', {}, 'must be an array, got an object'],
    ['group', true, 'must be a string, got a boolean'],
  ])('rejects detail.%s of the wrong type', (key, value, message) => {
    const event = loadEvent('ecr-api-timeout');
    event.detail[key] = value;

    expect(expectInvalidField(() => parse(event), `detail.${key}`)).toBe(`detail.${key}: ${message}`);
  });

  it('names the container whose reason has the wrong type', () => {
    const event = loadEvent('ecr-dkr-timeout');
    event.detail.containers = [{ name: 'a' }, { name: 'b', reason: ['CannotPullContainerError'] }];

    expectInvalidField(() => parse(event), 'detail.containers[1].reason');
  });

  it('names a container that is not an object', () => {
    const event = loadEvent('ecr-dkr-timeout');
    event.detail.containers = [null];

    expectInvalidField(() => parse(event), 'detail.containers[0]');
  });

  it('rejects a container exit code that is not a number', () => {
    const event = loadEvent('essential-container-exited');
    event.detail.containers = [{ name: 'orders-api', exitCode: '1' }];

    expectInvalidField(() => parse(event), 'detail.containers[0].exitCode');
  });

  it('rejects a subnet id of the wrong shape in the ENI attachment', () => {
    const event = loadEvent('ecr-api-timeout');
    event.detail.attachments = [{ type: 'eni', details: [{ name: 'subnetId', value: 'vpc-0a1b2c3d4e5f60718' }] }];

    expect(expectInvalidField(() => parse(event), 'detail.attachments[0].details[0].value')).toBe(
      'detail.attachments[0].details[0].value: must be a subnet id (subnet-...)'
    );
  });

  it('rejects a private IP that is not an IPv4 address', () => {
    const event = loadEvent('ecr-api-timeout');
    event.detail.attachments = [{ type: 'eni', details: [{ name: 'privateIPv4Address', value: '10.0.300.1' }] }];

    expectInvalidField(() => parse(event), 'detail.attachments[0].details[0].value');
  });

  it('rejects a top-level region that is not a region name', () => {
    const event = loadEvent('ecr-api-timeout');
    event.region = 'Ireland';

    expectInvalidField(() => parse(event), 'region');
  });

  it('rejects a top-level account that is not 12 digits', () => {
    const event = loadEvent('ecr-api-timeout');
    event.account = '1234';

    expectInvalidField(() => parse(event), 'account');
  });

  it('rejects a huge identifier with its length instead of crashing', () => {
    const event = loadEvent('ecr-api-timeout');
    event.detail.taskDefinitionArn = 'a'.repeat(10_000_000);

    expect(expectInvalidField(() => parse(event), 'detail.taskDefinitionArn')).toBe(
      'detail.taskDefinitionArn: is 10000000 characters long; at most 2048 are accepted'
    );
  });

  it('rejects a container list far longer than ECS allows', () => {
    const event = loadEvent('ecr-api-timeout');
    event.detail.containers = Array.from({ length: 10_000 }, () => ({ name: 'x' }));

    expect(expectInvalidField(() => parse(event), 'detail.containers')).toBe(
      'detail.containers: has 10000 items; at most 100 are accepted'
    );
  });
});

describe('parseRequest with a malformed manual request', () => {
  it('rejects a typo such as dryrun by name', () => {
    const message = expectInvalidField(() => parse({ cluster: 'orders-prod', taskArn: 'abc', dryrun: true }), 'dryrun');

    expect(message).toBe('dryrun: unknown key "dryrun"; accepted keys are cluster, taskArn, service, dryRun, region');
  });

  it('lists several unknown keys at once', () => {
    const message = expectInvalidField(() => parse({ cluster: 'c', task: 'abc', dry_run: true }), 'request');

    expect(message).toMatch(/^request: unknown keys "task", "dry_run"; /);
  });

  it('rejects unknown keys next to a saved event', () => {
    expectInvalidField(() => parse({ event: loadEvent('ecr-api-timeout'), region: 'eu-west-1' }), 'region');
  });

  it.each([
    [{ cluster: 'orders-prod', taskArn: 'abc', dryRun: 'yes' }, 'dryRun'],
    [{ cluster: 'orders-prod', taskArn: 'abc', region: 'Frankfurt' }, 'region'],
    [{ cluster: 'orders prod', taskArn: 'abc' }, 'cluster'],
    [{ cluster: 'arn:aws:ecs:eu-west-1:1:cluster/x', taskArn: 'abc' }, 'cluster'],
    [{ cluster: 'orders-prod', taskArn: 'arn:aws:ecs:eu-west-1:123456789012:task' }, 'taskArn'],
    [{ cluster: 'orders-prod', taskArn: 'not/a/task' }, 'taskArn'],
    [{ cluster: 'orders-prod', service: 'orders api' }, 'service'],
    [{ cluster: 'orders-prod', taskArn: 12 }, 'taskArn'],
    [{ cluster: 'orders-prod' }, 'taskArn'],
    [{}, 'taskArn'],
  ])('rejects %j naming %s', (input, field) => {
    expectInvalidField(() => parse(input), field);
  });

  it('rejects a huge cluster name without crashing', () => {
    expectInvalidField(() => parse({ cluster: 'c'.repeat(3000), taskArn: 'abc' }), 'cluster');
  });
});

describe('parseRequest with an empty key', () => {
  it('names the request when the unknown key is empty', () => {
    expect(expectInvalidField(() => parse({ '': 1, cluster: 'c', taskArn: 'abc' }), 'request')).toMatch(
      /^request: unknown key ""; /
    );
  });
});
