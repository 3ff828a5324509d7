import { describe, expect, it } from '@jest/globals';

import { isStartupFailureText } from '../../../shared/classify/classify.js';

describe('isStartupFailureText', () => {
  it.each([
    'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed',
    'Resourceinitializationerror: unable to pull secrets or registry auth',
    'CannotPullContainerError: Error response from daemon: Get https://registry-1.docker.io/v2/',
    'cannotpullcontainererror: timeout',
    'CannotPullImageManifestError: pull image manifest has been retried 5 time(s)',
    'CannotPullECRContainerError: AccessDeniedException: User is not authorized to perform: ecr:GetAuthorizationToken',
    'DockerTimeoutError: Could not transition to pulled; timed out after waiting 3m0s',
    'ContainerRuntimeTimeoutError: Could not transition to running; timed out after waiting 1m0s',
    'The task cannot pull registry auth from Amazon ECR: There is a connection issue between the task and Amazon ECR.',
    'CannotStartContainerError: ResourceInitializationError: failed to create new container runtime task',
    'TaskFailedToStart: ResourceInitializationError: failed to validate logger args: signal: killed',
    '\u201CResourceInitializationError\u201D: failed to download env files',
  ])('is true for %s', (text) => {
    // Act
    const result = isStartupFailureText(text);

    // Assess
    expect(result).toBe(true);
  });

  it.each([
    '',
    'Essential container in task exited',
    'Task failed to start',
    'Scaling activity initiated by (deployment ecs-svc/1234567890)',
    'Task stopped by user',
    'Task failed ELB health checks in (target-group arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web/abc)',
    'CannotStartContainerError: Error response from daemon: OCI runtime create failed: container_linux.go:380',
    'CannotInspectContainerError: Could not transition to inspecting; timed out after waiting 30s',
    'OutOfMemoryError: Container killed due to memory usage',
    'Spot interruption',
  ])('is false for %j', (text) => {
    // Act
    const result = isStartupFailureText(text);

    // Assess
    expect(result).toBe(false);
  });

  it('answers for a megabyte of text (linear time: the structural test in hostile-input.test.ts; no wall-clock bound)', () => {
    // Prepare
    const text = `${'x'.repeat(1024 * 1024)}ResourceInitializationError`;

    // Act
    const result = isStartupFailureText(text);

    // Assess
    expect(result).toBe(false);
  });
});
