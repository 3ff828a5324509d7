/**
 * cdk-nag findings EcsNetfix acknowledges, each on the narrowest construct and with the reason a
 * reviewer needs. Everything else must be fixed, not acknowledged.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { AccountPolicies } from './account-permissions.js';
import type { EcsNetfix } from './ecs-netfix.js';
import type { PermissionScope } from './permissions.js';

/** A resolved CloudFormation value as cdk-nag names it in `Resource::...` (its flattenCfnReference). */
function flatten(node: unknown): string {
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (node !== null && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    const join = record['Fn::Join'];
    if (Array.isArray(join)) return (join[1] as unknown[]).map(flatten).join(String(join[0]));
    const getAtt = record['Fn::GetAtt'];
    if (Array.isArray(getAtt)) return `<${flatten(getAtt[0])}.${flatten(getAtt[1])}>`;
    if ('Ref' in record) return `<${flatten(record.Ref)}>`;
  }
  return JSON.stringify(node);
}

/** The `Resource::...` ids cdk-nag reports for these resources (only those with a wildcard). */
function wildcardResources(scope: IConstruct, resources: readonly string[]): string[] {
  const resolved: unknown = Stack.of(scope).resolve(resources);
  const items = Array.isArray(resolved) ? resolved : [resolved];
  return [...new Set(items.map(flatten).filter((resource) => resource.includes('*')))];
}

function iam5(resource: string, reason: string) {
  return { id: `AwsSolutions-IAM5[Resource::${resource}]`, reason };
}

function acknowledge(scope: IConstruct | undefined, ...rules: { id: string; reason: string }[]): void {
  if (scope) Validations.of(scope).acknowledge(...rules);
}

/**
 * The wildcards of the account policies (grantAccountPermissions), wherever they are rendered: on
 * the single-account function's role or on a spoke role.
 */
function acknowledgeAccountPolicyFindings(scope: IConstruct, policies: AccountPolicies, permissions: PermissionScope): void {
  // `<AWS::Region>` for a single-account deployment, `*` for a spoke role (every region).
  const region = flatten(Stack.of(scope).resolve(permissions.region));
  const ACCOUNT_REGION = `arn:<AWS::Partition>:ec2:${region}:<AWS::AccountId>`;
  acknowledge(
    policies.read,
    iam5('*', 'EC2 Describe* actions and ecs:DescribeTaskDefinition support no resource-level permissions.'),
    iam5(
      `arn:<AWS::Partition>:ecs:${region}:<AWS::AccountId>:*`,
      'Tasks and services of any cluster in this account and region may fail; reads only. ALLOWED_CLUSTERS narrows what the function acts on.'
    ),
    iam5(
      `arn:<AWS::Partition>:ecs:${region}:<AWS::AccountId>:container-instance/*`,
      'An EC2 task of any cluster may fail on any container instance, known only from the event; DescribeContainerInstances reads its EC2 instance id and agent state only.'
    ),
    iam5(
      'arn:<AWS::Partition>:iam::<AWS::AccountId>:role/*',
      'A task definition may name any execution role of the account; iam:SimulatePrincipalPolicy only reads whether that role may pull and read secrets.'
    )
  );
  const vpcReason =
    'CreateVpcEndpoint/CreateSecurityGroup are authorised on the VPC: every VPC of this account and region when no AllowedVpcIds are given; with a deploy-time AllowedVpcIds list, an Fn::If that names only those VPCs.';
  acknowledge(
    policies.write,
    iam5(
      `${ACCOUNT_REGION}:vpc-endpoint/*`,
      'New endpoint IDs are unknown before creation: creation requires the ManagedBy=ecs-netfix request tag, our tag keys only and an AWS service of this region; ModifyVpcEndpoint requires the ManagedBy=ecs-netfix resource tag; CreateTags requires ec2:CreateAction=CreateVpcEndpoint.'
    ),
    ...wildcardResources(scope, permissions.vpcs.vpcResourceArns).map((resource) => iam5(resource, vpcReason)),
    iam5(
      `${ACCOUNT_REGION}:subnet/*`,
      "CreateVpcEndpoint places the endpoint in the task's subnets (no ec2:Vpc key for this action: EC2 requires the endpoint's own VPC, confined by the VPC statement); ModifyVpcEndpoint adds subnets only with ec2:Vpc in the allowed VPCs."
    ),
    iam5(
      `${ACCOUNT_REGION}:security-group/*`,
      'Only new groups with the ManagedBy request tag, tags only at creation, ingress and endpoint attachment only on groups tagged ManagedBy=ecs-netfix.'
    ),
    iam5(
      `${ACCOUNT_REGION}:route-table/*`,
      "A gateway endpoint is attached to (CreateVpcEndpoint) or extended to (ModifyVpcEndpoint) the task route tables; neither action gives route tables an ec2:Vpc key, and EC2 requires them in the endpoint's VPC."
    ),
    iam5(
      'arn:<AWS::Partition>:route53:::hostedzone/*',
      'Dependent action of CreateVpcEndpoint with private DNS: the AWS-managed private hosted zone is not ours and its ID is unknown; route53:VPCs limits the VPCs.'
    )
  );
  acknowledge(
    policies.userEndpoint,
    iam5(
      `${ACCOUNT_REGION}:vpc-endpoint/*`,
      "Explicit opt-in (AllowUserEndpointChanges, off by default): add route tables to the user's own S3 gateway endpoint. The vpc-endpoint resource of ModifyVpcEndpoint has no ec2:Vpc or endpoint-type key, so IAM cannot narrow it further."
    )
  );
  const serviceReason =
    'The service whose task failed is known only at run time; limited to the allowed clusters (resource and ecs:cluster condition) when they are given.';
  acknowledge(
    policies.redeploy,
    ...wildcardResources(scope, permissions.clusters.serviceArns).map((resource) => iam5(resource, serviceReason))
  );
}

function acknowledgeNagFindings(netfix: EcsNetfix, permissions: PermissionScope): void {
  acknowledge(
    netfix.failureQueue,
    { id: 'AwsSolutions-SQS3', reason: 'This queue is itself the dead-letter queue (on-failure destination and rule DLQ).' },
    {
      id: 'Serverless-SQSRedrivePolicy',
      reason: 'This queue is itself the dead-letter queue; an alarm fires on its first message.',
    }
  );
  acknowledge(
    netfix.function,
    {
      id: 'Serverless-LambdaDLQ',
      reason: 'Async failures go to an on-failure destination (the failure queue), which carries more context than a DLQ.',
    },
    {
      id: 'Serverless-LambdaTracing',
      reason: 'X-Ray is off by default (cost; Powertools Tracer is not bundled). The `tracing` prop turns it on.',
    },
    {
      id: 'AwsSolutions-L1',
      reason: 'nodejs22.x is the runtime the bundle targets and CI tests; the `runtime` prop selects nodejs24.x.',
    },
    {
      id: 'Serverless-LambdaLatestVersion',
      reason: 'nodejs22.x is the runtime the bundle targets and CI tests; the `runtime` prop selects nodejs24.x.',
    }
  );
  acknowledge(
    netfix.function.role?.node.tryFindChild('DefaultPolicy'),
    {
      id: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
      reason: 'CDK grant for sending to the KMS-encrypted failure queue; limited to the stack key.',
    },
    {
      id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      reason: 'CDK grant for the KMS-encrypted queue, topic and table; limited to the stack key.',
    }
  );
  acknowledgeAccountPolicyFindings(
    netfix,
    {
      read: netfix.readPolicy,
      write: netfix.writePolicy,
      userEndpoint: netfix.userEndpointPolicy,
      redeploy: netfix.redeployPolicy,
    },
    permissions
  );
  if (netfix.hubPolicy) {
    const document = Stack.of(netfix).resolve(netfix.hubPolicy.document.toJSON()) as { Statement: { Resource: unknown }[] };
    acknowledge(
      netfix.hubPolicy,
      ...document.Statement.flatMap((statement) => [statement.Resource].flat().map(flatten))
        .filter((resource) => resource.includes('*'))
        .map((resource) =>
          iam5(
            resource,
            "Hub mode with no allowed-account list: the member account is known only from the event. One role name only, and aws:ResourceOrgID limits it to the organization's accounts."
          )
        )
    );
  }
  acknowledge(
    netfix.verifyPolicy,
    iam5(
      'arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/ecs-netfix/*',
      'One verify schedule per incident, named at run time, only inside the ecs-netfix schedule group.'
    )
  );
}

export { acknowledgeAccountPolicyFindings, acknowledgeNagFindings };
