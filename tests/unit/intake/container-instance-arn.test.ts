/**
 * EC2 launch type (issue 17): the event's container instance is trusted only when it belongs to
 * the task's own cluster, account and region; the host reads turn AWS's "gone" answers into null.
 */
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeContainerInstancesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { toEc2InstanceFacts } from '../../../shared/aws/ec2-facts.js';
import { describeInstanceFacts } from '../../../shared/aws/ec2-read.js';
import { toContainerInstanceFacts } from '../../../shared/aws/ecs-facts.js';
import { describeContainerInstance } from '../../../shared/aws/ecs-read.js';
import { parseRequest } from '../../../shared/intake/parse-request.js';
import { loadEvent } from '../../helpers/load-event.js';
import { expectInvalidField } from './expect-invalid.js';

const CLUSTER = 'arn:aws:ecs:eu-west-1:123456789012:cluster/orders-prod';
const OWN = 'arn:aws:ecs:eu-west-1:123456789012:container-instance/orders-prod/5b6f0e3a9c1d4e2f8a7b6c5d4e3f2a1b';

function withHost(containerInstanceArn: unknown): unknown {
  const event = structuredClone(loadEvent('ecr-api-timeout')) as { detail: Record<string, unknown> };
  event.detail.containerInstanceArn = containerInstanceArn;
  event.detail.launchType = 'EC2';
  return event;
}

describe('detail.containerInstanceArn', () => {
  it("is kept when it is an instance of the task's cluster", () => {
    const request = parseRequest(withHost(OWN), { region: 'eu-west-1' });
    expect(request.kind === 'diagnose' ? request.task?.containerInstanceArn : 'not diagnose').toBe(OWN);
  });

  it('is absent from a Fargate event, which keeps the shape it always had', () => {
    const request = parseRequest(loadEvent('ecr-api-timeout'), { region: 'eu-west-1' });
    expect(request.kind === 'diagnose' && request.task !== null && 'containerInstanceArn' in request.task).toBe(false);
  });

  it.each([
    ['another account', OWN.replace('123456789012', '999999999999')],
    ['another region', OWN.replace('eu-west-1', 'us-east-1')],
    ['another cluster', OWN.replace('/orders-prod/', '/payments/')],
    ['another partition', OWN.replace('arn:aws:', 'arn:aws-cn:')],
  ])('is refused, before any AWS call, for an instance of %s', (_label, arn) => {
    expect(expectInvalidField(() => parseRequest(withHost(arn), { region: 'eu-west-1' }), 'detail.containerInstanceArn')).toMatch(
      /not a container instance of cluster orders-prod/
    );
  });

  it.each([
    ['a task ARN', 'arn:aws:ecs:eu-west-1:123456789012:task/orders-prod/abc'],
    ['an instance id', 'i-0abc'],
    ['an injection', `${OWN}\n<!channel>`],
  ])('is refused when it is %s', (_label, arn) => {
    expect(expectInvalidField(() => parseRequest(withHost(arn), { region: 'eu-west-1' }), 'detail.containerInstanceArn')).toMatch(
      /not an ECS container instance ARN/
    );
  });
});

describe('reading the host', () => {
  const ecsMock = mockClient(ECSClient);
  const ec2Mock = mockClient(EC2Client);
  beforeEach(() => {
    ecsMock.reset();
    ec2Mock.reset();
  });

  it('takes a deregistered container instance (failures: MISSING) and a terminated instance (InvalidInstanceID.NotFound) as unknown, not as errors', async () => {
    ecsMock
      .on(DescribeContainerInstancesCommand)
      .resolves({ containerInstances: [], failures: [{ arn: OWN, reason: 'MISSING' }] });
    ec2Mock.on(DescribeInstancesCommand).rejects(
      Object.assign(new Error("The instance ID 'i-0gone' does not exist"), {
        name: 'InvalidInstanceID.NotFound',
        $metadata: { httpStatusCode: 400 },
      })
    );

    expect(await describeContainerInstance(new ECSClient({ region: 'eu-west-1' }), CLUSTER, OWN)).toBeNull();
    expect(await describeInstanceFacts(new EC2Client({ region: 'eu-west-1' }), 'i-0gone')).toBeNull();
  });

  it('still fails on a refusal (AccessDenied), which is not "gone"', async () => {
    ec2Mock
      .on(DescribeInstancesCommand)
      .rejects(Object.assign(new Error('not authorized'), { name: 'UnauthorizedOperation', $metadata: { httpStatusCode: 403 } }));
    await expect(describeInstanceFacts(new EC2Client({ region: 'eu-west-1' }), 'i-0abc')).rejects.toThrow(/not authorized/);
  });

  it("uses the primary interface's groups and its public IP, and treats an ECS Anywhere host as not EC2", () => {
    const facts = toEc2InstanceFacts({
      InstanceId: 'i-0abc',
      SubnetId: 'subnet-0a',
      VpcId: 'vpc-0abc',
      SecurityGroups: [{ GroupId: 'sg-any' }],
      NetworkInterfaces: [
        { Attachment: { DeviceIndex: 1 }, Groups: [{ GroupId: 'sg-secondary' }] },
        { Attachment: { DeviceIndex: 0 }, Groups: [{ GroupId: 'sg-primary' }], Association: { PublicIp: '203.0.113.9' } },
      ],
    });
    expect([facts.securityGroupIds, facts.publicIp]).toEqual([['sg-primary'], '203.0.113.9']);
    expect(
      toContainerInstanceFacts(OWN, { containerInstanceArn: OWN, ec2InstanceId: 'mi-0123456789abcdef0', agentConnected: true })
        .ec2InstanceId
    ).toBeNull();
  });
});
