/**
 * The networks enterprises run, built in moto and diagnosed end to end: gathered from moto,
 * diagnosed, and (for the centralised case) applied through the CLI.
 */
import { DescribeVpcEndpointsCommand } from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { AwsClients } from '../../../shared/aws/clients.js';
import { classifyTaskFailure } from '../../../shared/classify/classify.js';
import { diagnose } from '../../../shared/diagnosis/diagnose.js';
import type { Report } from '../../../shared/report/report.js';
import { motoClients } from '../../helpers/moto.js';
import { type WorldSpec, buildWorld } from '../../helpers/moto-world.js';
import { runInMemory } from '../../unit/cli/run-in-memory.js';
import { expectWithinBudget, gatherCold } from '../inspect/gather-helpers.js';

const DKR_TIMEOUT =
  'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:latest: failed to do request: Head "https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/v2/app/manifests/latest": dial tcp 10.50.1.11:443: i/o timeout';
const S3_FORBIDDEN_LAYER =
  'CannotPullContainerError: failed to copy: httpReadSeeker: failed open: unexpected status code https://prod-eu-west-1-starport-layer-bucket.s3.eu-west-1.amazonaws.com/a1b2/c3d4: 403 Forbidden';
const EFS_RESOLVE =
  'ResourceInitializationError: failed to invoke EFS utils commands to set up EFS volumes: stderr: Failed to resolve "fs-0123abcd.efs.eu-west-1.amazonaws.com" - check that your file system ID is correct, and ensure that the VPC has an EFS mount target for this file system ID.';

const policy = (statement: object): string => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

let clients: AwsClients;

beforeAll(() => {
  clients = motoClients();
});

async function diagnoseWorld(spec: WorldSpec) {
  const world = await buildWorld(clients, spec);
  const { snapshot, ledger } = await gatherCold(clients, world.task);
  const classification = classifyTaskFailure(
    world.task.stoppedReason,
    world.task.containerReasons.map((entry) => entry.reason)
  );
  const diagnosis = diagnose({ classification, snapshot, task: world.task });
  return { world, snapshot, ledger, diagnosis, codes: diagnosis.findings.map((finding) => finding.code) };
}

async function interfaceEndpointCount(vpcId: string): Promise<number> {
  const response = await clients.ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
  return (response.VpcEndpoints ?? []).filter(
    (endpoint) => endpoint.VpcEndpointType?.toLowerCase() === 'interface' && endpoint.State?.toLowerCase() !== 'deleted'
  ).length;
}

describe('centralised endpoints (private hosted zones of a hub VPC)', () => {
  const hub: WorldSpec['sharedEndpoints'] = { services: ['ecr.api', 'ecr.dkr', 'logs'], addresses: ['10.50.1.10'] };

  it('names the missing route toward the hub, with the zone and target, and blames no missing endpoint', async () => {
    const { world, snapshot, ledger, diagnosis, codes } = await diagnoseWorld({
      sharedEndpoints: hub,
      s3Gateway: { on: 'private' },
    });

    expect(snapshot.privateZones.map((zone) => zone.hostedZoneId).sort()).toEqual(Object.values(world.sharedZoneIds).sort());
    expect(codes).toContain('SHARED_ENDPOINT_ROUTE_MISSING');
    for (const code of ['ECR_API_ENDPOINT_MISSING', 'ECR_DKR_ENDPOINT_MISSING', 'LOGS_ENDPOINT_MISSING'] as const)
      expect(codes).not.toContain(code);
    const api = diagnosis.findings.find(
      (finding) => finding.code === 'SHARED_ENDPOINT_ROUTE_MISSING' && finding.service === 'ecr.api'
    );
    expect(api?.resources).toContain(world.sharedZoneIds['ecr.api']);
    expect(api?.message).toContain('10.50.1.10');
    expect(api?.cause).toBe(true);
    expect(ledger.byOperation()['Route53.ListHostedZonesByVPC']).toBe(1);
    expectWithinBudget(ledger);
  });

  it('warns that the path leaves the VPC once a transit gateway route covers the hub', async () => {
    const { codes } = await diagnoseWorld({
      sharedEndpoints: { ...hub, transitGatewayRoute: true },
      s3Gateway: { on: 'private' },
    });
    expect(codes).toContain('SHARED_ENDPOINT_UNVERIFIED');
    expect(codes).not.toContain('SHARED_ENDPOINT_ROUTE_MISSING');
  });

  it('creates nothing with --apply (CLI), and says why', async () => {
    const world = await buildWorld(clients, {
      sharedEndpoints: hub,
      s3Gateway: { on: 'private' },
      stop: { stoppedReason: DKR_TIMEOUT },
    });

    const result = await runInMemory([
      'diagnose',
      '--cluster',
      world.clusterName,
      '--task',
      world.taskArn,
      '--apply',
      '--json',
      '--region',
      world.region,
    ]);

    const report = JSON.parse(result.stdout) as Report;
    expect(report.findings.map((finding) => finding.code)).toContain('SHARED_ENDPOINT_ROUTE_MISSING');
    expect(await interfaceEndpointCount(world.vpcId)).toBe(0);
  });
});

describe('endpoint policies', () => {
  it('names S3_ENDPOINT_POLICY_BLOCKS_LAYERS for a gateway policy without the ECR layer bucket', async () => {
    const { codes, diagnosis } = await diagnoseWorld({
      interfaceEndpoints: { services: ['ecr.api', 'ecr.dkr', 'logs'] },
      s3Gateway: {
        on: 'private',
        policy: policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::corp-artifacts/*' }),
      },
      stop: { stoppedReason: S3_FORBIDDEN_LAYER },
    });
    expect(codes).toContain('S3_ENDPOINT_POLICY_BLOCKS_LAYERS');
    const finding = diagnosis.findings.find((candidate) => candidate.code === 'S3_ENDPOINT_POLICY_BLOCKS_LAYERS');
    expect(finding?.fix.summary).toContain('arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/*');
  });

  it('names ENDPOINT_POLICY_BLOCKS_ACCESS for an ecr.dkr policy that allows another repository only', async () => {
    const { codes } = await diagnoseWorld({
      interfaceEndpoints: { services: ['ecr.api', 'ecr.dkr', 'logs'] },
      interfaceEndpointPolicies: {
        'ecr.dkr': policy({
          Effect: 'Allow',
          Principal: '*',
          Action: 'ecr:*',
          Resource: 'arn:aws:ecr:eu-west-1:123456789012:repository/other',
        }),
      },
      s3Gateway: { on: 'private' },
      stop: { stoppedReason: DKR_TIMEOUT },
    });
    expect(codes).toContain('ENDPOINT_POLICY_BLOCKS_ACCESS');
    expect(codes).not.toContain('S3_ENDPOINT_POLICY_BLOCKS_LAYERS');
  });
});

describe('EFS volumes', () => {
  it("names EFS_MOUNT_TARGET_MISSING when the task's AZ has no mount target", async () => {
    const { codes, ledger, snapshot, world } = await diagnoseWorld({
      interfaceEndpoints: { services: ['ecr.api', 'ecr.dkr', 'logs'] },
      s3Gateway: { on: 'private' },
      efs: { mountTargetSubnetIndexes: [1] },
      stop: { stoppedReason: EFS_RESOLVE },
    });
    expect(snapshot.efsFileSystems.map((fileSystem) => fileSystem.fileSystemId)).toEqual([world.efsFileSystemId]);
    expect(codes).toContain('EFS_MOUNT_TARGET_MISSING');
    expect(codes).not.toContain('EFS_NFS_BLOCKED');
    expectWithinBudget(ledger);
  });

  it('names EFS_NFS_BLOCKED when the mount target group lets no NFS in from the task', async () => {
    const { codes, diagnosis, world } = await diagnoseWorld({
      interfaceEndpoints: { services: ['ecr.api', 'ecr.dkr', 'logs'] },
      s3Gateway: { on: 'private' },
      efs: { mountTargetSubnetIndexes: [0, 1], nfsFromTask: false },
      stop: { stoppedReason: EFS_RESOLVE },
    });
    expect(codes).toContain('EFS_NFS_BLOCKED');
    expect(codes).not.toContain('EFS_MOUNT_TARGET_MISSING');
    expect(diagnosis.findings.find((finding) => finding.code === 'EFS_NFS_BLOCKED')?.resources).toContain(
      world.efsSecurityGroupId
    );
  });

  it('reads no EFS and no Route 53 for a task without EFS volumes whose endpoints are all there', async () => {
    const { ledger } = await diagnoseWorld({
      interfaceEndpoints: { services: ['ecr.api', 'ecr.dkr', 'logs'] },
      s3Gateway: { on: 'private' },
    });
    const operations = Object.keys(ledger.byOperation());
    expect(operations.filter((operation) => operation.startsWith('EFS.') || operation.startsWith('Route53.'))).toEqual([]);
  });
});

describe('subnet capacity', () => {
  it('names SUBNET_NO_FREE_IPS for an AZ whose task subnet is full, with its count', async () => {
    const { codes, diagnosis, snapshot, world } = await diagnoseWorld({ s3Gateway: { on: 'private' }, fullSubnetIndexes: [1] });
    const fullSubnet = world.privateSubnetIds[1];
    expect(snapshot.subnets.find((subnet) => subnet.subnetId === fullSubnet)?.availableIpAddressCount).toBe(0);
    expect(codes).toContain('SUBNET_NO_FREE_IPS');
    const finding = diagnosis.findings.find((candidate) => candidate.code === 'SUBNET_NO_FREE_IPS');
    expect([finding?.resources, finding?.fix.automatic, finding?.message]).toEqual([
      [fullSubnet],
      false,
      expect.stringContaining(`${fullSubnet} (0 free)`),
    ]);
  });

  it('creates the missing endpoints (--apply, CLI) only in the subnet with room', async () => {
    const world = await buildWorld(clients, { s3Gateway: { on: 'private' }, fullSubnetIndexes: [1] });

    const result = await runInMemory([
      'diagnose',
      '--cluster',
      world.clusterName,
      '--task',
      world.taskArn,
      '--apply',
      '--json',
      '--region',
      world.region,
    ]);

    const report = JSON.parse(result.stdout) as Report;
    expect(report.findings.map((finding) => finding.code)).toContain('SUBNET_NO_FREE_IPS');
    const response = await clients.ec2.send(
      new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [world.vpcId] }] })
    );
    const created = (response.VpcEndpoints ?? []).filter((endpoint) => endpoint.VpcEndpointType?.toLowerCase() === 'interface');
    expect(created.length).toBeGreaterThan(0);
    expect([...new Set(created.flatMap((endpoint) => endpoint.SubnetIds ?? []))]).toEqual([world.privateSubnetIds[0]]);
  });
});
