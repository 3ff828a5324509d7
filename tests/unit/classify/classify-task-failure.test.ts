import { describe, expect, it } from '@jest/globals';

import { classifyTaskFailure } from '../../../shared/classify/classify.js';

const ECR_API_TIMEOUT =
  'ResourceInitializationError: unable to pull secrets or registry auth: The task cannot pull registry auth from Amazon ECR: There is a connection issue between the task and Amazon ECR. Check your task network configuration. operation error ECR: GetAuthorizationToken, exceeded maximum attempts 3, https response error StatusCode: 0, RequestID: , request send failed, Post "https://api.ecr.eu-west-1.amazonaws.com/": dial tcp 52.94.1.9:443: i/o timeout';
const ECR_API_TIMEOUT_TRUNCATED = ECR_API_TIMEOUT.slice(0, 255);
const DKR_TIMEOUT =
  'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:7: failed to do request: Head "https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/v2/web/manifests/7": dial tcp 52.95.1.2:443: i/o timeout';
const DKR_TIMEOUT_PRIVATE = DKR_TIMEOUT.replace('52.95.1.2', '10.0.4.20');
const IMAGE_GONE =
  'CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref 123456789012.dkr.ecr.eu-west-1.amazonaws.com/sidecar:old: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/sidecar:old: not found';
const DOCKER_HUB_TIMEOUT =
  'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref docker.io/library/nginx:1.27: failed to do request: Head "https://registry-1.docker.io/v2/library/nginx/manifests/1.27": dial tcp 54.1.2.3:443: i/o timeout';

describe('classifyTaskFailure', () => {
  it('reads the container reason when the task reason only says the task failed to start', () => {
    // Act
    const result = classifyTaskFailure('Task failed to start', [DKR_TIMEOUT]);

    // Assess
    expect(result).toMatchObject({ category: 'ecr_dkr_unreachable', service: 'ecr.dkr', endpointFixable: true });
  });

  it('reads the task reason when the container reasons are empty', () => {
    // Act
    const result = classifyTaskFailure(ECR_API_TIMEOUT, ['', '  ']);

    // Assess
    expect(result).toMatchObject({ category: 'ecr_api_unreachable', endpointFixable: true });
  });

  it('prefers a specific endpoint category over an ambiguous one', () => {
    // Act
    const result = classifyTaskFailure('ResourceInitializationError: unable to pull secrets or registry auth', [DKR_TIMEOUT]);

    // Assess
    expect(result.category).toBe('ecr_dkr_unreachable');
  });

  it('prefers the longer copy of the same reason when the task-level one is truncated', () => {
    // Act
    const result = classifyTaskFailure(ECR_API_TIMEOUT_TRUNCATED, [ECR_API_TIMEOUT]);

    // Assess
    expect(result.evidence.ip).toBe('52.94.1.9');
    expect(result.evidence.text).toBe(ECR_API_TIMEOUT);
  });

  it('lets a missing image in one container win over a network timeout in another', () => {
    // Act
    const result = classifyTaskFailure('Task failed to start', [DKR_TIMEOUT, IMAGE_GONE]);

    // Assess
    expect(result).toMatchObject({ category: 'image_not_found', endpointFixable: false });
  });

  it('refuses an endpoint fix when another container shows the path is blocked, not missing', () => {
    // Act
    const result = classifyTaskFailure(ECR_API_TIMEOUT, [DKR_TIMEOUT_PRIVATE]);

    // Assess
    expect(result).toMatchObject({ category: 'ecr_dkr_unreachable', endpointFixable: false });
    expect(result.evidence.ipScope).toBe('private');
  });

  it('refuses an endpoint fix when a public-registry image fails next to an ECR image', () => {
    // Act
    const result = classifyTaskFailure('Task failed to start', [DKR_TIMEOUT, DOCKER_HUB_TIMEOUT]);

    // Assess
    expect(result).toMatchObject({ category: 'public_registry_unreachable', service: 'docker.io', endpointFixable: false });
  });

  it('keeps a CannotStartContainerError runtime failure non-network even beside a timeout', () => {
    // Act
    const result = classifyTaskFailure(
      'CannotStartContainerError: ResourceInitializationError: failed to create new container runtime task: failed to create shim task: OCI runtime create failed',
      [ECR_API_TIMEOUT]
    );

    // Assess
    expect(result).toMatchObject({ category: 'other_not_network', endpointFixable: false });
  });

  it('returns the uninformative verdict when nothing matches anywhere', () => {
    // Act
    const result = classifyTaskFailure('Essential container in task exited', ['Essential container in task exited']);

    // Assess
    expect(result).toMatchObject({ category: 'other_not_network', endpointFixable: false });
    expect(result.evidence.patterns).toEqual([]);
  });
});
