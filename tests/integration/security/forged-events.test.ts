/**
 * Forged events against the built bundle on moto, in a LIVE deployment limited to one cluster.
 * Anyone allowed to invoke the function can hand it any event: one that names the allowed cluster
 * but another VPC's subnet or another cluster's service, another account or another region. None
 * of them may write anywhere: every VPC involved (the allowed one, the foreign one, the default
 * one) is described before and after. The genuine event, last, proves the same deployment does
 * write when the facts are real.
 */
import { randomUUID } from 'node:crypto';
import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from '@jest/globals';
import type { EcsTaskStateChangeEvent } from '../../../shared/intake/ecs-task-event.js';
import { describeVpcState } from '../../helpers/describe-vpc.js';
import { invokeBundle, reportOf } from '../../helpers/invoke-bundle.js';
import { createLocalStack } from '../../helpers/local-stack.js';
import { motoClients } from '../../helpers/moto.js';
import { buildWorld, type World } from '../../helpers/moto-world.js';

type Forgery = (event: EcsTaskStateChangeEvent, foreign: World) => EcsTaskStateChangeEvent;

function withSubnet(event: EcsTaskStateChangeEvent, subnetId: string): EcsTaskStateChangeEvent {
  const forged = structuredClone(event);
  for (const attachment of forged.detail.attachments ?? []) {
    attachment.details = (attachment.details ?? []).map((detail) =>
      detail.name === 'subnetId' ? { ...detail, value: subnetId } : detail
    );
  }
  return forged;
}

/** Another task id in the same cluster: ECS does not show it, so only the service can confirm it. */
function withUnknownTask(event: EcsTaskStateChangeEvent): EcsTaskStateChangeEvent {
  const forged = structuredClone(event);
  const taskArn = forged.detail.taskArn ?? '';
  forged.detail.taskArn = `${taskArn.split('/').slice(0, -1).join('/')}/${randomUUID().replace(/-/g, '')}`;
  forged.resources = [forged.detail.taskArn];
  forged.id = randomUUID();
  return forged;
}

function withAccountInArns(event: EcsTaskStateChangeEvent, account: string): EcsTaskStateChangeEvent {
  const forged = structuredClone(event);
  forged.detail.clusterArn = (forged.detail.clusterArn ?? '').replace(/:\d{12}:/, `:${account}:`);
  forged.detail.taskArn = (forged.detail.taskArn ?? '').replace(/:\d{12}:/, `:${account}:`);
  return forged;
}

const FORGERIES: [string, Forgery, RegExp][] = [
  ['the real task with a subnet of another VPC', (event, foreign) => withSubnet(event, foreign.taskSubnetId), /ran in subnet/],
  [
    'an unknown task of the allowed service with a subnet of another VPC',
    (event, foreign) => withSubnet(withUnknownTask(event), foreign.taskSubnetId),
    /is not one of service/,
  ],
  [
    "the allowed cluster with another cluster's service, subnet (and so security groups)",
    (event, foreign) => {
      const forged = withSubnet(withUnknownTask(event), foreign.taskSubnetId);
      forged.detail.group = `service:${foreign.serviceName}`;
      return forged;
    },
    /is not in cluster/,
  ],
  [
    'an unknown task with a subnet that does not exist',
    (event) => withSubnet(withUnknownTask(event), 'subnet-0123456789abcdef0'),
    /is not one of service|does not exist/,
  ],
  ['another account in `account`', (event) => ({ ...structuredClone(event), account: '999999999999' }), /account 999999999999/],
  ['another account in the cluster and task ARNs', (event) => withAccountInArns(event, '999999999999'), /account 999999999999/],
  ['another region in `region`', (event) => ({ ...structuredClone(event), region: 'eu-central-1' }), /region eu-central-1/],
];

describe('forged events in a live deployment', () => {
  const clients = motoClients('eu-west-1');

  it('writes nothing anywhere for any forged event, and still fixes the genuine one', async () => {
    // Prepare: the allowed world (broken: no endpoints) and a foreign one in another VPC and cluster.
    const [allowed, foreign] = await Promise.all([
      buildWorld(clients, { azs: 2, taskDefinition: { image: 'ecr', awslogs: true } }),
      buildWorld(clients, { azs: 2, taskDefinition: { image: 'ecr', awslogs: true } }),
    ]);
    const stack = await createLocalStack(clients);
    const env = { ...stack.env, DRY_RUN: 'false', ALLOWED_CLUSTERS: allowed.clusterName };
    const defaults = await clients.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }));
    const vpcIds = [allowed.vpcId, foreign.vpcId, ...(defaults.Vpcs ?? []).map((vpc) => vpc.VpcId ?? '')];
    const describeAll = () => Promise.all(vpcIds.map((vpcId) => describeVpcState(clients.ec2, vpcId)));
    const before = await describeAll();

    // Act
    const forged = FORGERIES.map(([, forge]) => forge(allowed.event, foreign));
    const reports = (await invokeBundle(forged, { env })).map((result) => reportOf(result));

    // Assess: each is rejected as invalid, naming why, and no VPC changed.
    FORGERIES.forEach(([name, , why], index) => {
      const report = reports[index];
      expect({ name, outcome: report?.outcome }).toEqual({ name, outcome: 'invalid' });
      expect({ name, note: report?.note ?? '', actions: report?.actions }).toEqual({
        name,
        note: expect.stringMatching(why),
        actions: [],
      });
    });
    // Foreign account or region: rejected before any AWS call.
    for (const report of reports.slice(4)) expect(report.calls?.total).toBe(0);
    expect(await describeAll()).toEqual(before);

    // The control: the genuine event in the same deployment does fix the allowed VPC, and only it.
    const [genuine] = (await invokeBundle([allowed.event], { env })).map((result) => reportOf(result));
    expect(genuine?.outcome).toBe('fixed');
    const after = await describeAll();
    expect(after[0]).not.toEqual(before[0]);
    expect(after.slice(1)).toEqual(before.slice(1));
  });
});
