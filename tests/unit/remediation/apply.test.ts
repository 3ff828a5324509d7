import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateVpcEndpointCommand,
  type CreateVpcEndpointCommandInput,
  DescribeSecurityGroupsCommand,
  DescribeVpcEndpointServicesCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  ModifyVpcEndpointCommand,
  type State,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { diagnose } from '../../../shared/diagnosis/diagnose.js';
import { AwsCallError } from '../../../shared/errors.js';
import type { Snapshot } from '../../../shared/model/snapshot.js';
import type { Action, ActionResult } from '../../../shared/remediation/action.js';
import { type ApplyContext, applyPlan } from '../../../shared/remediation/apply.js';
import { planRemediation } from '../../../shared/remediation/plan.js';
import { FIXTURE_IDS, aClassification, aSnapshot, aStoppedTask } from '../../helpers/snapshot-builder.js';

const ec2Mock = mockClient(EC2Client);

/** EC2 answers endpoint states in lower case (`available`), although the SDK types spell them `Available`. */
function ec2State(state: string): State {
  return state as State;
}
const VPC = FIXTURE_IDS.vpcId;
const REGION = FIXTURE_IDS.region;
const service = (name: string) => `com.amazonaws.${REGION}.${name}`;

function anEc2Client(): EC2Client {
  // One attempt: the SDK's own retries would only slow the throttling test down.
  return new EC2Client({ region: REGION, maxAttempts: 1 });
}

function awsError(name: string, message: string, status = 400): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}

function context(overrides: Partial<ApplyContext> = {}): ApplyContext {
  return {
    vpcId: VPC,
    taskArn: FIXTURE_IDS.taskArn,
    incidentId: 'ecs-netfix/prod/service:web/network/20260101T000000',
    now: new Date('2026-01-01T00:00:05.000Z'),
    ...overrides,
  };
}

function planFor(snapshot: Snapshot): Action[] {
  const findings = diagnose({ classification: aClassification('ecr_api_unreachable'), snapshot, task: aStoppedTask() }).findings;
  return planRemediation(findings, snapshot, { region: REGION, maxEndpointsPerRun: 6 }).actions;
}

/** The plan for a VPC without endpoints: SG, ecr.api, ecr.dkr, s3, logs, secretsmanager. */
function fullPlan(): Action[] {
  return planFor(aSnapshot('empty').build());
}

function liveEndpoint(name: string, overrides: Partial<VpcEndpoint> = {}): VpcEndpoint {
  const gateway = name === 's3';
  return {
    VpcEndpointId: `vpce-live-${name.replace('.', '-')}`,
    VpcId: VPC,
    ServiceName: service(name),
    VpcEndpointType: gateway ? 'Gateway' : 'Interface',
    State: ec2State('available'),
    SubnetIds: gateway ? [] : [FIXTURE_IDS.subnetA, FIXTURE_IDS.subnetB],
    RouteTableIds: gateway ? [FIXTURE_IDS.routeTable] : [],
    Tags: [],
    ...overrides,
  };
}

function createdEndpointInputs(): CreateVpcEndpointCommandInput[] {
  return ec2Mock.commandCalls(CreateVpcEndpointCommand).map((call) => call.args[0].input);
}

function createdServices(): string[] {
  return createdEndpointInputs().map((input) => input.ServiceName ?? '');
}

function byService(results: ActionResult[]): Record<string, Pick<ActionResult, 'status' | 'resourceId'>> {
  return Object.fromEntries(
    results.map((result) => [
      'service' in result.action ? result.action.service : result.action.kind,
      { status: result.status, resourceId: result.resourceId },
    ])
  );
}

function tagsOf(input: { TagSpecifications?: { Tags?: { Key?: string; Value?: string }[] }[] }): Record<string, string> {
  return Object.fromEntries((input.TagSpecifications?.[0]?.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']));
}

/** An empty VPC: no endpoints, no ecs-netfix group; creates succeed. */
function primeEmptyVpc(): void {
  ec2Mock.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [] });
  ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
  ec2Mock.on(CreateSecurityGroupCommand).resolves({ GroupId: 'sg-new' });
  ec2Mock.on(AuthorizeSecurityGroupIngressCommand).resolves({});
  ec2Mock.on(ModifyVpcEndpointCommand).resolves({ Return: true });
  ec2Mock.on(CreateVpcEndpointCommand).callsFake((input: CreateVpcEndpointCommandInput) => ({
    VpcEndpoint: {
      VpcEndpointId: `vpce-new-${(input.ServiceName ?? '').split('.').slice(3).join('-')}`,
      State: input.VpcEndpointType === 'Gateway' ? 'available' : 'pending',
    },
  }));
}

beforeEach(() => {
  primeEmptyVpc();
});

afterEach(() => {
  ec2Mock.reset();
});

describe('applyPlan', () => {
  describe('in a VPC without endpoints', () => {
    it('creates the security group and every endpoint and reports their ids and states', async () => {
      // Act
      const results = await applyPlan(anEc2Client(), fullPlan(), context());

      // Assess
      expect(results.map((result) => [result.status, result.resourceId, result.state])).toEqual([
        ['created', 'sg-new', null],
        ['created', 'vpce-new-ecr-api', 'pending'],
        ['created', 'vpce-new-ecr-dkr', 'pending'],
        ['created', 'vpce-new-s3', 'available'],
        ['created', 'vpce-new-logs', 'pending'],
        ['created', 'vpce-new-secretsmanager', 'pending'],
      ]);
      expect(results.every((result) => result.note === null)).toBe(true);
    });

    it('creates the ecs-netfix-endpoints group tagged ManagedBy=ecs-netfix and opens TCP 443 from the task group', async () => {
      await applyPlan(anEc2Client(), fullPlan(), context());

      const [create] = ec2Mock.commandCalls(CreateSecurityGroupCommand);
      expect(create?.args[0].input).toMatchObject({ VpcId: VPC, GroupName: 'ecs-netfix-endpoints' });
      expect(tagsOf(create?.args[0].input ?? {})).toMatchObject({ ManagedBy: 'ecs-netfix', Name: 'ecs-netfix-endpoints' });
      const [ingress] = ec2Mock.commandCalls(AuthorizeSecurityGroupIngressCommand);
      expect(ingress?.args[0].input).toEqual({
        GroupId: 'sg-new',
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 443,
            ToPort: 443,
            UserIdGroupPairs: [{ GroupId: FIXTURE_IDS.taskSecurityGroup, Description: 'ECS tasks (ecs-netfix)' }],
            IpRanges: [],
          },
        ],
      });
    });

    it('opens TCP 443 from the VPC CIDR when the task groups are unknown', async () => {
      const actions = planFor(aSnapshot('empty').withUnknownSecurityGroups().build());

      await applyPlan(anEc2Client(), actions, context());

      const [ingress] = ec2Mock.commandCalls(AuthorizeSecurityGroupIngressCommand);
      expect(ingress?.args[0].input.IpPermissions?.[0]).toMatchObject({
        UserIdGroupPairs: [],
        IpRanges: [{ CidrIp: FIXTURE_IDS.vpcCidr }],
      });
    });

    it('creates interface endpoints in the planned subnets with the new group and private DNS', async () => {
      await applyPlan(anEc2Client(), fullPlan(), context());

      const ecrApi = createdEndpointInputs().find((input) => input.ServiceName === service('ecr.api'));
      expect(ecrApi).toMatchObject({
        VpcId: VPC,
        VpcEndpointType: 'Interface',
        SubnetIds: [FIXTURE_IDS.subnetA, FIXTURE_IDS.subnetB],
        SecurityGroupIds: ['sg-new'],
        PrivateDnsEnabled: true,
      });
      expect(ecrApi?.RouteTableIds).toBeUndefined();
    });

    it('creates the S3 gateway endpoint on the planned route tables, without subnets or groups', async () => {
      await applyPlan(anEc2Client(), fullPlan(), context());

      const s3 = createdEndpointInputs().find((input) => input.ServiceName === service('s3'));
      expect(s3).toMatchObject({ VpcId: VPC, VpcEndpointType: 'Gateway', RouteTableIds: [FIXTURE_IDS.routeTable] });
      expect(s3?.SubnetIds).toBeUndefined();
      expect(s3?.SecurityGroupIds).toBeUndefined();
      expect(s3?.PrivateDnsEnabled).toBeUndefined();
    });

    it('tags every endpoint with ManagedBy=ecs-netfix, the task, the incident and the time', async () => {
      await applyPlan(anEc2Client(), fullPlan(), context());

      const inputs = createdEndpointInputs();
      expect(inputs).toHaveLength(5);
      for (const input of inputs) {
        expect(input.TagSpecifications).toHaveLength(1);
        expect(input.TagSpecifications?.[0]?.ResourceType).toBe('vpc-endpoint');
        expect(tagsOf(input)).toMatchObject({
          ManagedBy: 'ecs-netfix',
          'ecs-netfix:trigger-task': FIXTURE_IDS.taskArn,
          'ecs-netfix:incident': 'ecs-netfix/prod/service:web/network/20260101T000000',
          'ecs-netfix:created-at': '2026-01-01T00:00:05.000Z',
        });
      }
      expect(tagsOf(inputs.find((input) => input.ServiceName === service('ecr.dkr')) ?? {}).Name).toBe('ecs-netfix-ecr.dkr');
    });
  });

  describe('ClientToken', () => {
    async function tokensFor(incidentId: string): Promise<Record<string, string>> {
      ec2Mock.resetHistory();
      await applyPlan(anEc2Client(), fullPlan(), context({ incidentId }));
      return Object.fromEntries(createdEndpointInputs().map((input) => [input.ServiceName ?? '', input.ClientToken ?? '']));
    }

    it('is the same for every run of one incident', async () => {
      const first = await tokensFor('incident-a');
      const retry = await tokensFor('incident-a');

      expect(Object.keys(first)).toHaveLength(5);
      expect(retry).toEqual(first);
    });

    it('differs between incidents and between endpoints, and fits the 64 characters EC2 allows', async () => {
      const first = await tokensFor('incident-a');
      const later = await tokensFor('incident-b');

      const tokens = Object.values(first);
      expect(new Set(tokens).size).toBe(tokens.length);
      for (const [name, token] of Object.entries(first)) {
        expect(later[name]).not.toBe(token);
        expect(token.length).toBeLessThanOrEqual(64);
        expect(token).toMatch(/^ecs-netfix-[0-9a-f]+$/);
      }
    });
  });

  describe('ClientToken of a run', () => {
    async function tokensFor(runKey: string | undefined, plan = fullPlan()): Promise<string[]> {
      ec2Mock.resetHistory();
      await applyPlan(anEc2Client(), plan, context({ incidentId: 'manual', runKey }));
      return createdEndpointInputs().map((input) => input.ClientToken ?? '');
    }

    it('differs between two manual runs, so an apply after a rollback creates again', async () => {
      const first = await tokensFor('manual-task:request-1');
      const second = await tokensFor('manual-task:request-2');

      expect(first.some((token) => second.includes(token))).toBe(false);
    });

    it('differs when the same endpoint is planned in other subnets', async () => {
      const plan = fullPlan();
      const moved = plan.map((action) =>
        action.kind === 'create-interface-endpoint' ? { ...action, subnetIds: [FIXTURE_IDS.subnetA] } : action
      );

      const before = await tokensFor('v3', plan);
      const after = await tokensFor('v3', moved);

      expect(before[0]).not.toBe(after[0]);
    });
  });

  describe('AZs the service does not offer', () => {
    it('leaves out a subnet in an AZ the service is not offered in, and fails when none is left', async () => {
      // Prepare: ecr.api only in the first AZ, logs in none of the task AZs.
      ec2Mock.on(DescribeVpcEndpointServicesCommand).resolves({
        ServiceDetails: [
          { ServiceName: service('ecr.api'), AvailabilityZones: [`${REGION}a`] },
          { ServiceName: service('logs'), AvailabilityZones: [`${REGION}c`] },
        ],
      });

      // Act
      const results = await applyPlan(anEc2Client(), fullPlan(), context());

      // Assess
      const inputs = createdEndpointInputs();
      expect(inputs.find((input) => input.ServiceName === service('ecr.api'))?.SubnetIds).toEqual([FIXTURE_IDS.subnetA]);
      expect(inputs.find((input) => input.ServiceName === service('ecr.dkr'))?.SubnetIds).toEqual([
        FIXTURE_IDS.subnetA,
        FIXTURE_IDS.subnetB,
      ]);
      expect(inputs.some((input) => input.ServiceName === service('logs'))).toBe(false);
      const logs = results.find((result) => 'service' in result.action && result.action.service === 'logs');
      expect(logs).toMatchObject({ status: 'failed', note: `${service('logs')} is not offered in ${REGION}a, ${REGION}b` });
    });
  });

  describe('a replayed token', () => {
    it('reports an endpoint EC2 returns as deleted as failed, not created', async () => {
      ec2Mock
        .on(CreateVpcEndpointCommand, { ServiceName: service('ecr.api') })
        .resolves({ VpcEndpoint: { VpcEndpointId: 'vpce-old', State: ec2State('deleted') } });

      const results = await applyPlan(anEc2Client(), fullPlan(), context());

      expect(byService(results)['ecr.api']).toEqual({ status: 'failed', resourceId: 'vpce-old' });
    });
  });

  describe('endpoints that already exist', () => {
    it.each(['available', 'pending', 'pendingAcceptance', 'Available', 'PendingAcceptance'])(
      'does not create a second endpoint beside one in state %s',
      async (state) => {
        // Prepare
        ec2Mock.on(DescribeVpcEndpointsCommand).resolves({
          VpcEndpoints: [liveEndpoint('ecr.api', { State: ec2State(state) }), liveEndpoint('ecr.dkr')],
        });

        // Act
        const results = await applyPlan(anEc2Client(), fullPlan(), context());

        // Assess
        expect(createdServices()).toEqual([service('s3'), service('logs'), service('secretsmanager')]);
        expect(results.find((result) => 'service' in result.action && result.action.service === 'ecr.api')).toMatchObject({
          status: 'already-done',
          resourceId: 'vpce-live-ecr-api',
          state,
        });
        expect(byService(results)['ecr.dkr']).toEqual({ status: 'already-done', resourceId: 'vpce-live-ecr-dkr' });
      }
    );

    it.each(['deleted', 'failed', 'rejected', 'deleting'])('creates a new endpoint when the old one is %s', async (state) => {
      ec2Mock.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [liveEndpoint('ecr.api', { State: ec2State(state) })] });

      const results = await applyPlan(anEc2Client(), fullPlan(), context());

      expect(createdServices()).toContain(service('ecr.api'));
      expect(byService(results)['ecr.api']).toEqual({ status: 'created', resourceId: 'vpce-new-ecr-api' });
    });

    it('does not count an interface endpoint of another service or type as the one needed', async () => {
      ec2Mock.on(DescribeVpcEndpointsCommand).resolves({
        VpcEndpoints: [liveEndpoint('s3', { VpcEndpointType: 'Interface', VpcEndpointId: 'vpce-s3-interface' })],
      });

      const results = await applyPlan(anEc2Client(), fullPlan(), context());

      expect(byService(results).s3).toEqual({ status: 'created', resourceId: 'vpce-new-s3' });
    });

    it('adds only the missing route tables to an existing S3 gateway endpoint', async () => {
      // Prepare: the tasks use rtb-private and the main table; the gateway is on rtb-private only
      const actions = planFor(
        aSnapshot('empty')
          .tap((draft) => {
            const table = draft.routeTables.find((candidate) => candidate.routeTableId === FIXTURE_IDS.routeTable);
            if (table) table.subnetIds = [FIXTURE_IDS.subnetA];
          })
          .build()
      );
      ec2Mock.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [liveEndpoint('s3')] });

      // Act
      const results = await applyPlan(anEc2Client(), actions, context());

      // Assess
      expect(createdServices()).not.toContain(service('s3'));
      expect(ec2Mock.commandCalls(ModifyVpcEndpointCommand).map((call) => call.args[0].input)).toEqual([
        { VpcEndpointId: 'vpce-live-s3', AddRouteTableIds: [FIXTURE_IDS.mainRouteTable] },
      ]);
      expect(byService(results).s3).toEqual({ status: 'modified', resourceId: 'vpce-live-s3' });
    });

    it('leaves an S3 gateway endpoint that already has every route table alone', async () => {
      ec2Mock.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [liveEndpoint('s3')] });

      const results = await applyPlan(anEc2Client(), fullPlan(), context());

      expect(ec2Mock.commandCalls(ModifyVpcEndpointCommand)).toHaveLength(0);
      expect(byService(results).s3).toEqual({ status: 'already-done', resourceId: 'vpce-live-s3' });
    });
  });

  describe('changes to existing endpoints', () => {
    it('adds the planned subnets to an ecs-netfix endpoint that misses an AZ', async () => {
      const actions = planFor(
        aSnapshot()
          .withEndpointChanges('ecr.dkr', { subnetIds: [FIXTURE_IDS.subnetA], tags: { ManagedBy: 'ecs-netfix' } })
          .build()
      );
      ec2Mock.on(DescribeVpcEndpointsCommand).resolves({
        VpcEndpoints: [liveEndpoint('ecr.dkr', { VpcEndpointId: 'vpce-ecr-dkr', SubnetIds: [FIXTURE_IDS.subnetA] })],
      });

      const results = await applyPlan(anEc2Client(), actions, context());

      expect(ec2Mock.commandCalls(ModifyVpcEndpointCommand).map((call) => call.args[0].input)).toEqual([
        { VpcEndpointId: 'vpce-ecr-dkr', AddSubnetIds: [FIXTURE_IDS.subnetB] },
      ]);
      expect(results.map((result) => [result.status, result.resourceId])).toEqual([['modified', 'vpce-ecr-dkr']]);
    });

    it('reports already-done when the subnet was added in the meantime', async () => {
      const actions = planFor(
        aSnapshot()
          .withEndpointChanges('ecr.dkr', { subnetIds: [FIXTURE_IDS.subnetA], tags: { ManagedBy: 'ecs-netfix' } })
          .build()
      );
      ec2Mock
        .on(DescribeVpcEndpointsCommand)
        .resolves({ VpcEndpoints: [liveEndpoint('ecr.dkr', { VpcEndpointId: 'vpce-ecr-dkr' })] });

      const results = await applyPlan(anEc2Client(), actions, context());

      expect(ec2Mock.commandCalls(ModifyVpcEndpointCommand)).toHaveLength(0);
      expect(results.map((result) => result.status)).toEqual(['already-done']);
    });

    it('skips a change to an endpoint that no longer exists, saying so', async () => {
      const actions = planFor(
        aSnapshot()
          .withEndpointChanges('ecr.dkr', { subnetIds: [FIXTURE_IDS.subnetA], tags: { ManagedBy: 'ecs-netfix' } })
          .build()
      );

      const results = await applyPlan(anEc2Client(), actions, context());

      expect(ec2Mock.commandCalls(ModifyVpcEndpointCommand)).toHaveLength(0);
      expect(results).toMatchObject([{ status: 'skipped', note: 'vpce-ecr-dkr no longer exists' }]);
    });
  });

  describe('the endpoint security group', () => {
    it('uses the existing ecs-netfix-endpoints group instead of creating one', async () => {
      ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-earlier', VpcId: VPC }] });

      const results = await applyPlan(anEc2Client(), fullPlan(), context());

      expect(ec2Mock.commandCalls(CreateSecurityGroupCommand)).toHaveLength(0);
      expect(results[0]).toMatchObject({ status: 'modified', resourceId: 'sg-earlier' });
      expect(
        createdEndpointInputs()
          .filter((input) => input.VpcEndpointType === 'Interface')
          .map((input) => input.SecurityGroupIds)
      ).toEqual([['sg-earlier'], ['sg-earlier'], ['sg-earlier'], ['sg-earlier']]);
    });

    it('reports already-done when the group already allows the tasks in (InvalidPermission.Duplicate)', async () => {
      ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-earlier', VpcId: VPC }] });
      ec2Mock
        .on(AuthorizeSecurityGroupIngressCommand)
        .rejects(awsError('InvalidPermission.Duplicate', 'the specified rule already exists'));

      const results = await applyPlan(anEc2Client(), fullPlan(), context());

      expect(results[0]).toMatchObject({ status: 'already-done', resourceId: 'sg-earlier', note: null });
      expect(results.slice(1).every((result) => result.status === 'created')).toBe(true);
    });

    it('uses the group a concurrent run just created when CreateSecurityGroup says InvalidGroup.Duplicate', async () => {
      // Prepare: absent when apply looks first, present once the create has failed
      ec2Mock
        .on(DescribeSecurityGroupsCommand)
        .resolvesOnce({ SecurityGroups: [] })
        .resolves({ SecurityGroups: [{ GroupId: 'sg-concurrent', VpcId: VPC }] });
      ec2Mock
        .on(CreateSecurityGroupCommand)
        .rejects(awsError('InvalidGroup.Duplicate', "The security group 'ecs-netfix-endpoints' already exists"));

      // Act
      const results = await applyPlan(anEc2Client(), fullPlan(), context());

      // Assess
      expect(results[0]?.resourceId).toBe('sg-concurrent');
      expect(results[0]?.status).not.toBe('failed');
      expect(ec2Mock.commandCalls(AuthorizeSecurityGroupIngressCommand)[0]?.args[0].input.GroupId).toBe('sg-concurrent');
      expect(
        createdEndpointInputs()
          .filter((input) => input.VpcEndpointType === 'Interface')
          .every((input) => input.SecurityGroupIds?.[0] === 'sg-concurrent')
      ).toBe(true);
    });

    it('skips the interface endpoints, but still creates the S3 gateway, when the group cannot be created', async () => {
      ec2Mock
        .on(CreateSecurityGroupCommand)
        .rejects(awsError('SecurityGroupLimitExceeded', 'You have reached the maximum number of security groups'));

      const results = await applyPlan(anEc2Client(), fullPlan(), context());

      expect(results[0]).toMatchObject({ status: 'failed' });
      expect(results[0]?.note).toContain('SecurityGroupLimitExceeded');
      expect(results[0]?.note).toContain(VPC);
      expect(results.slice(1).map((result) => result.status)).toEqual(['skipped', 'skipped', 'created', 'skipped', 'skipped']);
      expect(createdServices()).toEqual([service('s3')]);
    });
  });

  describe('permanent errors', () => {
    it.each([
      ['InvalidParameter', "private DNS can't be enabled because the existing private hosted zone conflicts"],
      ['DuplicateSubnetsInSameZone', 'Found another VPC endpoint subnet in the availability zone of subnet-0b'],
      ['VpcEndpointLimitExceeded', 'The maximum number of VPC endpoints has been reached'],
    ])('fail only the endpoint that hit %s, with the message in the note, and the others still run', async (code, message) => {
      // Prepare
      ec2Mock.on(CreateVpcEndpointCommand, { ServiceName: service('ecr.dkr') }).rejects(awsError(code, message));

      // Act
      const results = await applyPlan(anEc2Client(), fullPlan(), context());

      // Assess
      const dkr = results.find((result) => 'service' in result.action && result.action.service === 'ecr.dkr');
      expect(dkr).toMatchObject({ status: 'failed', resourceId: null });
      expect(dkr?.note).toContain(code);
      expect(dkr?.note).toContain(message);
      expect(dkr?.note).toContain(`${service('ecr.dkr')} in ${VPC}`);
      expect(byService(results)).toMatchObject({
        'ecr.api': { status: 'created' },
        s3: { status: 'created' },
        logs: { status: 'created' },
        secretsmanager: { status: 'created' },
      });
    });

    it('counts an endpoint a concurrent run created meanwhile as already done', async () => {
      // Prepare: absent at first, present when apply looks again after the create failed
      ec2Mock
        .on(DescribeVpcEndpointsCommand)
        .resolvesOnce({ VpcEndpoints: [] })
        .resolves({ VpcEndpoints: [liveEndpoint('ecr.api', { VpcEndpointId: 'vpce-other-run', State: ec2State('pending') })] });
      ec2Mock
        .on(CreateVpcEndpointCommand, { ServiceName: service('ecr.api') })
        .rejects(awsError('InvalidParameter', 'private DNS conflicts with an existing endpoint of this service'));

      // Act
      const results = await applyPlan(anEc2Client(), fullPlan(), context());

      // Assess
      expect(results[1]).toMatchObject({ status: 'already-done', resourceId: 'vpce-other-run', state: 'pending', note: null });
      expect(byService(results)['ecr.dkr']).toEqual({ status: 'created', resourceId: 'vpce-new-ecr-dkr' });
    });
  });

  describe('transient errors', () => {
    it('abort the run with a transient AwsCallError once the SDK has given up (RequestLimitExceeded)', async () => {
      // Prepare
      ec2Mock
        .on(CreateVpcEndpointCommand, { ServiceName: service('ecr.dkr') })
        .rejects(awsError('RequestLimitExceeded', 'Request limit exceeded.', 503));

      // Act
      const run = applyPlan(anEc2Client(), fullPlan(), context());

      // Assess
      const error = await run.catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AwsCallError);
      expect(error).toMatchObject({ transient: true, code: 'RequestLimitExceeded', operation: 'EC2.CreateVpcEndpoint' });
      expect((error as Error).message).toContain(`${service('ecr.dkr')} in ${VPC}`);
      // The endpoints are created side by side: the others went through, and Lambda's retry of
      // the event re-describes the VPC and creates only what is still missing.
      expect(createdServices()).toEqual([
        service('ecr.api'),
        service('ecr.dkr'),
        service('s3'),
        service('logs'),
        service('secretsmanager'),
      ]);
    });

    it('tell the caller what was created before the run aborts, so the incident can verify it', async () => {
      // Prepare
      ec2Mock
        .on(CreateVpcEndpointCommand, { ServiceName: service('logs') })
        .rejects(awsError('RequestLimitExceeded', 'Request limit exceeded.', 503));
      const reported: string[] = [];

      // Act
      const error = await applyPlan(
        anEc2Client(),
        fullPlan(),
        context({ onInterrupted: async (created) => void reported.push(...created.map((done) => done.resourceId ?? '')) })
      ).catch((caught: unknown) => caught);

      // Assess
      expect(error).toMatchObject({ transient: true });
      expect(reported).toContain('vpce-new-ecr-api');
      expect(reported).toContain('vpce-new-ecr-dkr');
      expect(reported).not.toContain('vpce-new-logs');
    });

    it('abort the run when the first describe is throttled, before any write', async () => {
      ec2Mock.on(DescribeVpcEndpointsCommand).rejects(awsError('RequestLimitExceeded', 'Request limit exceeded.', 503));

      await expect(applyPlan(anEc2Client(), fullPlan(), context())).rejects.toMatchObject({
        name: 'AwsCallError',
        transient: true,
      });
      expect(ec2Mock.commandCalls(CreateSecurityGroupCommand)).toHaveLength(0);
      expect(ec2Mock.commandCalls(CreateVpcEndpointCommand)).toHaveLength(0);
    });

    it('leave a rerun to create only what the first run did not, with the same tokens', async () => {
      // Prepare: the first run creates ecr.api, then ecr.dkr is throttled
      ec2Mock
        .on(CreateVpcEndpointCommand, { ServiceName: service('ecr.dkr') })
        .rejectsOnce(awsError('RequestLimitExceeded', 'Request limit exceeded.', 503));
      await expect(applyPlan(anEc2Client(), fullPlan(), context())).rejects.toBeInstanceOf(AwsCallError);
      const firstTokens = Object.fromEntries(createdEndpointInputs().map((input) => [input.ServiceName, input.ClientToken]));
      ec2Mock.reset();
      primeEmptyVpc();
      // On the rerun, EC2 shows the group and the endpoint the first run made
      ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-new', VpcId: VPC }] });
      ec2Mock.on(DescribeVpcEndpointsCommand).resolves({
        VpcEndpoints: [liveEndpoint('ecr.api', { VpcEndpointId: 'vpce-new-ecr-api', State: ec2State('pending') })],
      });

      // Act
      const results = await applyPlan(anEc2Client(), fullPlan(), context());

      // Assess
      expect(ec2Mock.commandCalls(CreateSecurityGroupCommand)).toHaveLength(0);
      expect(createdServices()).toEqual([service('ecr.dkr'), service('s3'), service('logs'), service('secretsmanager')]);
      expect(createdEndpointInputs()[0]?.ClientToken).toBe(firstTokens[service('ecr.dkr')]);
      expect(results.map((result) => [result.status, result.resourceId])).toEqual([
        ['modified', 'sg-new'],
        ['already-done', 'vpce-new-ecr-api'],
        ['created', 'vpce-new-ecr-dkr'],
        ['created', 'vpce-new-s3'],
        ['created', 'vpce-new-logs'],
        ['created', 'vpce-new-secretsmanager'],
      ]);
    });
  });

  it('makes no call for an empty plan', async () => {
    const results = await applyPlan(anEc2Client(), [], context());

    expect(results).toEqual([]);
    expect(ec2Mock.calls()).toHaveLength(0);
  });
});
