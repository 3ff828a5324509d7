/**
 * EC2 launch type (issue 17): a task without an ENI is diagnosed on its host's network, and the
 * host's ECS agent needs `ecs`, `ecs-agent` and `ecs-telemetry` (endpoints or egress). Alert-only.
 */
import { describe, expect, it } from '@jest/globals';
import { ecsAgentEndpointsPresent } from '../../../../shared/diagnosis/checks/ecs-agent-endpoints-present.js';
import { diagnose } from '../../../../shared/diagnosis/diagnose.js';
import type { ContainerInstanceFacts, Snapshot } from '../../../../shared/model/snapshot.js';
import { planRemediation } from '../../../../shared/remediation/plan.js';
import {
  FIXTURE_IDS,
  type SnapshotBuilder,
  aClassification,
  aSnapshot,
  aStoppedTask,
} from '../../../helpers/snapshot-builder.js';
import { runCheck } from '../run-check.js';

const REGION = FIXTURE_IDS.region;
const HOST_SG = 'sg-ecs-hosts';
const INSTANCE_ID = 'i-0abc1234def567890';
const CONTAINER_INSTANCE_ARN = `arn:aws:ecs:${REGION}:${FIXTURE_IDS.accountId}:container-instance/prod/5b6f0e3a9c1d4e2f8a7b6c5d4e3f2a1b`;
const AGENT_CODES = ['ECS_ENDPOINT_MISSING', 'ECS_AGENT_ENDPOINT_MISSING', 'ECS_TELEMETRY_ENDPOINT_MISSING'];

/** A bridge-mode EC2 task's snapshot: the host in subnet-0a is the task's network. */
function onHost(builder: SnapshotBuilder, host: { agentConnected?: boolean | null; publicIp?: string | null } = {}): Snapshot {
  const snapshot = builder.build();
  const subnet = snapshot.subnets[0];
  if (subnet === undefined) throw new Error('fixture without subnets');
  snapshot.subnets = [subnet];
  snapshot.network = {
    subnetIds: [subnet.subnetId],
    securityGroupIds: [HOST_SG],
    assignPublicIp: (host.publicIp ?? null) !== null,
    source: 'container-instance',
  };
  const containerInstance: ContainerInstanceFacts = {
    containerInstanceArn: CONTAINER_INSTANCE_ARN,
    ec2InstanceId: INSTANCE_ID,
    agentConnected: host.agentConnected === undefined ? true : host.agentConnected,
    status: 'ACTIVE',
    instance: {
      instanceId: INSTANCE_ID,
      state: 'running',
      vpcId: FIXTURE_IDS.vpcId,
      subnetId: subnet.subnetId,
      availabilityZone: subnet.availabilityZone,
      securityGroupIds: [HOST_SG],
      privateIp: '10.0.1.40',
      publicIp: host.publicIp ?? null,
    },
    subnet,
  };
  snapshot.containerInstance = containerInstance;
  snapshot.securityGroups.push({
    groupId: HOST_SG,
    vpcId: FIXTURE_IDS.vpcId,
    groupName: 'ecs-hosts',
    ingress: [],
    egress: [],
    tags: {},
  });
  return snapshot;
}

const ec2Task = aStoppedTask({
  launchType: 'EC2',
  platformVersion: null,
  subnetId: null,
  privateIp: null,
  containerInstanceArn: CONTAINER_INSTANCE_ARN,
});

function codesOf(snapshot: Snapshot, category: Parameters<typeof aClassification>[0] = 'ambiguous_network'): string[] {
  return runCheck(ecsAgentEndpointsPresent, snapshot, { category, task: ec2Task }).findings.map((finding) => finding.code);
}

describe('ecs-agent-endpoints-present', () => {
  it('declares its three codes, as the finding-metadata registry reads them', () => {
    expect([ecsAgentEndpointsPresent.id, [...ecsAgentEndpointsPresent.codes]]).toEqual([
      'ecs-agent-endpoints-present',
      AGENT_CODES,
    ]);
  });

  it('names each missing agent endpoint for a host without NAT, as a warning while the agent is connected', () => {
    const result = runCheck(ecsAgentEndpointsPresent, onHost(aSnapshot()), { category: 'ambiguous_network', task: ec2Task });

    expect(
      result.findings.map((finding) => [finding.code, finding.severity, finding.service, finding.cause, finding.fix.automatic])
    ).toEqual([
      ['ECS_ENDPOINT_MISSING', 'warning', 'ecs', false, false],
      ['ECS_AGENT_ENDPOINT_MISSING', 'warning', 'ecs-agent', false, false],
      ['ECS_TELEMETRY_ENDPOINT_MISSING', 'warning', 'ecs-telemetry', false, false],
    ]);
    const agent = result.findings[1];
    expect(agent?.resources).toEqual([FIXTURE_IDS.vpcId, FIXTURE_IDS.subnetA, INSTANCE_ID]);
    expect(agent?.message).toContain('The agent is connected now');
    expect(agent?.fix.cli[0]).toContain(`--service-name com.amazonaws.${REGION}.ecs-agent`);
    expect(agent?.fix.cli[0]).toContain(`--subnet-ids ${FIXTURE_IDS.subnetA}`);
  });

  it('makes them errors, and the cause of a vague network failure, when the agent is disconnected', () => {
    const findings = runCheck(ecsAgentEndpointsPresent, onHost(aSnapshot(), { agentConnected: false }), {
      category: 'ambiguous_network',
      task: ec2Task,
    }).findings;
    expect(findings.map((finding) => [finding.severity, finding.cause])).toEqual([
      ['error', true],
      ['error', true],
      ['error', true],
    ]);
    expect(findings[0]?.message).toContain('The agent is disconnected');
  });

  it('never makes them the cause of a failure the stop reason pins on ECR', () => {
    const findings = runCheck(ecsAgentEndpointsPresent, onHost(aSnapshot(), { agentConnected: false }), {
      category: 'ecr_dkr_unreachable',
      task: ec2Task,
    }).findings;
    expect(findings.map((finding) => finding.cause)).toEqual([false, false, false]);
  });

  it('passes when the host reaches ECS through a NAT gateway', () => {
    expect(codesOf(onHost(aSnapshot().withNatGateway()))).toEqual([]);
  });

  it('passes for a host with its own public IP behind an internet gateway, and blames the same route without one', () => {
    const withIgw = () => aSnapshot().withPublicSubnets(null);
    expect(codesOf(onHost(withIgw(), { publicIp: '203.0.113.7' }))).toEqual([]);
    expect(codesOf(onHost(withIgw(), { publicIp: null }))).toEqual(AGENT_CODES);
  });

  it('does not blame a path it cannot follow (a transit gateway default route)', () => {
    const result = runCheck(ecsAgentEndpointsPresent, onHost(aSnapshot().withDefaultRoute('transit-gateway', 'tgw-0hub')), {
      task: ec2Task,
    });
    expect([result.status, result.explanation]).toEqual(['pass', expect.stringContaining('transit-gateway tgw-0hub')]);
  });

  it('passes when the three endpoints answer with private DNS, and names the one whose private DNS is off', () => {
    const served = aSnapshot().withEndpoint('ecs').withEndpoint('ecs-agent').withEndpoint('ecs-telemetry');
    expect(codesOf(onHost(served))).toEqual([]);
    const oneOff = aSnapshot()
      .withEndpoint('ecs')
      .withEndpoint('ecs-agent', { privateDnsEnabled: false })
      .withEndpoint('ecs-telemetry');
    const findings = runCheck(ecsAgentEndpointsPresent, onHost(oneOff), { task: ec2Task }).findings;
    expect(findings.map((finding) => finding.code)).toEqual(['ECS_AGENT_ENDPOINT_MISSING']);
    expect(findings[0]?.message).toContain('does not answer the public name');
    expect(findings[0]?.resources).toContain(FIXTURE_IDS.endpointId('ecs-agent'));
  });

  it('does not apply to a Fargate task, nor to a host whose instance could not be read', () => {
    expect(runCheck(ecsAgentEndpointsPresent, aSnapshot().build()).status).toBe('not-applicable');
    const unread = onHost(aSnapshot());
    if (unread.containerInstance) unread.containerInstance = { ...unread.containerInstance, instance: null, subnet: null };
    expect(runCheck(ecsAgentEndpointsPresent, unread, { task: ec2Task }).status).toBe('not-applicable');
  });
});

describe('a bridge-mode EC2 task, diagnosed on its host', () => {
  it('blames the missing ECR endpoints in the host subnet and plans them for the host security group, but never the agent endpoints', () => {
    const snapshot = onHost(aSnapshot().withoutEndpoints('ecr.api', 'ecr.dkr'));
    const diagnosis = diagnose({ classification: aClassification('ecr_api_unreachable'), snapshot, task: ec2Task });
    const codes = diagnosis.findings.map((finding) => finding.code);

    expect(codes).toEqual(expect.arrayContaining(['ECR_API_ENDPOINT_MISSING', 'ECR_DKR_ENDPOINT_MISSING', ...AGENT_CODES]));
    // Its security groups are the host's: known, not a standalone task's unknowns; no task-address finding.
    expect(codes).not.toContain('NETWORK_CONFIG_UNKNOWN');
    expect(codes).not.toContain('PUBLIC_SUBNET_WITHOUT_PUBLIC_IP');
    expect(codes).not.toContain('SUBNET_NO_FREE_IPS');
    expect(diagnosis.findings.find((finding) => finding.code === 'ECR_API_ENDPOINT_MISSING')?.cause).toBe(true);

    const plan = planRemediation(diagnosis.findings, snapshot, { region: REGION, maxEndpointsPerRun: 6 });
    const planned = JSON.stringify(plan);
    expect(planned).toContain(`com.amazonaws.${REGION}.ecr.api`);
    expect(planned).not.toMatch(/\.ecs(-agent|-telemetry)?"/);
  });
});
