/**
 * The function's IAM statements, grouped by when they are granted. Every statement has a Sid and a
 * reason (STATEMENT_PURPOSES); docs/security.md shows them as a table generated from the
 * synthesized policy (tests/infra/security-doc.test.ts fails when the table is stale).
 *
 * Condition keys are used only where the Service Authorization Reference lists them for that
 * action AND resource type (see SUPPORTED_CONDITION_KEYS in tests/infra/permissions.test.ts):
 * a key the request context does not carry makes a condition false, and the statement useless.
 */
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { PolicyStatementProps } from 'aws-cdk-lib/aws-iam';
import { ADDED_TAG_PREFIX, AUDIT_SOURCE, MANAGED_BY_TAG, TAG_KEY_PATTERNS_ON_CREATE } from '../shared/aws-names.js';
import type { ClusterConfinement, VpcConfinement } from './allow-lists.js';

interface PermissionScope {
  partition: string;
  region: string;
  account: string;
  /** Where writes may land: the allowed VPCs (or every VPC of this account and region). */
  vpcs: VpcConfinement;
  /** Which services UpdateService may touch: those of the allowed clusters (or all). */
  clusters: ClusterConfinement;
}

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
  // EC2 launch type: the host instance of a task that ran on a container instance (its subnet,
  // security groups and public IP). DescribeInstances has no resource-level permissions either.
  'ec2:DescribeInstances',
] as const;

/** ECS reads on the tasks and services of this account and region. */
const ECS_READ_ACTIONS = ['ecs:DescribeTasks', 'ecs:ListTasks', 'ecs:DescribeServices'] as const;

/**
 * EC2 launch type: the container instance a task ran on (its EC2 instance id and agent state).
 * The Service Authorization Reference gives it the `container-instance` resource, so the grant names
 * only container instances of this account and region.
 */
const CONTAINER_INSTANCE_READ_ACTIONS = ['ecs:DescribeContainerInstances'] as const;

/**
 * Read-only actions of other services that support no useful resource scope (or whose resources
 * are not ours to name): granted on `*`. Adding a read is one line here.
 */
const OTHER_READ_ACTIONS: readonly string[] = [
  'ecs:DescribeTaskDefinition',
  // Centralised endpoints: the private hosted zones associated with the task's VPC and their records.
  'route53:ListHostedZonesByVPC',
  'route53:ListResourceRecordSets',
  // EFS volumes: mount targets and their security groups (only read for tasks with EFS volumes).
  'elasticfilesystem:DescribeMountTargets',
  'elasticfilesystem:DescribeMountTargetSecurityGroups',
  // Not called by the code: EFS checks it on the mount target's network interface when
  // DescribeMountTargetSecurityGroups is called (EFS API reference, "Permissions").
  'ec2:DescribeNetworkInterfaceAttribute',
  // Hub mode names a member account by its alias in alerts (no resource type: the account's own).
  'iam:ListAccountAliases',
];

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

/** Why each statement exists, by Sid: the "why" column of the table in docs/security.md. */
const STATEMENT_PURPOSES: Record<string, string> = {};

/** A statement with a Sid and the reason a reviewer reads next to it. */
function statement(sid: string, why: string, props: Omit<PolicyStatementProps, 'sid'>): PolicyStatement {
  STATEMENT_PURPOSES[sid] = why;
  return new PolicyStatement({ sid, effect: Effect.ALLOW, ...props });
}

function ec2Arn(scope: PermissionScope, resource: string): string {
  return `arn:${scope.partition}:ec2:${scope.region}:${scope.account}:${resource}`;
}

const MANAGED_BY_REQUEST_TAG = { [`aws:RequestTag/${MANAGED_BY_TAG.key}`]: MANAGED_BY_TAG.value };
const MANAGED_BY_RESOURCE_TAG = { [`aws:ResourceTag/${MANAGED_BY_TAG.key}`]: MANAGED_BY_TAG.value };
/**
 * Tags on a create: ManagedBy=ecs-netfix must be there, and no key other than ours (including
 * `ecs-netfix:added:<id>`, the record of what ecs-netfix attached, which rollback reads).
 */
const OUR_TAGS_ONLY = {
  StringEquals: MANAGED_BY_REQUEST_TAG,
  'ForAllValues:StringLike': { 'aws:TagKeys': [...TAG_KEY_PATTERNS_ON_CREATE] },
};
/** Only the change-record keys `ecs-netfix:added:<id>` (and at least one key). */
const CHANGE_RECORD_TAGS_ONLY = {
  'ForAllValues:StringLike': { 'aws:TagKeys': [`${ADDED_TAG_PREFIX}*`] },
  Null: { 'aws:TagKeys': 'false' },
};

interface ReadResources {
  alertTopicArn: string;
  eventBusArn: string;
  stateTableArn: string;
}

/**
 * What every deployment needs in the account it acts in, dry-run or not: describe the task's
 * network. A hub's spoke role holds exactly these (and the writes below) in each member account.
 */
function accountReadStatements(scope: PermissionScope): PolicyStatement[] {
  return [
    statement(
      'DescribeNetworkPath',
      'Read the VPC, subnets, route tables, NAT/IGW, endpoints, security groups and NACLs the task uses, and the EC2 host of an EC2 task. EC2 Describe* has no resource-level permissions.',
      {
        actions: [...EC2_READ_ACTIONS],
        resources: ['*'],
      }
    ),
    statement(
      'DescribeEcsTasksAndServices',
      'Confirm the stopped task and its service (network configuration) in this account and region.',
      {
        actions: [...ECS_READ_ACTIONS],
        resources: [`arn:${scope.partition}:ecs:${scope.region}:${scope.account}:*`],
      }
    ),
    statement(
      'DescribeContainerInstances',
      "Read the container instance an EC2 task ran on (its EC2 instance and the agent's connection), in this account and region only.",
      {
        actions: [...CONTAINER_INSTANCE_READ_ACTIONS],
        resources: [`arn:${scope.partition}:ecs:${scope.region}:${scope.account}:container-instance/*`],
      }
    ),
    statement(
      'ReadWithoutResourceScope',
      'Read-only calls that support no resource scope here: the task definition (images, secrets, log driver), private hosted zones of the VPC and their records, EFS mount targets and their security groups.',
      {
        actions: [...OTHER_READ_ACTIONS],
        resources: ['*'],
      }
    ),
    // A task definition may name any execution role of the account: the function asks IAM whether
    // that role may pull from ECR and read the secrets, so it needs every role of this account.
    statement(
      'SimulateExecutionRoles',
      "Ask IAM whether the task's execution role may pull from ECR and read its secrets (simulation only, changes nothing).",
      {
        actions: ['iam:SimulatePrincipalPolicy'],
        resources: [`arn:${scope.partition}:iam::${scope.account}:role/*`],
      }
    ),
  ];
}

/** The stack's own resources the function reports to: only ever in the account of the function. */
function reportingStatements(resources: ReadResources): PolicyStatement[] {
  return [
    statement('PublishAlerts', 'Send the alert (Slack through AWS Chatbot) to the alert topic, and no other.', {
      actions: ['sns:Publish'],
      resources: [resources.alertTopicArn],
    }),
    // events:source is multivalued (one per entry): every entry must carry ours, and one must exist.
    statement(
      'PutAuditEvents',
      `Put the audit event on the configured bus, only with source "${AUDIT_SOURCE}" (a bug cannot forge AWS events on the bus).`,
      {
        actions: ['events:PutEvents'],
        resources: [resources.eventBusArn],
        conditions: {
          'ForAllValues:StringEquals': { 'events:source': [AUDIT_SOURCE] },
          Null: { 'events:source': 'false' },
        },
      }
    ),
    statement(
      'TrackIncidents',
      'Keep incidents, burst deduplication and leases in the stack table (Query: a recovery names a service, not an incident).',
      {
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
        resources: [resources.stateTableArn],
      }
    ),
  ];
}

/**
 * Only when dry-run is off. Everything created carries `ManagedBy=ecs-netfix` (and only our tag
 * keys) from the create call; existing resources are only referenced, or changed where they carry
 * that tag; where the Service Authorization Reference gives a resource the `ec2:Vpc` key, it is
 * confined to the allowed VPCs.
 */
function writeStatements(scope: PermissionScope): PolicyStatement[] {
  const { vpcs } = scope;
  const inAllowedVpcs = { ArnLike: { 'ec2:Vpc': vpcs.vpcConditionArns } };
  return [
    statement(
      'CreateTaggedEndpoints',
      'Create the missing endpoint: tagged ManagedBy=ecs-netfix with our tag keys only, and only for an AWS service of this region.',
      {
        actions: ['ec2:CreateVpcEndpoint'],
        resources: [ec2Arn(scope, 'vpc-endpoint/*')],
        conditions: {
          ...OUR_TAGS_ONLY,
          // aws-cn names ECR `cn.com.amazonaws.<region>.ecr.*` (shared/aws-names.ts endpointServiceName).
          StringLike: { 'ec2:VpceServiceName': [`com.amazonaws.${scope.region}.*`, `cn.com.amazonaws.${scope.region}.*`] },
        },
      }
    ),
    // The VPC resource of CreateVpcEndpoint/CreateSecurityGroup has ec2:VpcID, not ec2:Vpc: the
    // Resource names the allowed VPCs instead.
    statement(
      'CreateInAllowedVpcs',
      'The endpoint and its security group are created in an allowed VPC only (the VPC resource of both creates).',
      {
        actions: ['ec2:CreateVpcEndpoint', 'ec2:CreateSecurityGroup'],
        resources: vpcs.vpcResourceArns,
      }
    ),
    // CreateVpcEndpoint gives these resources no ec2:Vpc key; EC2 itself refuses subnets and route
    // tables of another VPC than the one the statement above allows.
    statement(
      'PlaceEndpointsInTaskSubnets',
      "Place the new endpoint in the task subnets (interface) or on their route tables (gateway). EC2 requires them to be in the endpoint's VPC, which CreateInAllowedVpcs confines.",
      {
        actions: ['ec2:CreateVpcEndpoint'],
        resources: [ec2Arn(scope, 'subnet/*'), ec2Arn(scope, 'route-table/*')],
      }
    ),
    statement(
      'AttachManagedSecurityGroup',
      'The new interface endpoint may use only the security group ecs-netfix created (tagged ManagedBy=ecs-netfix).',
      {
        actions: ['ec2:CreateVpcEndpoint'],
        resources: [ec2Arn(scope, 'security-group/*')],
        conditions: { StringEquals: MANAGED_BY_RESOURCE_TAG },
      }
    ),
    statement(
      'CreateTaggedEndpointSecurityGroup',
      'Create the ecs-netfix-endpoints security group, tagged ManagedBy=ecs-netfix with our tag keys only.',
      {
        actions: ['ec2:CreateSecurityGroup'],
        resources: [ec2Arn(scope, 'security-group/*')],
        conditions: OUR_TAGS_ONLY,
      }
    ),
    // Tags only as part of our own creates (ec2:CreateAction), never on an existing resource.
    statement(
      'TagEndpointsOnCreate',
      'Tags may be written only by CreateVpcEndpoint itself (tag-on-create), with ManagedBy=ecs-netfix and our keys: never on an existing endpoint.',
      {
        actions: ['ec2:CreateTags'],
        resources: [ec2Arn(scope, 'vpc-endpoint/*')],
        conditions: { ...OUR_TAGS_ONLY, StringEquals: { ...MANAGED_BY_REQUEST_TAG, 'ec2:CreateAction': 'CreateVpcEndpoint' } },
      }
    ),
    statement(
      'TagSecurityGroupOnCreate',
      'Tags may be written only by CreateSecurityGroup itself, with ManagedBy=ecs-netfix and our keys: never on an existing group.',
      {
        actions: ['ec2:CreateTags'],
        resources: [ec2Arn(scope, 'security-group/*')],
        conditions: { ...OUR_TAGS_ONLY, StringEquals: { ...MANAGED_BY_REQUEST_TAG, 'ec2:CreateAction': 'CreateSecurityGroup' } },
      }
    ),
    statement(
      'RecordAttachmentsOnManagedEndpoints',
      'After adding subnets or route tables to an endpoint ecs-netfix created, record them as ecs-netfix:added:<id> tags (rollback detaches exactly those); no other key.',
      {
        actions: ['ec2:CreateTags'],
        resources: [ec2Arn(scope, 'vpc-endpoint/*')],
        conditions: { StringEquals: MANAGED_BY_RESOURCE_TAG, ...CHANGE_RECORD_TAGS_ONLY },
      }
    ),
    statement(
      'OpenManagedEndpointSecurityGroup',
      'Allow TCP 443 from the tasks into the ecs-netfix endpoint group only (tagged ManagedBy=ecs-netfix), in an allowed VPC.',
      {
        actions: ['ec2:AuthorizeSecurityGroupIngress'],
        resources: [ec2Arn(scope, 'security-group/*')],
        conditions: { StringEquals: MANAGED_BY_RESOURCE_TAG, ...inAllowedVpcs },
      }
    ),
    // The Service Authorization Reference lists route53:AssociateVPCWithHostedZone as a dependent
    // action of ec2:CreateVpcEndpoint: with PrivateDnsEnabled, EC2 associates the VPC with the
    // AWS-managed private hosted zone of the service. That zone is not ours and its ID is unknown,
    // so the statement names any hosted zone and limits the VPCs (route53:VPCs) instead.
    // ForAllValues: a request without the key (EC2 acting for us) is not refused by the condition.
    statement(
      'AssociatePrivateDnsZones',
      'Dependent action of CreateVpcEndpoint with private DNS: associate only an allowed VPC with the AWS-managed private zone of the service.',
      {
        actions: ['route53:AssociateVPCWithHostedZone'],
        resources: [`arn:${scope.partition}:route53:::hostedzone/*`],
        conditions: { 'ForAllValues:StringLike': { 'route53:VPCs': vpcs.route53Vpcs } },
      }
    ),
    statement(
      'ModifyManagedEndpoints',
      'Add subnets (a missing AZ) or route tables to an endpoint ecs-netfix created (tagged ManagedBy=ecs-netfix), and to no other.',
      {
        actions: ['ec2:ModifyVpcEndpoint'],
        resources: [ec2Arn(scope, 'vpc-endpoint/*')],
        conditions: { StringEquals: MANAGED_BY_RESOURCE_TAG },
      }
    ),
    statement('AddSubnetsInAllowedVpcs', 'The subnets added to an endpoint must be in an allowed VPC.', {
      actions: ['ec2:ModifyVpcEndpoint'],
      resources: [ec2Arn(scope, 'subnet/*')],
      conditions: inAllowedVpcs,
    }),
    // ModifyVpcEndpoint gives route tables no ec2:Vpc key; EC2 refuses a table of another VPC than
    // the endpoint's, and the endpoint is confined by ModifyManagedEndpoints (or the opt-in).
    statement(
      'AddRouteTablesToEndpoints',
      "Add a task route table to an S3 gateway endpoint. EC2 requires it to be in the endpoint's VPC; which endpoints may change is decided by ModifyManagedEndpoints (and the opt-in).",
      {
        actions: ['ec2:ModifyVpcEndpoint'],
        resources: [ec2Arn(scope, 'route-table/*')],
      }
    ),
  ];
}

/**
 * Live mode with AllowUserEndpointChanges only: add route tables to an S3 gateway endpoint the user
 * created. The vpc-endpoint resource of ModifyVpcEndpoint has neither ec2:Vpc nor a key for the
 * endpoint type, so IAM cannot narrow this to gateway endpoints or to the allowed VPCs: that is why
 * it is off by default, and the function's own allowlist check is the only narrowing.
 */
function userEndpointStatements(scope: PermissionScope): PolicyStatement[] {
  return [
    statement(
      'ModifyEndpointsNotCreatedByNetfix',
      'Opt-in (AllowUserEndpointChanges): add a missing task route table to an S3 gateway endpoint someone else created. IAM cannot narrow the endpoint by VPC or type.',
      {
        actions: ['ec2:ModifyVpcEndpoint'],
        resources: [ec2Arn(scope, 'vpc-endpoint/*')],
      }
    ),
    statement(
      'RecordChangesToEndpointsNotCreatedByNetfix',
      "Opt-in (AllowUserEndpointChanges): record the route table added to a person's endpoint as an ecs-netfix:added:<id> tag, so rollback reverses exactly that; no other key.",
      {
        actions: ['ec2:CreateTags'],
        resources: [ec2Arn(scope, 'vpc-endpoint/*')],
        conditions: CHANGE_RECORD_TAGS_ONLY,
      }
    ),
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
    statement(
      'ScheduleVerify',
      'One one-time schedule per incident, in the ecs-netfix group, that calls the function back to verify the endpoints (it deletes itself).',
      {
        actions: ['scheduler:CreateSchedule'],
        resources: [
          `arn:${scope.partition}:scheduler:${scope.region}:${scope.account}:schedule/${resources.scheduleGroupName}/*`,
        ],
      }
    ),
    statement(
      'PassSchedulerRole',
      'Give the schedule its role (which may only invoke this function), and only to EventBridge Scheduler.',
      {
        actions: ['iam:PassRole'],
        resources: [resources.schedulerRoleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }
    ),
  ];
}

interface HubScope {
  partition: string;
  organizationId: string;
  spokeRoleName: string;
  /** Empty: any account of the organization. */
  allowedAccountIds: string[];
}

/**
 * Hub mode: assume the spoke role of a member account, by its one name, in the allowed accounts
 * (or any account) and only where the role's account is in the organization (aws:ResourceOrgID,
 * present for a role whose account belongs to an organization).
 */
function hubStatements(scope: HubScope): PolicyStatement[] {
  const accounts = scope.allowedAccountIds.length > 0 ? scope.allowedAccountIds : ['*'];
  return [
    statement(
      'AssumeSpokeRoles',
      `Hub mode: act in a member account through its ${scope.spokeRoleName} role (the spoke stack), only in the allowed accounts of the organization.`,
      {
        actions: ['sts:AssumeRole'],
        resources: accounts.map((account) => `arn:${scope.partition}:iam::${account}:role/${scope.spokeRoleName}`),
        conditions: { StringEquals: { 'aws:ResourceOrgID': scope.organizationId } },
      }
    ),
  ];
}

/** Live mode with RedeployAfterFix: force a new deployment of the service once the fix is verified. */
function redeployStatements(scope: PermissionScope): PolicyStatement[] {
  const { clusters } = scope;
  return [
    statement(
      'RedeployServices',
      'Force a new deployment of the failed service once its endpoints are verified, only in the allowed clusters.',
      {
        actions: ['ecs:UpdateService'],
        resources: clusters.serviceArns,
        conditions: { ArnLike: { 'ecs:cluster': clusters.clusterArns } },
      }
    ),
  ];
}

export {
  EC2_READ_ACTIONS,
  EC2_WRITE_ACTIONS,
  LIVE_ONLY_ACTIONS,
  STATEMENT_PURPOSES,
  accountReadStatements,
  hubStatements,
  redeployStatements,
  reportingStatements,
  userEndpointStatements,
  verifyStatements,
  writeStatements,
};
export type { PermissionScope };
