/**
 * The built Lambda (dist/remediate/index.mjs) against moto, end to end: a dry run changes nothing,
 * an apply run creates exactly the expected endpoints and security group, a second run is a no-op,
 * the alert read back through SNS -> SQS is a valid Chatbot message, and the audit event arrives.
 */
import { DescribeSecurityGroupsCommand, DescribeVpcEndpointsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { MANAGED_BY_TAG } from '../../../shared/aws-names.js';
import { assertValidChatbotMessage } from '../../helpers/chatbot-schema.js';
import { describeVpcState as describeVpc } from '../../helpers/describe-vpc.js';
import { invokeBundle, reportOf } from '../../helpers/invoke-bundle.js';
import { createLocalStack } from '../../helpers/local-stack.js';
import { motoClients } from '../../helpers/moto.js';
import { buildWorld } from '../../helpers/moto-world.js';

async function liveEndpoints(ec2: EC2Client, vpcId: string) {
  const response = await ec2.send(
    new DescribeVpcEndpointsCommand({
      Filters: [
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: 'vpc-endpoint-state', Values: ['available', 'pending'] },
      ],
    })
  );
  return response.VpcEndpoints ?? [];
}

describe('remediate Lambda bundle against moto', () => {
  const clients = motoClients('eu-west-1');

  describe('in a VPC with private subnets in two AZs and nothing else', () => {
    let world: Awaited<ReturnType<typeof buildWorld>>;
    let stack: Awaited<ReturnType<typeof createLocalStack>>;

    beforeAll(async () => {
      world = await buildWorld(clients, { azs: 2, taskDefinition: { image: 'ecr', awslogs: true } });
      stack = await createLocalStack(clients);
    });

    it('changes nothing in a dry run, alerts once with a valid Chatbot message and emits the audit event', async () => {
      // Prepare
      const before = await describeVpc(clients.ec2, world.vpcId);

      // Act
      const [result] = await invokeBundle([world.event], { env: { ...stack.env, DRY_RUN: 'true' } });
      const report = reportOf(result);

      // Assess
      expect(report.outcome).toBe('would-fix');
      expect(report.dryRun).toBe(true);
      expect(report.actions.every((action) => action.status === 'planned')).toBe(true);
      expect(await describeVpc(clients.ec2, world.vpcId)).toBe(before);
      const alerts = await stack.readAlerts();
      expect(alerts).toHaveLength(1);
      assertValidChatbotMessage(alerts[0]?.message);
      expect(alerts[0]?.attributes.outcome).toBe('would-fix');
      const audit = await stack.readAuditEvents();
      expect(audit).toHaveLength(1);
      expect(audit[0]?.source).toBe('ecs-netfix');
      expect((audit[0]?.detail as { outcome?: string } | undefined)?.outcome).toBe('would-fix');
    });

    it('creates exactly the missing endpoints and one security group, then does nothing on a second run', async () => {
      // Act
      const [first] = await invokeBundle([{ event: world.event, dryRun: false }], {
        env: { ...stack.env, DRY_RUN: 'false' },
      });
      const report = reportOf(first);

      // Assess
      expect(report.outcome).toBe('fixed');
      const endpoints = await liveEndpoints(clients.ec2, world.vpcId);
      const services = endpoints.map((endpoint) => endpoint.ServiceName?.split('.').slice(3).join('.')).sort();
      expect(services).toEqual(['ecr.api', 'ecr.dkr', 'logs', 's3']);
      for (const endpoint of endpoints) {
        expect(endpoint.Tags).toContainEqual({ Key: MANAGED_BY_TAG.key, Value: MANAGED_BY_TAG.value });
        if (endpoint.VpcEndpointType?.toLowerCase() === 'interface') {
          expect(endpoint.SubnetIds?.sort()).toEqual([...world.privateSubnetIds].sort());
          expect(endpoint.PrivateDnsEnabled).toBe(true);
        } else {
          expect(endpoint.RouteTableIds?.sort()).toEqual([...world.privateRouteTableIds].sort());
        }
      }
      const groups = await clients.ec2.send(
        new DescribeSecurityGroupsCommand({
          Filters: [
            { Name: 'vpc-id', Values: [world.vpcId] },
            { Name: `tag:${MANAGED_BY_TAG.key}`, Values: [MANAGED_BY_TAG.value] },
          ],
        })
      );
      expect(groups.SecurityGroups).toHaveLength(1);
      const ingress = groups.SecurityGroups?.[0]?.IpPermissions ?? [];
      expect(ingress).toContainEqual(
        expect.objectContaining({
          FromPort: 443,
          ToPort: 443,
          UserIdGroupPairs: [expect.objectContaining({ GroupId: world.taskSecurityGroupId })],
        })
      );

      // Act again: the same request, as a retry would send it
      const before = await describeVpc(clients.ec2, world.vpcId);
      const [second] = await invokeBundle([{ event: world.event, dryRun: false }], {
        env: { ...stack.env, DRY_RUN: 'false' },
      });
      expect(reportOf(second).outcome).toBe('healthy');
      expect(await describeVpc(clients.ec2, world.vpcId)).toBe(before);
    });
  });

  it('never applies in a dry-run deployment, whatever the request asks', async () => {
    const world = await buildWorld(clients, { azs: 2 });
    const stack = await createLocalStack(clients);
    const before = await describeVpc(clients.ec2, world.vpcId);

    const [result] = await invokeBundle([{ event: world.event, dryRun: false }], {
      env: { ...stack.env, DRY_RUN: 'true' },
    });

    expect(reportOf(result).dryRun).toBe(true);
    expect(reportOf(result).outcome).toBe('would-fix');
    expect(await describeVpc(clients.ec2, world.vpcId)).toBe(before);
  });

  it('answers malformed input with a clear report and no AWS call', async () => {
    const stack = await createLocalStack(clients);

    const results = await invokeBundle([{ cluster: 'demo', taskArn: 42 }, 'hello', { dryrun: true }], {
      env: stack.env,
    });

    const reports = results.map((result) => reportOf(result));
    expect(reports.map((report) => report.outcome)).toEqual(['invalid', 'invalid', 'invalid']);
    expect(reports[0]?.note).toMatch(/taskArn/);
    expect(reports[2]?.note).toMatch(/dryrun/);
    expect(reports.every((report) => report.calls.total === 0)).toBe(true);
    expect(await stack.readAlerts()).toHaveLength(0);
  });

  it('answers an unknown task with a clear report and no write', async () => {
    const world = await buildWorld(clients, { azs: 1 });
    const stack = await createLocalStack(clients);

    const [result] = await invokeBundle(
      [
        {
          cluster: world.clusterName,
          taskArn: `${world.clusterArn.replace(':cluster/', ':task/')}/0123456789abcdef0123456789abcdef`,
        },
      ],
      { env: { ...stack.env, DRY_RUN: 'false' } }
    );
    const report = reportOf(result);

    expect(report.outcome).toBe('invalid');
    expect(report.note).toMatch(/No stopped task found for task .*0123456789abcdef0123456789abcdef in cluster/);
    expect(Object.keys(report.calls.byOperation)).toEqual(['ECS.DescribeTasks']);
  });

  it('fails the cold start with the variable name when a setting is wrong', async () => {
    const [result] = await invokeBundle([{}], { env: { DRY_RUN: 'maybe' } });

    expect(result?.ok).toBe(false);
    expect(result && !result.ok ? result.error.message : '').toMatch(/DRY_RUN/);
  });
});
