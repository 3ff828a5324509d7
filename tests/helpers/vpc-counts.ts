/** What ecs-netfix created in a VPC, counted the same way by every test that checks "once". */
import { DescribeSecurityGroupsCommand, DescribeVpcEndpointsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { MANAGED_BY_TAG } from '../../shared/aws-names.js';

/** The short service names (`ecr.api`, `s3`) of the VPC's live endpoints, sorted; duplicates stay. */
async function liveEndpointServices(ec2: EC2Client, vpcId: string): Promise<string[]> {
  const response = await ec2.send(
    new DescribeVpcEndpointsCommand({
      Filters: [
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: 'vpc-endpoint-state', Values: ['available', 'pending'] },
      ],
    })
  );
  return (response.VpcEndpoints ?? []).map((endpoint) => endpoint.ServiceName?.split('.').slice(3).join('.') ?? '').sort();
}

/** Security groups in the VPC tagged as ecs-netfix's. */
async function managedGroupCount(ec2: EC2Client, vpcId: string): Promise<number> {
  const response = await ec2.send(
    new DescribeSecurityGroupsCommand({
      Filters: [
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: `tag:${MANAGED_BY_TAG.key}`, Values: [MANAGED_BY_TAG.value] },
      ],
    })
  );
  return response.SecurityGroups?.length ?? 0;
}

export { liveEndpointServices, managedGroupCount };
