/**
 * One writer per VPC, through the built bundle on moto. Incidents are per service, so two services
 * of one VPC failing at the same moment have two leaders, each in its own container; both see the
 * same endpoints missing. The VPC lease makes the second wait and read the VPC the first fixed,
 * so each endpoint exists once; and MAX_ENDPOINTS_PER_RUN holds for the VPC, not for each run.
 */
import { CreateServiceCommand } from '@aws-sdk/client-ecs';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { AwsClients } from '../../../shared/aws/clients.js';
import type { EcsTaskStateChangeEvent } from '../../../shared/intake/ecs-task-event.js';
import type { Report } from '../../../shared/report/report.js';
import { failureEvent } from '../../helpers/ecs-events.js';
import { invokeBundle, reportOf } from '../../helpers/invoke-bundle.js';
import { createLocalStack } from '../../helpers/local-stack.js';
import { motoClients } from '../../helpers/moto.js';
import { liveEndpointServices, managedGroupCount } from '../../helpers/vpc-counts.js';
import { buildWorld, type World } from '../../helpers/moto-world.js';

/** A second service in the world's cluster and VPC (same subnets and security group), and its failed task's event. */
async function secondService(clients: AwsClients, world: World): Promise<EcsTaskStateChangeEvent> {
  const serviceName = `${world.name}-second`;
  await clients.ecs.send(
    new CreateServiceCommand({
      cluster: world.clusterArn,
      serviceName,
      taskDefinition: world.taskDefinitionArn,
      desiredCount: 1,
      launchType: 'FARGATE',
      networkConfiguration: {
        awsvpcConfiguration: { subnets: world.privateSubnetIds, securityGroups: [world.taskSecurityGroupId] },
      },
    })
  );
  const event = failureEvent(world.event);
  event.detail.group = `service:${serviceName}`;
  event.id = randomUUID();
  return event;
}

/** Both events at once, each in its own cold-started container (two leaders of two incidents). */
async function failTogether(events: EcsTaskStateChangeEvent[], env: Record<string, string>): Promise<Report[]> {
  const results = await Promise.all(events.map((event) => invokeBundle([event], { env })));
  return results.flat().map((result) => reportOf(result));
}

function createdEndpoints(reports: Report[]): number {
  return reports
    .flatMap((report) => report.actions)
    .filter(
      (result) =>
        result.status === 'created' &&
        (result.action.kind === 'create-interface-endpoint' || result.action.kind === 'create-gateway-endpoint')
    ).length;
}

describe('two services of one VPC failing together', () => {
  const clients = motoClients('eu-west-1');

  it('creates each missing endpoint once, and one security group', async () => {
    // Prepare
    const world = await buildWorld(clients, { azs: 2, taskDefinition: { image: 'ecr', awslogs: true } });
    const stack = await createLocalStack(clients);
    const events = [failureEvent(world.event), await secondService(clients, world)];

    // Act
    const reports = await failTogether(events, { ...stack.env, DRY_RUN: 'false' });

    // Assess: both led their own incident; the VPC got one endpoint per service, created once.
    expect(reports.map((report) => report.incident?.leader)).toEqual([true, true]);
    expect(await liveEndpointServices(clients.ec2, world.vpcId)).toEqual(['ecr.api', 'ecr.dkr', 'logs', 's3']);
    expect(createdEndpoints(reports)).toBe(4);
    expect(await managedGroupCount(clients.ec2, world.vpcId)).toBe(1);
  });

  it('keeps MAX_ENDPOINTS_PER_RUN for the VPC, not for each incident', async () => {
    // Prepare: four endpoints missing, a cap of two.
    const world = await buildWorld(clients, { azs: 2, taskDefinition: { image: 'ecr', awslogs: true } });
    const stack = await createLocalStack(clients);
    const events = [failureEvent(world.event), await secondService(clients, world)];

    // Act
    const reports = await failTogether(events, { ...stack.env, DRY_RUN: 'false', MAX_ENDPOINTS_PER_RUN: '2' });

    // Assess: two endpoints in the VPC in all; the other leader says why it created none.
    expect(await liveEndpointServices(clients.ec2, world.vpcId)).toHaveLength(2);
    expect(createdEndpoints(reports)).toBe(2);
    const capped = reports.flatMap((report) => report.actions).filter((result) => result.status === 'skipped');
    expect(capped.map((result) => result.note)).toContainEqual(expect.stringMatching(/per VPC per hour reached: 2 endpoint/));
  });
});
