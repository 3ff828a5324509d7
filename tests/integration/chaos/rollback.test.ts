/**
 * Rollback that only undoes ours (issue 13), on moto through the fault proxy: a person's
 * hand-tagged endpoint survives, the route table ecs-netfix added to a person's S3 gateway is
 * detached again, an ecs-netfix gateway that also serves a person's route table is kept, and one
 * failed delete does not stop the others.
 */
import { CreateRouteTableCommand, ModifyVpcEndpointCommand } from '@aws-sdk/client-ec2';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { reportOf } from '../../helpers/invoke-bundle.js';
import {
  type Chaos,
  cliThroughProxy,
  createHandTaggedEndpoint,
  createdInAlerts,
  listedResources,
  newCase,
  useChaos,
  vpcState,
} from './chaos-kit.js';

const started = useChaos();
let chaos: Chaos;

describe('chaos: rollback undoes only what ecs-netfix did', () => {
  beforeEach(() => {
    chaos = started.get();
  });

  it('detaches its route table from the user S3 gateway, keeps a hand-tagged endpoint, and goes on past a failed delete', async () => {
    // Prepare: the user's S3 gateway serves a table the task does not use; a user's sqs endpoint
    // carries a hand-set ManagedBy=ecs-netfix tag.
    const run = await newCase(chaos, { s3Gateway: { on: 'other' } });
    const handTagged = await createHandTaggedEndpoint(chaos, run.world);
    const before = await vpcState(chaos, run.world.vpcId);

    const [fixed] = await run.invoke([run.world.event]);
    const report = reportOf(fixed);
    expect(report.outcome).toBe('fixed');
    const modified = report.actions.filter((result) => result.status === 'modified').map((result) => result.resourceId);
    expect(modified).toEqual([run.world.s3GatewayEndpointId]);
    expect(createdInAlerts(await run.readAlerts())).toEqual(await listedResources(run.world.vpcId));

    // Act 1: the plan names every step, the detach from the user's gateway and the endpoint it keeps.
    const plan = await cliThroughProxy(chaos, ['rollback', '--vpc', run.world.vpcId]);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(`detach  ${run.world.privateRouteTableIds[0]} from ${run.world.s3GatewayEndpointId}`);
    expect(plan.stdout).toContain(`keep    ${handTagged}`);

    // Act 2: the first endpoint delete fails (every attempt); the others go on.
    chaos.proxy.inject({ operation: 'EC2.DeleteVpcEndpoints', fault: 'server-error', times: 4 });
    const first = await cliThroughProxy(chaos, ['rollback', '--vpc', run.world.vpcId, '--yes']);
    chaos.proxy.clear();
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/✘ FAILED vpce-/);
    expect(first.stdout.match(/✔ deleted vpce-/g)?.length).toBe(2);
    expect(first.stdout).toMatch(/✔ detached/);

    const second = await cliThroughProxy(chaos, ['rollback', '--vpc', run.world.vpcId, '--yes']);

    // Assess: the VPC is as before the incident, the hand-tagged endpoint included.
    expect(second.code).toBe(0);
    expect(await vpcState(chaos, run.world.vpcId)).toEqual(before);
    expect(await listedResources(run.world.vpcId)).toEqual([]);
  });

  it('keeps an ecs-netfix S3 gateway that also serves a route table someone added later, detaching only its own', async () => {
    const run = await newCase(chaos);
    const [fixed] = await run.invoke([run.world.event]);
    const gateway = reportOf(fixed).actions.find((result) => result.action.kind === 'create-gateway-endpoint')?.resourceId ?? '';
    expect(gateway).toMatch(/^vpce-/);
    // Someone adds their own table to the gateway ecs-netfix created.
    const table = await chaos.clients.ec2.send(new CreateRouteTableCommand({ VpcId: run.world.vpcId }));
    const theirs = table.RouteTable?.RouteTableId ?? '';
    await chaos.clients.ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: gateway, AddRouteTableIds: [theirs] }));

    const plan = await cliThroughProxy(chaos, ['rollback', '--vpc', run.world.vpcId]);
    const applied = await cliThroughProxy(chaos, ['rollback', '--vpc', run.world.vpcId, '--yes']);

    expect(plan.stdout).toContain(`keeps ${theirs} (not added by ecs-netfix), so the endpoint is kept`);
    expect(plan.stdout).not.toContain(`delete  ${gateway}`);
    expect(applied.stdout).toMatch(/✔ detached/);
    const after = await vpcState(chaos, run.world.vpcId);
    const kept = after.endpoints.find((line) => line.startsWith(gateway));
    expect(kept).toContain(`rtb=[${theirs}]`);
  });
});
