/**
 * Hub mode (issue 15) through the built bundle against moto. moto keeps accounts apart: the keys
 * AssumeRole returns for a role in account B act in account B, so the member worlds below are
 * built with such keys, and the hub (default account 123456789012, the bundle's own ARN) reaches
 * them only through SPOKE_ROLE_NAME. The hub's state (table, topic, bus) lives in its own account.
 */
import { DescribeVpcEndpointsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { AwsClients } from '../../../shared/aws/clients.js';
import { invokeBundle, reportOf } from '../../helpers/invoke-bundle.js';
import { type LocalStack, createLocalStack } from '../../helpers/local-stack.js';
import { clientsInAccount, createSpokeRole, motoClients } from '../../helpers/moto.js';
import { type World, buildWorld } from '../../helpers/moto-world.js';

const HUB_ACCOUNT = '123456789012';
const MEMBER = '210987654321';
const STRANGER = '555555555555';
const MEMBER_REGION = 'us-east-1';
const SPOKE_ROLE = 'ecs-netfix-spoke';

async function endpointsIn(ec2: EC2Client, vpcId?: string) {
  const response = await ec2.send(
    new DescribeVpcEndpointsCommand({
      Filters: [
        ...(vpcId ? [{ Name: 'vpc-id', Values: [vpcId] }] : []),
        { Name: 'vpc-endpoint-state', Values: ['available', 'pending'] },
      ],
    })
  );
  return response.VpcEndpoints ?? [];
}

describe('the hub fixes a member account through its spoke role', () => {
  const hub = motoClients('eu-west-1');
  const hubInMemberRegion = motoClients(MEMBER_REGION);
  let member: AwsClients;
  let stranger: AwsClients;
  let memberWorld: World;
  let strangerWorld: World;
  let stack: LocalStack;
  let env: Record<string, string>;
  let hubEndpointsBefore: number;

  beforeAll(async () => {
    member = await clientsInAccount(MEMBER, MEMBER_REGION);
    stranger = await clientsInAccount(STRANGER, MEMBER_REGION);
    await createSpokeRole(member, { hubAccountId: HUB_ACCOUNT, roleName: SPOKE_ROLE, alias: 'payments-prod' });
    memberWorld = await buildWorld(member, { azs: 2, taskDefinition: { image: 'ecr', awslogs: true } });
    strangerWorld = await buildWorld(stranger, { azs: 2, taskDefinition: { image: 'ecr', awslogs: true } });
    stack = await createLocalStack(hub);
    env = { ...stack.env, DRY_RUN: 'false', SPOKE_ROLE_NAME: SPOKE_ROLE, ALLOWED_ACCOUNT_IDS: MEMBER };
    hubEndpointsBefore = (await endpointsIn(hubInMemberRegion.ec2)).length;
  }, 180_000);

  it("builds the member world in the member account, out of the hub account's sight", async () => {
    expect(memberWorld.event.account).toBe(MEMBER);
    expect(memberWorld.event.region).toBe(MEMBER_REGION);
    expect(await endpointsIn(hubInMemberRegion.ec2, memberWorld.vpcId)).toEqual([]);
  });

  it('creates the endpoints in the member VPC, nothing in the hub account, and alerts naming the account', async () => {
    const [result] = await invokeBundle([memberWorld.event], { env });
    const report = reportOf(result);

    expect(report.outcome).toBe('fixed');
    expect(report.account).toEqual({ accountId: MEMBER, alias: 'payments-prod', region: MEMBER_REGION });
    const created = await endpointsIn(member.ec2, memberWorld.vpcId);
    expect(created.map((endpoint) => endpoint.ServiceName).sort()).toEqual(
      expect.arrayContaining([`com.amazonaws.${MEMBER_REGION}.ecr.api`, `com.amazonaws.${MEMBER_REGION}.ecr.dkr`])
    );
    expect(created.every((endpoint) => endpoint.OwnerId === MEMBER)).toBe(true);
    expect((await endpointsIn(hubInMemberRegion.ec2)).length).toBe(hubEndpointsBefore);

    const alerts = await stack.readAlerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.attributes).toMatchObject({ account: MEMBER, region: MEMBER_REGION, outcome: 'fixed' });
    expect(JSON.stringify(alerts[0]?.message)).toContain(`Account \`${MEMBER} (payments-prod)\``);
    // The incident is in the hub's table, keyed by the member account and region.
    const items = await hub.dynamodb.send(new ScanCommand({ TableName: stack.tableName }));
    const keys = (items.Items ?? []).map((item) => item.pk?.S ?? '');
    expect(keys).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^INCIDENT#${MEMBER_REGION}#${MEMBER}#`)),
        expect.stringMatching(new RegExp(`^VPC#${MEMBER_REGION}#${MEMBER}#${memberWorld.vpcId}$`)),
      ])
    );
  }, 120_000);

  it('rejects an account outside ALLOWED_ACCOUNT_IDS as invalid and writes nothing anywhere', async () => {
    const itemsBefore = (await hub.dynamodb.send(new ScanCommand({ TableName: stack.tableName }))).Items?.length ?? 0;

    const [result] = await invokeBundle([strangerWorld.event], { env });
    const report = reportOf(result);

    expect(report.outcome).toBe('invalid');
    expect(report.note).toMatch(/account 555555555555 is not in this hub's ALLOWED_ACCOUNT_IDS/);
    expect(report.calls.total).toBe(0);
    expect(await endpointsIn(stranger.ec2, strangerWorld.vpcId)).toEqual([]);
    expect((await endpointsIn(hubInMemberRegion.ec2)).length).toBe(hubEndpointsBefore);
    expect((await hub.dynamodb.send(new ScanCommand({ TableName: stack.tableName }))).Items?.length ?? 0).toBe(itemsBefore);
    expect(await stack.readAlerts()).toEqual([]);
  }, 120_000);
});
