/** Everything in a VPC that ecs-netfix could change, as one comparable document (for "changes nothing" tests). */
import {
  DescribeNetworkAclsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';

async function describeVpcState(ec2: EC2Client, vpcId: string): Promise<string> {
  const filter = [{ Name: 'vpc-id', Values: [vpcId] }];
  const [endpoints, groups, tables, subnets, acls] = await Promise.all([
    ec2.send(new DescribeVpcEndpointsCommand({ Filters: filter })),
    ec2.send(new DescribeSecurityGroupsCommand({ Filters: filter })),
    ec2.send(new DescribeRouteTablesCommand({ Filters: filter })),
    ec2.send(new DescribeSubnetsCommand({ Filters: filter })),
    ec2.send(new DescribeNetworkAclsCommand({ Filters: filter })),
  ]);
  return JSON.stringify({
    endpoints: endpoints.VpcEndpoints,
    groups: groups.SecurityGroups,
    tables: tables.RouteTables,
    subnets: subnets.Subnets,
    acls: acls.NetworkAcls,
  });
}

export { describeVpcState };
