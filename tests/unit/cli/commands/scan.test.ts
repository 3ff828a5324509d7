import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListClustersCommand,
  ListServicesCommand,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { ServiceReadiness } from '../../../../shared/cli/service-readiness.js';
import { runInMemory } from '../run-in-memory.js';

const ecsMock = mockClient(ECSClient);
const ENV = { AWS_REGION: 'eu-west-1' };
const ACCOUNT = '123456789012';

function clusterArn(name: string): string {
  return `arn:aws:ecs:eu-west-1:${ACCOUNT}:cluster/${name}`;
}

function serviceArn(cluster: string, name: string): string {
  return `arn:aws:ecs:eu-west-1:${ACCOUNT}:service/${cluster}/${name}`;
}

/** Services in bridge mode: no awsvpc subnets, so nothing beyond ECS is read. */
function answerServices(input: { cluster?: string; services?: string[] }) {
  const cluster = input.cluster?.split('/').at(-1) ?? '';
  return {
    services: (input.services ?? []).map((arn) => ({
      serviceArn: arn,
      serviceName: arn.split('/').at(-1),
      clusterArn: clusterArn(cluster),
      status: 'ACTIVE',
      launchType: 'EC2' as const,
    })),
    failures: [],
  };
}

describe('ecs-netfix scan', () => {
  afterEach(() => {
    ecsMock.reset();
  });

  it('checks every service of every cluster, describing services ten at a time', async () => {
    // Prepare: 12 services in "big", 1 in "small".
    const big = Array.from({ length: 12 }, (_, index) => serviceArn('big', `svc-${String(index).padStart(2, '0')}`));
    ecsMock.on(ListClustersCommand).resolves({ clusterArns: [clusterArn('big'), clusterArn('small')] });
    ecsMock.on(ListServicesCommand).callsFake((input: { cluster?: string }) => ({
      serviceArns: input.cluster?.endsWith('/big') ? big : [serviceArn('small', 'web')],
    }));
    ecsMock.on(DescribeServicesCommand).callsFake(answerServices);
    ecsMock.on(DescribeTaskDefinitionCommand).resolves({});

    // Act
    const result = await runInMemory(['scan', '--json'], { env: ENV });

    // Assess
    const entries = JSON.parse(result.stdout) as ServiceReadiness[];
    expect(entries).toHaveLength(13);
    expect(new Set(entries.map((entry) => entry.cluster))).toEqual(new Set(['big', 'small']));
    // Bridge-mode services have no subnets to check: reported, not failed.
    expect(result.code).toBe(0);
    expect(entries.every((entry) => entry.status === 'ready')).toBe(true);
    expect(entries[0]?.findings.map((finding) => finding.code)).toContain('NETWORK_CONFIG_UNKNOWN');
    const listedPerCall = ecsMock
      .commandCalls(DescribeServicesCommand)
      .map((call) => call.args[0].input.services?.length ?? 0)
      .filter((count) => count > 1);
    expect(listedPerCall).toEqual([10, 2]);
  });

  it('prints a friendly line for an account without services', async () => {
    ecsMock.on(ListClustersCommand).resolves({ clusterArns: [] });

    const result = await runInMemory(['scan'], { env: ENV });

    expect(result.code).toBe(0);
    expect(result.stdout).toBe('No ECS services found.\n');
  });
});
