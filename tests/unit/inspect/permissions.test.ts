import { describe, expect, it } from '@jest/globals';
import { permissionRequestsFor } from '../../../shared/model/permissions.js';
import { parseTaskDefinition } from '../../../shared/model/task-definition.js';

const definition = parseTaskDefinition(
  {
    taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/api:7',
    containerDefinitions: [
      {
        name: 'api',
        image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/api:7',
        logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/api' } },
        secrets: [
          { name: 'DB', valueFrom: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf:password::' },
          { name: 'KEY', valueFrom: '/app/key' },
        ],
      },
      { name: 'sidecar', image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/api:7' },
    ],
  },
  'eu-west-1'
);

describe('permissionRequestsFor', () => {
  it('asks for the ECR, logs, secret and parameter permissions of the task, each once', () => {
    expect(permissionRequestsFor(definition, 'eu-west-1', '123456789012')).toEqual([
      { action: 'ecr:GetAuthorizationToken', resource: '*', service: 'ecr.api' },
      {
        action: 'ecr:BatchCheckLayerAvailability',
        resource: 'arn:aws:ecr:eu-west-1:123456789012:repository/team/api',
        service: 'ecr.dkr',
      },
      {
        action: 'ecr:GetDownloadUrlForLayer',
        resource: 'arn:aws:ecr:eu-west-1:123456789012:repository/team/api',
        service: 'ecr.dkr',
      },
      { action: 'ecr:BatchGetImage', resource: 'arn:aws:ecr:eu-west-1:123456789012:repository/team/api', service: 'ecr.dkr' },
      { action: 'logs:CreateLogStream', resource: 'arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/api:*', service: 'logs' },
      { action: 'logs:PutLogEvents', resource: 'arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/api:*', service: 'logs' },
      {
        action: 'secretsmanager:GetSecretValue',
        resource: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf',
        service: 'secretsmanager',
      },
      { action: 'ssm:GetParameters', resource: 'arn:aws:ssm:eu-west-1:123456789012:parameter/app/key', service: 'ssm' },
    ]);
  });

  it('asks nothing for a public image without logs or secrets', () => {
    const publicOnly = parseTaskDefinition({ containerDefinitions: [{ name: 'web', image: 'nginx' }] }, 'eu-west-1');
    expect(permissionRequestsFor(publicOnly, 'eu-west-1', '123456789012')).toEqual([]);
  });
});
