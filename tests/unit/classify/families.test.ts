import { describe, expect, it } from '@jest/globals';

import { classifyStopReason, classifyTaskFailure } from '../../../shared/classify/classify.js';

/**
 * The families issue 14 names, one block each: texts in the wordings ECS and the runtimes print
 * (several verbatim from the public corpus), the verdict, and what the evidence must say.
 */

interface Expected {
  category: string;
  service?: string | null;
  endpointFixable: boolean;
}

function verdictOf(text: string): Expected & { notes: string[] } {
  const result = classifyStopReason(text);
  return {
    category: result.category,
    service: result.service,
    endpointFixable: result.endpointFixable,
    notes: result.evidence.notes ?? [],
  };
}

describe('SDK transport failures and requests cut off mid-URL', () => {
  it.each([
    {
      name: 'send request failed, cut after naming api.ecr',
      text: 'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 5 time(s): RequestError: send request failed caused by: Post https://api.ecr....',
      expected: { category: 'ecr_api_unreachable', service: 'ecr.api', endpointFixable: false },
    },
    {
      name: 'send request failed with nothing after it',
      text: 'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): RequestError: send request failed',
      expected: { category: 'ecr_api_unreachable', service: 'ecr.api', endpointFixable: false },
    },
    {
      name: 'RequestError from asm',
      text: 'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to get registry auth from asm: service call has been retried 1 time(s): asm fetching secret from the service for <secretname>: RequestError: ...',
      expected: { category: 'secretsmanager_unreachable', service: 'secretsmanager', endpointFixable: false },
    },
    {
      name: 'a layer request cut inside its URL',
      text: 'CannotPullContainerError: ref pull has been retried 5 time(s): failed to copy: httpReadSeeker: failed open: failed to do request: Get "https://prod-eu-west-2-starport-layer-bucket.s3.eu-west-2.amazonaws.com/',
      expected: { category: 's3_layer_unreachable', service: 's3', endpointFixable: false },
    },
  ])('$name: the service, never a fix', ({ text, expected }) => {
    // Act
    const verdict = verdictOf(text);

    // Assess
    expect(verdict).toMatchObject(expected);
    expect(verdict.notes.join(' ')).toMatch(/failed but the text does not say how/);
  });

  it('still proposes the fix when the same wording shows the timeout and a public address', () => {
    // Act
    const verdict = verdictOf(
      'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): RequestError: send request failed caused by: Post "https://api.ecr.us-east-2.amazonaws.com/": dial tcp 52.95.121.23:443: i/o timeout. Please check your task network configuration.'
    );

    // Assess
    expect(verdict).toMatchObject({ category: 'ecr_api_unreachable', endpointFixable: true });
  });
});

describe('a service named, the failure kind cut off', () => {
  it.each([
    'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 5 time(s): failed to fetch secret arn:aws:secretsmanager:eu-west-2:788375279931...',
    'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried',
  ])('is ambiguous, names Secrets Manager and says the kind is missing: %s', (text) => {
    // Act
    const verdict = verdictOf(text);

    // Assess
    expect(verdict).toMatchObject({ category: 'ambiguous_network', service: 'secretsmanager', endpointFixable: false });
    expect(verdict.notes.join(' ')).toMatch(/secretsmanager is named but the failure kind is not/);
  });
});

describe('the image, not the network', () => {
  it.each([
    'Error: image my/image:latest not found',
    'unknown blob',
    'CannotPullContainerError: failed to find a descriptor for platform {linux/amd64}',
    "CannotPullContainerError: pull image manifest has been retried 7 time(s): image Manifest does not contain descriptor matching platform 'linux/amd64'.",
    'Error response from daemon: no matching manifest for linux/arm64/v8 in the manifest list entries: no match for platform in manifest: not found',
    "layers from manifest don't match image configuration",
  ])('%s', (text) => {
    // Act / Assess
    expect(verdictOf(text)).toMatchObject({ category: 'image_not_found', endpointFixable: false });
  });
});

describe('403 from ECR or its layer bucket is a policy, not credentials', () => {
  it.each([
    'CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref 123456789123.dkr.ecr.us-east-1.amazonaws.com/a2-ecr-app-repo:latest: pulling from host 123456789123.dkr.ecr.us-east-1.amazonaws.com failed with status code [manifests latest]: 403 Forbidden',
    'CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref 366590864501.dkr.ecr.us-west-2.amazonaws.com/api:latest@sha256:5de4: unexpected status from HEAD request to https://366590864501.dkr.ecr.us-west-2.amazonaws.com/v2/api/blobs/sha256:5de4: 403 Forbidden',
    'CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: httpReaderSeeker: failed open: unexpected status code https://prod-us-east-1-starport-layer-bucket.s3.us-east-1.amazonaws.com/a0b5/2bd5: 403 Forbidden',
  ])('%s', (text) => {
    // Act / Assess
    expect(verdictOf(text)).toMatchObject({ category: 'iam_permission_denied', endpointFixable: false });
  });

  it('keeps a 401 from a public registry as registry authentication', () => {
    // Act / Assess
    expect(
      verdictOf(
        'CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ghcr.io/my-org/my-image:latest: failed to authorize: failed to fetch anonymous token: unexpected status from GET request to https://ghcr.io/token: 401 Unauthorized'
      )
    ).toMatchObject({ category: 'registry_auth_failed', endpointFixable: false });
  });
});

describe('CannotStartContainerError / CannotCreateContainerError on the host', () => {
  it.each([
    {
      text: 'CannotCreateContainerError: API error (500): devmapper: Thin Pool has 4350 free data blocks which is less than minimum required 4454 free data blocks.',
      category: 'disk_or_host_problem',
    },
    {
      text: 'CannotStartContainerError: API error (404): Cannot start container 986d: adding interface veth0e8d337 to bridge docker0 failed: could not find bridge docker0: no such network interface',
      category: 'disk_or_host_problem',
    },
    {
      text: 'CannotStartContainerError: Error response from daemon: failed to initialize logging driver: dial tcp 127.0.0.1:514: connect: connection refused',
      category: 'other_not_network',
    },
    { text: 'Timeout waiting for network interface provisioning to complete.', category: 'other_not_network' },
    { text: 'STOPPED (DockerTimeoutError: Could not transition to starte)', category: 'disk_or_host_problem' },
  ])('$text', ({ text, category }) => {
    // Act / Assess
    expect(verdictOf(text)).toMatchObject({ category, endpointFixable: false });
  });
});

describe('DNS lookups with the outcome cut off, and EFS names that do not resolve', () => {
  it.each([
    'CannotPullContainerError: failed to resolve ref "docker.io/docker/ecs-searchdomain-sidecar:1.0": failed to do request: Head https://registry-1.docker.io/v2/docker/ecs-searchdomain-sidecar/manifests/1.0: dial tcp: lookup registry-1.docker.io on 172.31.0...',
    '(HTTP code 500) server error - Get https://registry-1.docker.io/v2/: dial tcp: lookup registry-1.docker.io',
  ])('a lookup that failed is DNS: %s', (text) => {
    // Act / Assess
    expect(verdictOf(text)).toMatchObject({ category: 'dns_resolution_failed', endpointFixable: false });
  });

  it.each([
    'ResourceInitializationError: failed to invoke EFS utils commands to set up EFS volumes: stderr: Failed to resolve "fs-0867a83d8ed398433.efs.',
    'ResourceInitializationError: failed to invoke EFS utils commands to set up EFS volumes: stderr: mount.nfs4: Connection reset by peer : unsuccessful EFS utils command execution; code: 32',
    'Mount attempt 1/3 failed due to timeout after 15 sec, wait 0 sec before next attempt.',
  ])('an EFS mount that never reached its target is efs_mount_failed: %s', (text) => {
    // Act / Assess
    expect(verdictOf(text)).toMatchObject({ category: 'efs_mount_failed', service: 'efs', endpointFixable: false });
  });

  it('an NFS server that answered is not a network problem', () => {
    // Act / Assess
    expect(
      verdictOf(
        "ResourceInitializationError: failed to invoke EFS utils commands to set up EFS volumes: stderr: b'mount.nfs4: mounting fs-1.efs.eu-west-1.amazonaws.com:/grafana failed, reason given by server: No such file or directory' : unsuccessful EFS utils command execution; code: 32"
      )
    ).toMatchObject({ category: 'other_not_network', endpointFixable: false });
  });
});

describe('the 2024+ console wording with the failing address at the end', () => {
  it('is the S3 layer download when the address is S3, though the text names dkr.ecr', () => {
    // Act
    const verdict = verdictOf(
      "CannotPullContainerError: The task cannot pull '123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/web:1.4' from the Amazon ECR repository '123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/web'. There is a connection issue between the task and Amazon ECR. Check your task network configuration. failed to copy: httpReadSeeker: failed open: failed to do request: Get \"https://123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/v2/web/blobs/sha256:ab\": dial tcp 3.5.188.72:443: i/o timeout"
    );

    // Assess
    expect(verdict).toMatchObject({ category: 's3_layer_unreachable', service: 's3', endpointFixable: true });
  });
});

describe('parameter errors that merely mention a service', () => {
  it.each([
    'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret arn:aws:secretsmanager:eu-west-1:1:secret:x from secrets manager: InvalidParameter: 1 validation error(s) found. – (minimum field size of 32/ maximum field size of 64), GetSecretValueInput.VersionId.',
    'Failed to decrypt secret due to ValidationError: Parameter name: can\'t be prefixed with "ssm"',
  ])('%s', (text) => {
    // Act / Assess
    expect(verdictOf(text)).toMatchObject({ category: 'other_not_network', endpointFixable: false });
  });
});

describe('safety across the new families', () => {
  it('lets a non-network container reason win over a network one for the task', () => {
    // Act
    const result = classifyTaskFailure('Task failed to start', [
      'CannotPullContainerError: Error response from daemon: Get https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/v2/: dial tcp 52.95.120.14:443: i/o timeout',
      'CannotPullContainerError: failed to find a descriptor for platform {linux/amd64}',
    ]);

    // Assess
    expect(result).toMatchObject({ category: 'image_not_found', endpointFixable: false });
  });

  it('does not let "Essential container in task exited" outweigh a container\'s network failure', () => {
    // Act
    const result = classifyTaskFailure('Essential container in task exited', [
      'CannotPullContainerError: Error response from daemon: Get https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/v2/: dial tcp 52.95.120.14:443: i/o timeout',
    ]);

    // Assess
    expect(result).toMatchObject({ category: 'ecr_dkr_unreachable', endpointFixable: true });
  });

  it('never fixes on TLS-trust or layer-verification wording alone', () => {
    // Act / Assess
    for (const text of [
      'Error response from daemon: Get https://api.ecr.eu-west-1.amazonaws.com/: x509: certificate signed by unknown authority',
      'filesystem layer verification failed for digest sha256:2b96f...',
    ]) {
      expect({ text, endpointFixable: verdictOf(text).endpointFixable }).toEqual({ text, endpointFixable: false });
    }
  });
});
