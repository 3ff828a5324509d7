/**
 * EC2 launch type (issue 17) against moto: a container instance backed by a real moto EC2
 * instance (registered with its instance identity document), a task placed on it, and the
 * diagnosis read from the host's subnet and security groups: gathered directly, through the CLI
 * (which looks the task up with DescribeTasks) and through the built bundle (the EventBridge event).
 */
import { AuthorizeSecurityGroupEgressCommand, CreateSecurityGroupCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import {
  RegisterContainerInstanceCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
} from '@aws-sdk/client-ecs';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { AwsClients } from '../../../shared/aws/clients.js';
import { toStoppedTask } from '../../../shared/aws/ecs-facts.js';
import { classifyTaskFailure } from '../../../shared/classify/classify.js';
import { diagnose } from '../../../shared/diagnosis/diagnose.js';
import type { StoppedTask } from '../../../shared/intake/request.js';
import type { Report } from '../../../shared/report/report.js';
import { invokeBundle, reportOf } from '../../helpers/invoke-bundle.js';
import { createLocalStack } from '../../helpers/local-stack.js';
import { motoClients } from '../../helpers/moto.js';
import { type World, buildWorld } from '../../helpers/moto-world.js';
import { runInMemory } from '../../unit/cli/run-in-memory.js';
import { expectWithinBudget, gatherCold } from '../inspect/gather-helpers.js';

const AGENT_CODES = ['ECS_ENDPOINT_MISSING', 'ECS_AGENT_ENDPOINT_MISSING', 'ECS_TELEMETRY_ENDPOINT_MISSING'];
const DKR_TIMEOUT =
  'CannotPullContainerError: Error response from daemon: Get "https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/v2/": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)';

let clients: AwsClients;

beforeAll(() => {
  clients = motoClients();
});

interface Ec2World {
  world: World;
  instanceId: string;
  hostSecurityGroupId: string;
  containerInstanceArn: string;
  taskArn: string;
  task: StoppedTask;
  event: World['event'];
}

/**
 * The world's VPC (private subnets, no NAT, no endpoints) with an EC2 host in private subnet 0,
 * registered to the world's cluster, and a task of `networkMode` placed on it and stopped.
 */
async function ec2World(networkMode: 'bridge' | 'awsvpc'): Promise<Ec2World> {
  const world = await buildWorld(clients, {
    s3Gateway: { on: 'private' },
    launch: 'standalone',
    stop: { stoppedReason: DKR_TIMEOUT },
  });
  const hostSubnetId = world.privateSubnetIds[0] ?? '';
  const group = await clients.ec2.send(
    new CreateSecurityGroupCommand({ GroupName: `${world.name}-hosts`, Description: 'ECS hosts', VpcId: world.vpcId })
  );
  const hostSecurityGroupId = group.GroupId ?? '';
  await clients.ec2.send(
    new AuthorizeSecurityGroupEgressCommand({
      GroupId: hostSecurityGroupId,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    })
  );
  const launched = await clients.ec2.send(
    new RunInstancesCommand({
      ImageId: 'ami-12c6146b',
      MinCount: 1,
      MaxCount: 1,
      InstanceType: 't3.medium',
      SubnetId: hostSubnetId,
      SecurityGroupIds: [hostSecurityGroupId],
    })
  );
  const instance = launched.Instances?.[0];
  const instanceId = instance?.InstanceId ?? '';
  const registered = await clients.ecs.send(
    new RegisterContainerInstanceCommand({
      cluster: world.clusterArn,
      instanceIdentityDocument: JSON.stringify({
        instanceId,
        region: world.region,
        availabilityZone: world.availabilityZones[0],
        privateIp: instance?.PrivateIpAddress,
      }),
    })
  );
  const containerInstanceArn = registered.containerInstance?.containerInstanceArn ?? '';
  const definition = await clients.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: `${world.name}-ec2`,
      networkMode,
      requiresCompatibilities: ['EC2'],
      containerDefinitions: [{ name: 'app', image: world.image, memory: 256, essential: true }],
    })
  );
  const run = await clients.ecs.send(
    new RunTaskCommand({
      cluster: world.clusterArn,
      taskDefinition: definition.taskDefinition?.taskDefinitionArn,
      launchType: 'EC2',
      count: 1,
      ...(networkMode === 'awsvpc'
        ? {
            networkConfiguration: {
              awsvpcConfiguration: { subnets: [world.privateSubnetIds[1] ?? ''], securityGroups: [world.taskSecurityGroupId] },
            },
          }
        : {}),
    })
  );
  const taskArn = run.tasks?.[0]?.taskArn ?? '';
  const stopped = await clients.ecs.send(new StopTaskCommand({ cluster: world.clusterArn, task: taskArn, reason: DKR_TIMEOUT }));
  const described = toStoppedTask(stopped.task ?? {}, world.region);
  const task: StoppedTask = {
    ...described,
    launchType: 'EC2',
    stoppedReason: DKR_TIMEOUT,
    containerReasons: [{ container: 'app', reason: DKR_TIMEOUT }],
  };
  // The EventBridge event ECS would send: no ENI attachment for bridge mode, the container instance named.
  const detail = {
    ...world.event.detail,
    taskArn,
    taskDefinitionArn: definition.taskDefinition?.taskDefinitionArn,
    group: stopped.task?.group,
    launchType: 'EC2',
    platformVersion: undefined,
    containerInstanceArn,
    stoppedReason: DKR_TIMEOUT,
    containers: [{ name: 'app', lastStatus: 'STOPPED', reason: DKR_TIMEOUT }],
    attachments:
      networkMode === 'bridge'
        ? []
        : world.event.detail.attachments?.map((attachment) => ({
            ...attachment,
            details: attachment.details?.map((item) =>
              item.name === 'subnetId' ? { name: 'subnetId', value: world.privateSubnetIds[1] ?? '' } : item
            ),
          })),
  };
  const event = { ...world.event, id: `${world.event.id ?? 'event'}-ec2`, resources: [taskArn], detail };
  return { world, instanceId, hostSecurityGroupId, containerInstanceArn, taskArn, task, event };
}

async function diagnoseEc2(built: Ec2World) {
  const { snapshot, ledger } = await gatherCold(clients, built.task);
  const classification = classifyTaskFailure(
    built.task.stoppedReason,
    built.task.containerReasons.map((entry) => entry.reason)
  );
  const diagnosis = diagnose({ classification, snapshot, task: built.task });
  return { snapshot, ledger, diagnosis, codes: diagnosis.findings.map((finding) => finding.code) };
}

describe('a bridge-mode EC2 task whose host subnet has no path', () => {
  let built: Ec2World;

  beforeAll(async () => {
    built = await ec2World('bridge');
  }, 60_000);

  it("is diagnosed on the host's subnet and security groups, within the call budget", async () => {
    const { snapshot, ledger, diagnosis, codes } = await diagnoseEc2(built);

    expect(built.task.subnetId).toBeNull();
    expect(snapshot.network).toEqual({
      subnetIds: [built.world.privateSubnetIds[0]],
      securityGroupIds: [built.hostSecurityGroupId],
      assignPublicIp: false,
      source: 'container-instance',
    });
    expect(snapshot.containerInstance?.instance?.instanceId).toBe(built.instanceId);
    expect(snapshot.containerInstance?.subnet?.subnetId).toBe(built.world.privateSubnetIds[0]);
    expect(snapshot.unknowns.filter((note) => /standalone|ENI attachment/.test(note))).toEqual([]);
    // The pull failed on ecr.dkr: the missing ECR endpoints are named, with the host subnet.
    expect(codes).toEqual(expect.arrayContaining(['ECR_API_ENDPOINT_MISSING', 'ECR_DKR_ENDPOINT_MISSING', ...AGENT_CODES]));
    const dkr = diagnosis.findings.find((finding) => finding.code === 'ECR_DKR_ENDPOINT_MISSING');
    expect([dkr?.cause, dkr?.resources]).toEqual([true, expect.arrayContaining([built.world.privateSubnetIds[0]])]);
    // Nothing wrongly blamed: the host's groups are known, the S3 gateway is on its table, no task address is at stake.
    for (const code of [
      'NETWORK_CONFIG_UNKNOWN',
      'S3_GATEWAY_ENDPOINT_MISSING',
      'S3_GATEWAY_ROUTE_MISSING',
      'PUBLIC_SUBNET_WITHOUT_PUBLIC_IP',
      'SUBNET_NO_FREE_IPS',
    ]) {
      expect(codes).not.toContain(code);
    }
    const agent = diagnosis.findings.filter((finding) => AGENT_CODES.includes(finding.code));
    expect(agent.map((finding) => [finding.severity, finding.cause, finding.fix.automatic])).toEqual([
      ['warning', false, false],
      ['warning', false, false],
      ['warning', false, false],
    ]);
    expect(agent[0]?.resources).toContain(built.instanceId);
    expect(ledger.byOperation()).toMatchObject({
      'ECS.DescribeContainerInstances': 1,
      'EC2.DescribeInstances': 1,
      'EC2.DescribeSubnets': 1,
    });
    expectWithinBudget(ledger);
  });

  it('gives the same findings through the CLI, which finds the host from DescribeTasks', async () => {
    const result = await runInMemory([
      'diagnose',
      '--cluster',
      built.world.clusterName,
      '--task',
      built.taskArn,
      '--json',
      '--region',
      built.world.region,
    ]);

    const report = JSON.parse(result.stdout) as Report;
    const codes = report.findings.map((finding) => finding.code);
    expect(codes).toEqual(expect.arrayContaining(['ECR_DKR_ENDPOINT_MISSING', ...AGENT_CODES]));
    expect(codes).not.toContain('NETWORK_CONFIG_UNKNOWN');
  });

  it('gives the same findings through the built bundle from the EventBridge event (no ENI attachment, the container instance named)', async () => {
    const stack = await createLocalStack(clients);

    const [result] = await invokeBundle([built.event], { env: { ...stack.env, DRY_RUN: 'true' } });

    const codes = reportOf(result).findings.map((finding) => finding.code);
    expect(codes).toEqual(expect.arrayContaining(['ECR_API_ENDPOINT_MISSING', 'ECR_DKR_ENDPOINT_MISSING', ...AGENT_CODES]));
    expect(codes).not.toContain('NETWORK_CONFIG_UNKNOWN');
  }, 120_000);
});

describe('an awsvpc task on EC2', () => {
  it("keeps the task ENI's network and checks the host's agent endpoints from the host's subnet", async () => {
    const built = await ec2World('awsvpc');
    const task = { ...built.task, subnetId: built.world.privateSubnetIds[1] ?? null };
    const { snapshot, ledger, codes } = await diagnoseEc2({ ...built, task });

    expect(snapshot.network.source).not.toBe('container-instance');
    expect(snapshot.subnets.map((subnet) => subnet.subnetId)).toEqual([built.world.privateSubnetIds[1]]);
    expect(snapshot.containerInstance?.subnet?.subnetId).toBe(built.world.privateSubnetIds[0]);
    expect(codes).toEqual(expect.arrayContaining(['ECR_DKR_ENDPOINT_MISSING', ...AGENT_CODES]));
    // The host's subnet is read with the VPC (round 3): two DescribeSubnets, still five rounds at most.
    expect(ledger.byOperation()['EC2.DescribeSubnets']).toBe(2);
    expectWithinBudget(ledger);
  }, 60_000);
});
