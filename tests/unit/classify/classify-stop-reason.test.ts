import { describe, expect, it } from '@jest/globals';

import { classifyStopReason } from '../../../shared/classify/classify.js';

// Texts written the way ECS, containerd and the agent word them, varied on purpose so that the
// tests exercise structure (families, hosts, dial tcp, operation names) rather than exact strings.
const ECR_AUTH_2024 =
  'ResourceInitializationError: unable to pull secrets or registry auth: The task cannot pull registry auth from Amazon ECR: There is a connection issue between the task and Amazon ECR. Check your task network configuration. operation error ECR: GetAuthorizationToken, exceeded maximum attempts 3, https response error StatusCode: 0, RequestID: , request send failed, Post "https://api.ecr.sa-east-1.amazonaws.com/": dial tcp 18.231.4.9:443: i/o timeout';

function ecrAuthTimeoutFrom(ip: string): string {
  return ECR_AUTH_2024.replace('18.231.4.9', ip);
}

describe('classifyStopReason', () => {
  describe('endpoint categories', () => {
    it('points an ECR auth timeout at ecr.api and says an endpoint can fix it', () => {
      // Act
      const result = classifyStopReason(ECR_AUTH_2024);

      // Assess
      expect(result).toMatchObject({ category: 'ecr_api_unreachable', service: 'ecr.api', endpointFixable: true });
      expect(result.evidence).toMatchObject({
        family: 'ResourceInitializationError',
        hosts: ['api.ecr.sa-east-1.amazonaws.com'],
        ip: '18.231.4.9',
        ipScope: 'public',
        region: 'sa-east-1',
      });
      expect(result.evidence.patterns[0]).toBe('ecr-api-host');
    });

    it('points a manifest timeout on <account>.dkr.ecr at ecr.dkr', () => {
      // Act
      const result = classifyStopReason(
        'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 210987654321.dkr.ecr.ca-central-1.amazonaws.com/billing/api:2.3.1: failed to do request: Head "https://210987654321.dkr.ecr.ca-central-1.amazonaws.com/v2/billing/api/manifests/2.3.1": dial tcp 15.222.1.7:443: connect: connection timed out'
      );

      // Assess
      expect(result).toMatchObject({ category: 'ecr_dkr_unreachable', service: 'ecr.dkr', endpointFixable: true });
      expect(result.evidence.region).toBe('ca-central-1');
    });

    it('points a layer download from the starport bucket at the S3 gateway endpoint', () => {
      // Act
      const result = classifyStopReason(
        'CannotPullContainerError: ref pull has been retried 5 time(s): failed to copy: httpReaderSeeker: failed open: failed to do request: Get "https://prod-ap-south-1-starport-layer-bucket.s3.ap-south-1.amazonaws.com/4cd0-987654321098-1a2b/5f6e?X-Amz-Algorithm=AWS4-HMAC-SHA256": dial tcp 52.219.64.10:443: i/o timeout'
      );

      // Assess
      expect(result).toMatchObject({ category: 's3_layer_unreachable', service: 's3', endpointFixable: true });
      expect(result.evidence.region).toBe('ap-south-1');
    });

    it('points an environment file download timeout at S3', () => {
      // Act
      const result = classifyStopReason(
        'ResourceInitializationError: failed to download env files: file download command: non empty error stream: service call has been retried 5 time(s): RequestError: send request failed caused by: Get "https://my-config.s3.eu-north-1.amazonaws.com/prod.env": dial tcp 52.95.170.4:443: i/o timeout'
      );

      // Assess
      expect(result).toMatchObject({ category: 's3_layer_unreachable', service: 's3', endpointFixable: true });
    });

    it('tells Secrets Manager ("asm") from SSM even when the ARN names the other store', () => {
      // Act
      const asm = classifyStopReason(
        'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 5 time(s): failed to fetch secret arn:aws:secretsmanager:us-east-2:111122223333:secret:api-key from secrets manager: RequestCanceled: request context canceled caused by: context deadline exceeded'
      );
      const ssm = classifyStopReason(
        'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 5 time(s): failed to fetch arn:aws:ssm:us-east-2:111122223333:parameter/aws/reference/secretsmanager/api-key: RequestCanceled: request context canceled caused by: context deadline exceeded'
      );

      // Assess
      expect(asm).toMatchObject({ category: 'secretsmanager_unreachable', service: 'secretsmanager', endpointFixable: true });
      expect(ssm).toMatchObject({ category: 'ssm_unreachable', service: 'ssm', endpointFixable: true });
    });

    it('points a logger-args timeout on logs.<region> at the logs endpoint', () => {
      // Act
      const result = classifyStopReason(
        'ResourceInitializationError: failed to validate logger args: create stream has been retried 3 times: failed to create Cloudwatch log stream: RequestError: send request failed caused by: Post "https://logs.me-central-1.amazonaws.com/": dial tcp 3.29.0.5:443: i/o timeout'
      );

      // Assess
      expect(result).toMatchObject({ category: 'logs_unreachable', service: 'logs', endpointFixable: true });
      expect(result.evidence.region).toBe('me-central-1');
    });
  });

  describe('the address that timed out', () => {
    it.each([
      { ip: '10.0.7.12', scope: 'private' },
      { ip: '172.31.255.254', scope: 'private' },
      { ip: '192.168.4.4', scope: 'private' },
      { ip: '100.64.0.9', scope: 'private' },
      { ip: '169.254.169.253', scope: 'private' },
      { ip: '172.32.0.1', scope: 'public' },
      { ip: '100.128.0.1', scope: 'public' },
      { ip: '3.5.140.2', scope: 'public' },
    ])('reads $ip as $scope', ({ ip, scope }) => {
      // Act
      const result = classifyStopReason(ecrAuthTimeoutFrom(ip));

      // Assess
      expect(result.evidence).toMatchObject({ ip, ipScope: scope });
      expect(result.category).toBe('ecr_api_unreachable');
      expect(result.endpointFixable).toBe(scope === 'public');
    });

    it('keeps the category but refuses an endpoint fix for a private IPv6 address', () => {
      // Act
      const result = classifyStopReason(ECR_AUTH_2024.replace('18.231.4.9:443', '[fd12:3456:789a::5]:443'));

      // Assess
      expect(result).toMatchObject({ category: 'ecr_api_unreachable', endpointFixable: false });
      expect(result.evidence.ipScope).toBe('private');
    });

    it('reports no IP when it is redacted', () => {
      // Act
      const result = classifyStopReason(ecrAuthTimeoutFrom('x.x.X.x'));

      // Assess
      expect(result.evidence).toMatchObject({ ip: null, ipScope: null });
      expect(result.endpointFixable).toBe(true);
    });

    it('ignores an impossible address such as 300.1.1.1', () => {
      // Act
      const result = classifyStopReason(ecrAuthTimeoutFrom('300.1.1.1'));

      // Assess
      expect(result.evidence.ip).toBeNull();
    });
  });

  describe('DNS', () => {
    it('calls "no such host" a DNS failure, not a missing endpoint', () => {
      // Act
      const result = classifyStopReason(
        'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): RequestError: send request failed caused by: Post "https://api.ecr.eu-south-1.amazonaws.com/": dial tcp: lookup api.ecr.eu-south-1.amazonaws.com: no such host'
      );

      // Assess
      expect(result).toMatchObject({ category: 'dns_resolution_failed', service: 'ecr.api', endpointFixable: false });
    });

    it('calls an unreachable resolver (dial udp ...:53) a DNS failure', () => {
      // Act
      const result = classifyStopReason(
        'CannotPullContainerError: failed to resolve ref 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1: failed to do request: Head "https://123456789012.dkr.ecr.us-east-1.amazonaws.com/v2/app/manifests/1": dial tcp: lookup 123456789012.dkr.ecr.us-east-1.amazonaws.com on 10.8.0.2:53: dial udp 10.8.0.2:53: connect: network is unreachable'
      );

      // Assess
      expect(result).toMatchObject({ category: 'dns_resolution_failed', service: 'ecr.dkr', endpointFixable: false });
    });
  });

  describe('public registries', () => {
    it.each([
      { host: 'registry-1.docker.io', service: 'docker.io' },
      { host: 'ghcr.io', service: 'ghcr.io' },
      { host: 'quay.io', service: 'quay.io' },
      { host: 'public.ecr.aws', service: 'public.ecr.aws' },
    ])('never offers an endpoint for a timeout on $host', ({ host, service }) => {
      // Act
      const result = classifyStopReason(
        `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to do request: Head "https://${host}/v2/team/app/manifests/3": dial tcp 44.1.2.3:443: i/o timeout`
      );

      // Assess
      expect(result).toMatchObject({ category: 'public_registry_unreachable', service, endpointFixable: false });
    });
  });

  describe('non-network verdicts', () => {
    it.each([
      {
        category: 'image_not_found',
        text: 'CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:gone: 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:gone: not found',
      },
      {
        category: 'image_not_found',
        text: 'CannotPullContainerError: Error response from daemon: manifest for 123456789012.dkr.ecr.eu-west-3.amazonaws.com/app:v9 not found: manifest unknown: Requested image not found',
      },
      {
        category: 'registry_auth_failed',
        text: 'CannotPullContainerError: Error response from daemon: Get https://123456789012.dkr.ecr.us-east-1.amazonaws.com/v2/app/manifests/1: no basic auth credentials',
      },
      {
        category: 'registry_auth_failed',
        text: 'CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref registry.example.com/app:1: unexpected status from HEAD request: 401 Unauthorized: unauthorized: authentication required',
      },
      {
        category: 'rate_limited',
        text: 'CannotPullContainerError: inspect image has been retried 1 time(s): httpReaderSeeker: failed open: unexpected status code https://registry-1.docker.io/v2/library/redis/manifests/7: 429 Too Many Requests - Server message: toomanyrequests: You have reached your unauthenticated pull rate limit.',
      },
      {
        category: 'disk_or_host_problem',
        text: 'CannotPullContainerError: ref pull has been retried 1 time(s): failed to extract layer sha256:0a1b: write /var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/12/fs/usr/lib/libx.so: no space left on device',
      },
      {
        category: 'iam_permission_denied',
        text: 'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/exec/abc is not authorized to perform: ecr:GetAuthorizationToken on resource: * because no identity-based policy allows the ecr:GetAuthorizationToken action',
      },
      {
        category: 'other_not_network',
        text: 'CannotStartContainerError: ResourceInitializationError: failed to create new container runtime task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "/app/start.sh": permission denied: unknown',
      },
      {
        category: 'other_not_network',
        text: 'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): retrieved secret from Secrets Manager did not contain json key DB_PASSWORD',
      },
    ])('gives $category and never an endpoint fix', ({ category, text }) => {
      // Act
      const result = classifyStopReason(text);

      // Assess
      expect(result.category).toBe(category);
      expect(result.endpointFixable).toBe(false);
    });

    it('lets a non-network signal win over a timeout in the same text', () => {
      // Act
      const result = classifyStopReason(
        'CannotPullContainerError: ref pull has been retried 5 time(s): failed to copy: httpReaderSeeker: failed open: failed to do request: Get "https://registry-1.docker.io/v2/x/manifests/1": context deadline exceeded; retry: toomanyrequests: You have reached your pull rate limit'
      );

      // Assess
      expect(result).toMatchObject({ category: 'rate_limited', endpointFixable: false });
    });

    it('names the service an IAM denial concerns from the refused action', () => {
      // Act
      const result = classifyStopReason(
        'ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/exec/1 is not authorized to perform: logs:CreateLogStream on resource: arn:aws:logs:eu-west-1:111122223333:log-group:/ecs/app:log-stream:ecs/app/1'
      );

      // Assess
      expect(result).toMatchObject({ category: 'iam_permission_denied', service: 'logs' });
    });
  });

  describe('what it cannot tell', () => {
    it('gives ambiguous_network, not fixable, for a start-up failure truncated before any detail', () => {
      // Act
      const result = classifyStopReason(
        'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrie'
      );

      // Assess
      expect(result).toMatchObject({ category: 'ambiguous_network', service: null, endpointFixable: false });
      expect(result.evidence.patterns).toContain('startup-failure-family');
    });

    it('gives ambiguous_network for a timeout with no service named', () => {
      // Act
      const result = classifyStopReason('CannotPullContainerError: context deadline exceeded');

      // Assess
      expect(result).toMatchObject({ category: 'ambiguous_network', service: null, endpointFixable: false });
    });

    it('gives other_not_network with no evidence for a reason outside its scope', () => {
      // Act
      const result = classifyStopReason('Essential container in task exited');

      // Assess
      expect(result).toMatchObject({ category: 'other_not_network', service: null, endpointFixable: false });
      expect(result.evidence.patterns).toEqual([]);
    });
  });

  describe('wordings outside the corpus', () => {
    it.each([
      {
        name: 'a TLS-intercepting proxy (x509) on ECR',
        text: 'CannotPullContainerError: Error response from daemon: Get "https://123456789012.dkr.ecr.us-east-1.amazonaws.com/v2/": x509: certificate signed by unknown authority',
        expected: { category: 'ambiguous_network', service: 'ecr.dkr', endpointFixable: false },
      },
      {
        name: 'a connection closed mid-request (EOF)',
        text: 'CannotPullContainerError: inspect image has been retried 5 time(s): failed to resolve ref "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1": failed to do request: Head "https://123456789012.dkr.ecr.us-east-1.amazonaws.com/v2/app/manifests/1": EOF',
        // The request to the registry failed but the text does not say how: its category, no fix.
        expected: { category: 'ecr_dkr_unreachable', service: 'ecr.dkr', endpointFixable: false },
      },
      {
        name: 'a refused connection to a private ECR address',
        text: 'CannotPullContainerError: Error response from daemon: Get https://123456789012.dkr.ecr.us-east-1.amazonaws.com/v2/: dial tcp 10.0.1.5:443: connect: connection refused',
        expected: { category: 'ecr_dkr_unreachable', service: 'ecr.dkr', endpointFixable: false },
      },
      {
        name: 'a Docker Hub pull through a refusing proxy',
        text: 'CannotPullContainerError: Error response from daemon: Get https://registry-1.docker.io/v2/: proxyconnect tcp: dial tcp 10.0.0.5:3128: connect: connection refused',
        expected: { category: 'public_registry_unreachable', service: 'docker.io', endpointFixable: false },
      },
      {
        name: 'a pull timeout from the Docker daemon',
        text: 'DockerTimeoutError: Could not transition to pulled; timed out after waiting 2h0m0s',
        expected: { category: 'ambiguous_network', service: null, endpointFixable: false },
      },
      {
        name: 'an EFS mount timeout',
        text: 'ResourceInitializationError: failed to invoke EFS utils commands to set up EFS volumes: stderr: mount.nfs4: Connection timed out : unsuccessful EFS utils command execution; code: 32',
        expected: { category: 'efs_mount_failed', service: 'efs', endpointFixable: false },
      },
      {
        name: 'a KMS key the execution role may not use',
        text: 'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret arn:aws:secretsmanager:eu-west-1:111122223333:secret:x from secrets manager: AccessDeniedException: The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.',
        expected: { category: 'iam_permission_denied', service: 'kms', endpointFixable: false },
      },
      {
        name: 'Secrets Manager throttling after retries',
        text: 'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 5 time(s): failed to fetch secret arn:aws:secretsmanager:us-east-1:111122223333:secret:x from secrets manager: ThrottlingException: Rate exceeded',
        expected: { category: 'rate_limited', service: 'secretsmanager', endpointFixable: false },
      },
      {
        name: 'a DNS resolver that misbehaves for Docker Hub',
        text: 'CannotPullContainerError: failed to pull and unpack image "docker.io/library/alpine:3": failed to resolve reference "docker.io/library/alpine:3": failed to do request: Head "https://registry-1.docker.io/v2/library/alpine/manifests/3": dial tcp: lookup registry-1.docker.io on 10.0.0.2:53: server misbehaving',
        expected: { category: 'dns_resolution_failed', service: 'docker.io', endpointFixable: false },
      },
      {
        name: 'an ECR API timeout in a China region',
        text: 'ResourceInitializationError: unable to pull secrets or registry auth: The task cannot pull registry auth from Amazon ECR: There is a connection issue between the task and Amazon ECR. Check your task network configuration. RequestError: send request failed caused by: Post "https://api.ecr.cn-north-1.amazonaws.com.cn/": dial tcp 54.222.1.1:443: i/o timeout',
        expected: { category: 'ecr_api_unreachable', service: 'ecr.api', endpointFixable: true },
      },
    ])('classifies $name', ({ text, expected }) => {
      // Act
      const result = classifyStopReason(text);

      // Assess
      expect({ category: result.category, service: result.service, endpointFixable: result.endpointFixable }).toEqual(expected);
    });
  });
});
