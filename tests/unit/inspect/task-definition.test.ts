import { describe, expect, it } from '@jest/globals';
import { parseImage, parseSecret, parseTaskDefinition } from '../../../shared/model/task-definition.js';

describe('parseImage', () => {
  it('reads account, region and repository from a private ECR image', () => {
    expect(parseImage('app', '123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/api:1.4')).toEqual({
      container: 'app',
      image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/api:1.4',
      registryKind: 'ecr',
      registryHost: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
      ecrRegion: 'eu-west-1',
      ecrAccountId: '123456789012',
      repository: 'team/api',
    });
  });

  it('reads an ECR image in a China region and strips a digest', () => {
    expect(parseImage('app', '210987654321.dkr.ecr.cn-north-1.amazonaws.com.cn/api@sha256:abc')).toMatchObject({
      registryKind: 'ecr',
      ecrRegion: 'cn-north-1',
      ecrAccountId: '210987654321',
      repository: 'api',
    });
  });

  it('treats a bare name as Docker Hub', () => {
    expect(parseImage('web', 'nginx')).toMatchObject({
      registryKind: 'public',
      registryHost: 'docker.io',
      repository: 'nginx',
      ecrRegion: null,
    });
  });

  it('treats an organisation path without a host as Docker Hub', () => {
    expect(parseImage('web', 'bitnami/redis:7.2')).toMatchObject({ registryHost: 'docker.io', repository: 'bitnami/redis' });
  });

  it('treats ECR Public, GHCR and a registry with a port as public registries', () => {
    expect(parseImage('a', 'public.ecr.aws/nginx/nginx:latest')).toMatchObject({
      registryKind: 'public',
      registryHost: 'public.ecr.aws',
      repository: 'nginx/nginx',
    });
    expect(parseImage('b', 'ghcr.io/org/tool:v1')).toMatchObject({ registryHost: 'ghcr.io', repository: 'org/tool' });
    expect(parseImage('c', 'registry.internal:5000/app:3')).toMatchObject({
      registryHost: 'registry.internal:5000',
      repository: 'app',
    });
  });
});

describe('parseSecret', () => {
  it('reads the region of a Secrets Manager ARN', () => {
    expect(
      parseSecret('app', 'DB', 'arn:aws:secretsmanager:us-east-2:123456789012:secret:db-AbCdEf:password::', 'eu-west-1')
    ).toMatchObject({ source: 'secretsmanager', region: 'us-east-2' });
  });

  it('reads an SSM parameter ARN', () => {
    expect(parseSecret('app', 'KEY', 'arn:aws:ssm:eu-central-1:123456789012:parameter/app/key', 'eu-west-1')).toMatchObject({
      source: 'ssm',
      region: 'eu-central-1',
    });
  });

  it("takes a bare parameter name as SSM in the task's region", () => {
    expect(parseSecret('app', 'KEY', '/app/key', 'eu-west-1')).toMatchObject({ source: 'ssm', region: 'eu-west-1' });
  });
});

describe('parseTaskDefinition', () => {
  it('collects images, awslogs, secrets, log secrets, environment files and EFS use', () => {
    // Prepare
    const definition = {
      taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/api:7',
      family: 'api',
      revision: 7,
      executionRoleArn: 'arn:aws:iam::123456789012:role/api-exec',
      networkMode: 'awsvpc',
      containerDefinitions: [
        {
          name: 'api',
          image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:7',
          logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/api', 'awslogs-region': 'eu-west-1' } },
          secrets: [{ name: 'DB', valueFrom: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf' }],
          environmentFiles: [{ value: 'arn:aws:s3:::bucket/api.env', type: 's3' }],
        },
        {
          name: 'router',
          image: 'fluent/fluent-bit:3',
          logConfiguration: { logDriver: 'splunk', secretOptions: [{ name: 'splunk-token', valueFrom: '/logging/splunk' }] },
        },
      ],
      volumes: [{ name: 'data', efsVolumeConfiguration: { fileSystemId: 'fs-123' } }],
    };

    // Act
    const facts = parseTaskDefinition(definition, 'eu-west-1');

    // Assess
    expect(facts).toMatchObject({
      arn: definition.taskDefinitionArn,
      family: 'api',
      revision: 7,
      executionRoleArn: 'arn:aws:iam::123456789012:role/api-exec',
      networkMode: 'awsvpc',
      usesEfs: true,
    });
    expect(facts.images.map((image) => [image.container, image.registryKind])).toEqual([
      ['api', 'ecr'],
      ['router', 'public'],
    ]);
    expect(facts.awsLogs).toEqual([{ container: 'api', group: '/ecs/api', region: 'eu-west-1' }]);
    expect(facts.secrets.map((secret) => [secret.container, secret.name, secret.source])).toEqual([
      ['api', 'DB', 'secretsmanager'],
      ['router', 'splunk-token', 'ssm'],
    ]);
    expect(facts.environmentFiles).toEqual(['arn:aws:s3:::bucket/api.env']);
  });

  it('returns empty facts and nulls for a definition without containers or a role', () => {
    expect(parseTaskDefinition({ taskDefinitionArn: 'arn:x', family: 'f' }, 'eu-west-1')).toEqual({
      arn: 'arn:x',
      family: 'f',
      revision: null,
      executionRoleArn: null,
      networkMode: null,
      images: [],
      awsLogs: [],
      secrets: [],
      environmentFiles: [],
      usesEfs: false,
      efsFileSystemIds: [],
    });
  });
});
