import { describe, expect, it } from '@jest/globals';
import { parseRequest } from '../../../shared/intake/parse-request.js';
import type { DiagnoseRequest, IgnoredRequest } from '../../../shared/intake/request.js';
import { loadEvent } from '../../helpers/load-event.js';

const defaults = { region: 'us-east-1' };

function parseDiagnose(input: unknown): DiagnoseRequest {
  const request = parseRequest(input, defaults);
  if (request.kind !== 'diagnose') throw new Error(`expected diagnose, got: ${request.kind}`);
  return request;
}

function parseIgnored(input: unknown): IgnoredRequest {
  const request = parseRequest(input, defaults);
  if (request.kind !== 'ignored') throw new Error('expected an ignored request');
  return request;
}

describe('parseRequest with an EventBridge task event', () => {
  it('reads every task fact the diagnosis needs from an ecr.api timeout event', () => {
    // Act
    const request = parseDiagnose(loadEvent('ecr-api-timeout'));

    // Assess
    expect(request).toMatchObject({ kind: 'diagnose', origin: 'eventbridge', dryRunRequested: null, lookup: null });
    expect(request.task).toEqual({
      region: 'eu-west-1',
      accountId: '123456789012',
      clusterArn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/orders-prod',
      clusterName: 'orders-prod',
      taskArn: 'arn:aws:ecs:eu-west-1:123456789012:task/orders-prod/1f0a8b7c6d5e4f3a2b1c0d9e8f7a6b5c',
      taskId: '1f0a8b7c6d5e4f3a2b1c0d9e8f7a6b5c',
      taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/orders-api:17',
      group: 'service:orders-api',
      serviceName: 'orders-api',
      launchType: 'FARGATE',
      platformVersion: '1.4.0',
      availabilityZone: 'eu-west-1a',
      subnetId: 'subnet-0a1b2c3d4e5f60718',
      privateIp: '10.0.12.34',
      stopCode: 'TaskFailedToStart',
      stoppedReason: expect.stringContaining('unable to retrieve ecr registry auth'),
      containerReasons: [],
      stoppedAt: '2026-11-20T09:15:41.772Z',
      eventId: '1f0a8b7c-6b3c-4f0e-9d1a-6d5e4f3a2b1c',
    });
  });

  it.each(['ecr-dkr-timeout', 's3-layer-timeout', 'essential-container-pull-error'])(
    'diagnoses %s, whose detail is only in the container reason',
    (name) => {
      const request = parseDiagnose(loadEvent(name));

      expect(request.task?.containerReasons[0]).toEqual({
        container: 'orders-api',
        reason: expect.stringMatching(/^CannotPullContainerError: /),
      });
    }
  );

  it.each(['secrets-manager-timeout', 'wording-2024'])('diagnoses %s', (name) => {
    expect(parseDiagnose(loadEvent(name)).task?.stopCode).toBe('TaskFailedToStart');
  });

  it('diagnoses an EssentialContainerExited stop when a container could not pull its image', () => {
    const request = parseDiagnose(loadEvent('essential-container-pull-error'));

    expect(request.task?.stopCode).toBe('EssentialContainerExited');
  });

  it('takes the region from the task ARN when the event has no top-level region', () => {
    // Prepare
    const event = loadEvent('ecr-api-timeout');
    delete event.region;
    delete event.account;
    event.detail.clusterArn = 'arn:aws:ecs:ap-south-1:210987654321:cluster/orders-prod';
    event.detail.taskArn = 'arn:aws:ecs:ap-south-1:210987654321:task/orders-prod/abc123';

    // Act
    const task = parseDiagnose(event).task;

    // Assess
    expect(task?.region).toBe('ap-south-1');
    expect(task?.accountId).toBe('210987654321');
  });

  it('reads the subnet from an ElasticNetworkInterface attachment as DescribeTasks names it', () => {
    const event = loadEvent('ecr-api-timeout');
    const [attachment] = event.detail.attachments as { type: string }[];
    if (attachment) attachment.type = 'ElasticNetworkInterface';

    expect(parseDiagnose(event).task?.subnetId).toBe('subnet-0a1b2c3d4e5f60718');
  });

  it('leaves subnet and IP null when the event carries no ENI attachment (EC2 bridge mode)', () => {
    const event = loadEvent('ecr-api-timeout');
    event.detail.attachments = [];

    expect(parseDiagnose(event).task).toMatchObject({ subnetId: null, privateIp: null });
  });

  it('keeps the service name null for a standalone task', () => {
    const event = loadEvent('ecr-api-timeout');
    event.detail.group = 'family:orders-api';

    expect(parseDiagnose(event).task).toMatchObject({ group: 'family:orders-api', serviceName: null });
  });

  it('maps a launch type it does not know to null instead of rejecting the event', () => {
    const event = loadEvent('ecr-api-timeout');
    event.detail.launchType = 'MANAGED_INSTANCES';

    expect(parseDiagnose(event).task?.launchType).toBeNull();
  });

  it('names containers without a name by their position', () => {
    const event = loadEvent('ecr-dkr-timeout');
    const [container] = event.detail.containers as Record<string, unknown>[];
    delete container?.name;

    expect(parseDiagnose(event).task?.containerReasons[0]?.container).toBe('container 1');
  });

  it('truncates a huge stop reason instead of rejecting the event', () => {
    // Prepare
    const event = loadEvent('ecr-api-timeout');
    event.detail.stoppedReason = `${String(event.detail.stoppedReason)} ${'x'.repeat(1_000_000)}`;

    // Act
    const reason = parseDiagnose(event).task?.stoppedReason ?? '';

    // Assess
    expect(reason.length).toBe(4096);
    expect(reason).toMatch(/^ResourceInitializationError: /);
    expect(reason).toMatch(/\[truncated by ecs-netfix\]$/);
  });
});

describe('parseRequest with events that are not start-up failures', () => {
  it('ignores a running standalone task', () => {
    const event = loadEvent('running-task');
    event.detail.group = 'family:orders-api';
    const request = parseIgnored(event);

    expect(request.origin).toBe('eventbridge');
    expect(request.reason).toBe('the task is RUNNING, not STOPPED: only stopped tasks can have failed to start');
    expect(request.task?.taskId).toBe('6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b');
  });

  it("reads a service's running task as the sign its incident can close", () => {
    const request = parseRequest(loadEvent('running-task'), defaults);

    expect(request).toMatchObject({
      kind: 'lifecycle',
      signal: 'task-running',
      clusterName: 'orders-prod',
      serviceName: 'orders-api',
    });
  });

  it('ignores a task that is still provisioning', () => {
    const event = loadEvent('running-task');
    event.detail.lastStatus = 'PROVISIONING';

    expect(parseIgnored(event).reason).toMatch(/^the task is PROVISIONING, not STOPPED/);
  });

  it('ignores a stop by a user', () => {
    expect(parseIgnored(loadEvent('user-initiated-stop')).reason).toBe(
      'the task was stopped by a user or an API call (stopCode UserInitiated)'
    );
  });

  it.each(['ServiceSchedulerInitiated', 'SpotInterruption', 'TerminationNotice'])(
    'ignores stopCode %s even when the reason quotes a pull error',
    (stopCode) => {
      const event = loadEvent('ecr-api-timeout');
      event.detail.stopCode = stopCode;

      expect(parseIgnored(event).reason).toContain(`stopCode ${stopCode}`);
    }
  );

  it('ignores an application that exited with code 1', () => {
    expect(parseIgnored(loadEvent('essential-container-exited')).reason).toBe(
      'container orders-api exited with code 1: the application stopped after it started, which no network fix changes'
    );
  });

  it('ignores a stopped task whose reasons name no start-up failure', () => {
    const event = loadEvent('ecr-api-timeout');
    event.detail.stopCode = 'TaskFailedToStart';
    event.detail.stoppedReason = 'OutOfMemoryError: Container killed due to memory usage';

    expect(parseIgnored(event).reason).toBe('no stop reason names an image, secret or registry start-up failure');
  });
});

describe('parseRequest with a forged service group', () => {
  it.each(['service:web<!channel>', 'service:\u0000', `service:${'a'.repeat(256)}`])(
    'rejects %j, naming detail.group',
    (group) => {
      const event = loadEvent('ecr-api-timeout');
      event.detail.group = group;

      expect(() => parseRequest(event, defaults)).toThrow(/detail\.group/);
    }
  );
});
