/**
 * The function's IAM statements, grouped by when they are granted. Each statement says why it is
 * there; the README (Deploy, Permissions) lists the same actions for users who review the template.
 */
import { Token } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { MANAGED_BY_TAG } from '../shared/aws-names.js';

interface PermissionScope {
  partition: string;
  region: string;
  account: string;
  /** Concrete VPC IDs narrow the write statements; empty or unresolved means every VPC. */
  allowedVpcIds: readonly string[];
  /** Concrete cluster names narrow ecs:UpdateService; empty or unresolved means every cluster. */
  allowedClusters: readonly string[];
}

/** EC2 write actions; a dry-run deployment must hold none of them. */
const EC2_WRITE_ACTIONS = [
  'ec2:CreateVpcEndpoint',
  'ec2:CreateSecurityGroup',
  'ec2:AuthorizeSecurityGroupIngress',
  'ec2:CreateTags',
  'ec2:ModifyVpcEndpoint',
] as const;

/**
 * Every action a dry-run deployment must not hold: the EC2 writes, the Route 53 association that
 * private DNS needs, the verify schedule (and the role it runs as) and the forced redeploy.
 */
const LIVE_ONLY_ACTIONS = [
  ...EC2_WRITE_ACTIONS,
  'route53:AssociateVPCWithHostedZone',
  'scheduler:CreateSchedule',
  'iam:PassRole',
  'ecs:UpdateService',
] as const;

/** EC2 Describe* calls do not support resource-level permissions: they need `*`. */
const EC2_READ_ACTIONS = [
  'ec2:DescribeSubnets',
  'ec2:DescribeVpcs',
  'ec2:DescribeVpcAttribute',
  'ec2:DescribeDhcpOptions',
  'ec2:DescribeRouteTables',
  'ec2:DescribeNatGateways',
  'ec2:DescribeInternetGateways',
  'ec2:DescribeVpcEndpoints',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeNetworkAcls',
  'ec2:DescribePrefixLists',
  'ec2:DescribeVpcEndpointServices',
] as const;

function isConcreteList(values: readonly string[]): boolean {
  // A CommaDelimitedList parameter arrives as a list token, not as element tokens.
  if (Token.isUnresolved([...values])) return false;
  return values.length > 0 && values.every((value) => value !== '' && !Token.isUnresolved(value));
}

function ec2Arn(scope: PermissionScope, resource: string): string {
  return `arn:${scope.partition}:ec2:${scope.region}:${scope.account}:${resource}`;
}

function vpcArns(scope: PermissionScope): string[] {
  return isConcreteList(scope.allowedVpcIds)
    ? scope.allowedVpcIds.map((vpcId) => ec2Arn(scope, `vpc/${vpcId}`))
    : [ec2Arn(scope, 'vpc/*')];
}

/** `ec2:Vpc` narrows subnets, groups and route tables to the allowed VPCs when they are known. */
function inAllowedVpcs(scope: PermissionScope): Record<string, unknown> | undefined {
  if (!isConcreteList(scope.allowedVpcIds)) return undefined;
  return { ArnEquals: { 'ec2:Vpc': vpcArns(scope) } };
}

/** `route53:VPCs` is written `VPCId=<vpc-id>,VPCRegion=<region>` (Route 53 developer guide). */
function inAllowedRoute53Vpcs(scope: PermissionScope): Record<string, unknown> {
  const vpcs = isConcreteList(scope.allowedVpcIds)
    ? scope.allowedVpcIds.map((vpcId) => `VPCId=${vpcId},VPCRegion=${scope.region}`)
    : [`VPCId=*,VPCRegion=${scope.region}`];
  return { 'ForAllValues:StringLike': { 'route53:VPCs': vpcs } };
}

interface ReadResources {
  alertTopicArn: string;
  eventBusArn: string;
  stateTableArn: string;
}

/** What every deployment needs, dry-run or not: describe the task's network and report. */
function readStatements(scope: PermissionScope, resources: ReadResources): PolicyStatement[] {
  return [
    new PolicyStatement({
      sid: 'DescribeNetworkPath',
      actions: [...EC2_READ_ACTIONS],
      resources: ['*'],
    }),
    new PolicyStatement({
      sid: 'DescribeEcsTasksAndServices',
      actions: ['ecs:DescribeTasks', 'ecs:ListTasks', 'ecs:DescribeServices'],
      resources: [`arn:${scope.partition}:ecs:${scope.region}:${scope.account}:*`],
    }),
    // DescribeTaskDefinition has no resource-level permissions.
    new PolicyStatement({
      sid: 'DescribeTaskDefinitions',
      actions: ['ecs:DescribeTaskDefinition'],
      resources: ['*'],
    }),
    // A task definition may name any execution role of the account: the function asks IAM whether
    // that role may pull from ECR and read the secrets, so it needs every role of this account.
    new PolicyStatement({
      sid: 'SimulateExecutionRoles',
      actions: ['iam:SimulatePrincipalPolicy'],
      resources: [`arn:${scope.partition}:iam::${scope.account}:role/*`],
    }),
    new PolicyStatement({
      sid: 'PublishAlerts',
      actions: ['sns:Publish'],
      resources: [resources.alertTopicArn],
    }),
    new PolicyStatement({
      sid: 'PutAuditEvents',
      actions: ['events:PutEvents'],
      resources: [resources.eventBusArn],
    }),
    new PolicyStatement({
      sid: 'TrackIncidents',
      // Query: a recovery signal names a service, not an incident; the service's incidents share a pk.
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
      resources: [resources.stateTableArn],
    }),
  ];
}

const MANAGED_BY_REQUEST_TAG = {
  StringEquals: { [`aws:RequestTag/${MANAGED_BY_TAG.key}`]: MANAGED_BY_TAG.value },
};

/**
 * Only when dry-run is off. Everything created must carry `ManagedBy=ecs-netfix` at creation;
 * existing resources can only be referenced, or changed where they carry that tag.
 */
function writeStatements(scope: PermissionScope): PolicyStatement[] {
  const vpcCondition = inAllowedVpcs(scope);
  const existingNetwork = ['subnet/*', 'security-group/*', 'route-table/*'].map((resource) =>
    ec2Arn(scope, resource)
  );
  return [
    // The new endpoint: tagged at creation, and only for AWS services of this region.
    new PolicyStatement({
      sid: 'CreateTaggedEndpoints',
      actions: ['ec2:CreateVpcEndpoint'],
      resources: [ec2Arn(scope, 'vpc-endpoint/*')],
      conditions: {
        ...MANAGED_BY_REQUEST_TAG,
        StringLike: { 'ec2:VpceServiceName': `com.amazonaws.${scope.region}.*` },
      },
    }),
    // CreateVpcEndpoint is also authorised on the VPC and on the subnets, security groups and
    // route tables the endpoint attaches to; these exist already and carry no tag of ours. Of
    // CreateVpcEndpoint's resources only subnet, security-group and route-table have the ec2:Vpc
    // key (Service Authorization Reference), so only that statement carries it.
    new PolicyStatement({
      sid: 'AttachEndpointsToVpc',
      actions: ['ec2:CreateVpcEndpoint', 'ec2:CreateSecurityGroup'],
      resources: vpcArns(scope),
    }),
    new PolicyStatement({
      sid: 'AttachEndpointsToNetwork',
      actions: ['ec2:CreateVpcEndpoint'],
      resources: existingNetwork,
      ...(vpcCondition ? { conditions: vpcCondition } : {}),
    }),
    new PolicyStatement({
      sid: 'CreateTaggedEndpointSecurityGroup',
      actions: ['ec2:CreateSecurityGroup'],
      resources: [ec2Arn(scope, 'security-group/*')],
      conditions: MANAGED_BY_REQUEST_TAG,
    }),
    // Tags only as part of the two creates above, never on existing resources.
    new PolicyStatement({
      sid: 'TagOnCreate',
      actions: ['ec2:CreateTags'],
      resources: [ec2Arn(scope, 'vpc-endpoint/*'), ec2Arn(scope, 'security-group/*')],
      conditions: {
        StringEquals: { 'ec2:CreateAction': ['CreateVpcEndpoint', 'CreateSecurityGroup'] },
      },
    }),
    new PolicyStatement({
      sid: 'OpenManagedEndpointSecurityGroup',
      actions: ['ec2:AuthorizeSecurityGroupIngress'],
      resources: [ec2Arn(scope, 'security-group/*')],
      conditions: {
        StringEquals: { [`aws:ResourceTag/${MANAGED_BY_TAG.key}`]: MANAGED_BY_TAG.value },
      },
    }),
    // The Service Authorization Reference lists route53:AssociateVPCWithHostedZone as a dependent
    // action of ec2:CreateVpcEndpoint: with PrivateDnsEnabled, EC2 associates the VPC with the
    // AWS-managed private hosted zone of the service. That zone is not ours and its ID is unknown,
    // so the statement names any hosted zone and limits the VPCs (route53:VPCs) instead.
    // ForAllValues: a request without the key (EC2 acting for us) is not refused by the condition.
    new PolicyStatement({
      sid: 'AssociatePrivateDnsZones',
      actions: ['route53:AssociateVPCWithHostedZone'],
      resources: [`arn:${scope.partition}:route53:::hostedzone/*`],
      conditions: inAllowedRoute53Vpcs(scope),
    }),
    // ModifyVpcEndpoint adds route tables to an S3 gateway endpoint the user created (a route table
    // holds one S3 gateway endpoint, so a second endpoint is impossible) and subnets (AddSubnetIds,
    // security groups with them) to an interface endpoint ecs-netfix created. The user's endpoint
    // carries no tag of ours, so the endpoint itself is not tag-conditioned. The Service
    // Authorization Reference gives the vpc-endpoint resource of ModifyVpcEndpoint no ec2:Vpc key
    // (only aws:ResourceTag, ec2:Attribute/*, ec2:Region, ec2:ResourceTag): an ec2:Vpc condition
    // there never matches, so the endpoint has its own statement and only the subnets, security
    // groups and route tables (which do have ec2:Vpc) are narrowed to the allowed VPCs.
    new PolicyStatement({
      sid: 'ModifyEndpoints',
      actions: ['ec2:ModifyVpcEndpoint'],
      resources: [ec2Arn(scope, 'vpc-endpoint/*')],
    }),
    new PolicyStatement({
      sid: 'AttachModifiedEndpointsToNetwork',
      actions: ['ec2:ModifyVpcEndpoint'],
      resources: existingNetwork,
      ...(vpcCondition ? { conditions: vpcCondition } : {}),
    }),
  ];
}

interface VerifyResources {
  scheduleGroupName: string;
  schedulerRoleArn: string;
}

/**
 * Live mode only (endpoints are created only then): one one-time schedule per incident that calls
 * the function back to verify. The schedule deletes itself after it ran (ActionAfterCompletion
 * DELETE), so the function needs no scheduler:DeleteSchedule.
 */
function verifyStatements(scope: PermissionScope, resources: VerifyResources): PolicyStatement[] {
  return [
    new PolicyStatement({
      sid: 'ScheduleVerify',
      actions: ['scheduler:CreateSchedule'],
      resources: [
        `arn:${scope.partition}:scheduler:${scope.region}:${scope.account}:schedule/${resources.scheduleGroupName}/*`,
      ],
    }),
    // CreateSchedule passes the scheduler role to EventBridge Scheduler, and only there.
    new PolicyStatement({
      sid: 'PassSchedulerRole',
      effect: Effect.ALLOW,
      actions: ['iam:PassRole'],
      resources: [resources.schedulerRoleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
    }),
  ];
}

/** Live mode with RedeployAfterFix: force a new deployment of the service once the fix is verified. */
function redeployStatements(scope: PermissionScope): PolicyStatement[] {
  const ecsPrefix = `arn:${scope.partition}:ecs:${scope.region}:${scope.account}`;
  const services = isConcreteList(scope.allowedClusters)
    ? scope.allowedClusters.map((cluster) => `${ecsPrefix}:service/${cluster}/*`)
    : [`${ecsPrefix}:service/*/*`];
  return [
    new PolicyStatement({
      sid: 'RedeployServices',
      actions: ['ecs:UpdateService'],
      resources: services,
    }),
  ];
}

export {
  EC2_READ_ACTIONS,
  EC2_WRITE_ACTIONS,
  LIVE_ONLY_ACTIONS,
  readStatements,
  redeployStatements,
  verifyStatements,
  writeStatements,
};
export type { PermissionScope, ReadResources, VerifyResources };
