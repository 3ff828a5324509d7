/**
 * cdk-nag findings EcsNetfix acknowledges, each on the narrowest construct and with the reason a
 * reviewer needs. Everything else must be fixed, not acknowledged.
 */
import { Token, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { EcsNetfix } from './ecs-netfix.js';

const ACCOUNT_REGION = 'arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>';

function iam5(resource: string, reason: string) {
  return { id: `AwsSolutions-IAM5[Resource::${resource}]`, reason };
}

function acknowledge(scope: IConstruct | undefined, ...rules: { id: string; reason: string }[]): void {
  if (scope) Validations.of(scope).acknowledge(...rules);
}

function acknowledgeNagFindings(netfix: EcsNetfix, allowedClusters: readonly string[]): void {
  acknowledge(
    netfix.failureQueue,
    { id: 'AwsSolutions-SQS3', reason: 'This queue is itself the dead-letter queue (on-failure destination and rule DLQ).' },
    { id: 'Serverless-SQSRedrivePolicy', reason: 'This queue is itself the dead-letter queue; an alarm fires on its first message.' }
  );
  acknowledge(
    netfix.function,
    { id: 'Serverless-LambdaDLQ', reason: 'Async failures go to an on-failure destination (the failure queue), which carries more context than a DLQ.' },
    { id: 'Serverless-LambdaTracing', reason: 'X-Ray is off by default (cost; Powertools Tracer is not bundled). The `tracing` prop turns it on.' },
    { id: 'AwsSolutions-L1', reason: 'nodejs22.x is the runtime the bundle targets and CI tests; the `runtime` prop selects nodejs24.x.' },
    { id: 'Serverless-LambdaLatestVersion', reason: 'nodejs22.x is the runtime the bundle targets and CI tests; the `runtime` prop selects nodejs24.x.' }
  );
  acknowledge(
    netfix.function.role?.node.tryFindChild('DefaultPolicy'),
    { id: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]', reason: 'CDK grant for sending to the KMS-encrypted failure queue; limited to the stack key.' },
    { id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', reason: 'CDK grant for the KMS-encrypted queue, topic and table; limited to the stack key.' }
  );
  acknowledge(
    netfix.readPolicy,
    iam5('*', 'EC2 Describe* actions and ecs:DescribeTaskDefinition support no resource-level permissions.'),
    iam5('arn:<AWS::Partition>:ecs:<AWS::Region>:<AWS::AccountId>:*', 'Tasks and services of any cluster in this account and region may fail; ALLOWED_CLUSTERS narrows what the function acts on.'),
    iam5('arn:<AWS::Partition>:iam::<AWS::AccountId>:role/*', 'A task definition may name any execution role of the account; iam:SimulatePrincipalPolicy only reads whether that role may pull and read secrets.')
  );
  acknowledge(
    netfix.writePolicy,
    iam5(`${ACCOUNT_REGION}:vpc-endpoint/*`, 'New endpoint IDs are unknown before creation; creation requires the ManagedBy=ecs-netfix request tag and an AWS service name of this region. ModifyVpcEndpoint also reaches the S3 gateway endpoint the user created (no tag of ours; the vpc-endpoint resource has no ec2:Vpc key).'),
    iam5(`${ACCOUNT_REGION}:vpc/*`, 'CreateVpcEndpoint/CreateSecurityGroup are authorised on the VPC; with AllowedVpcIds as a deploy-time parameter the ARNs cannot be listed, and the function enforces the list.'),
    iam5(`${ACCOUNT_REGION}:subnet/*`, 'CreateVpcEndpoint and ModifyVpcEndpoint (AddSubnetIds) are authorised on the subnets the endpoint is placed in; they exist already, carry no tag of ours, and ec2:Vpc narrows them when the VPCs are known.'),
    iam5(`${ACCOUNT_REGION}:security-group/*`, 'Only new groups with the ManagedBy tag, ingress on groups tagged ManagedBy, and referencing a group in CreateVpcEndpoint/ModifyVpcEndpoint.'),
    iam5(`${ACCOUNT_REGION}:route-table/*`, 'A gateway endpoint is attached to (CreateVpcEndpoint) or extended to (ModifyVpcEndpoint) the route tables of the failing subnets; they exist already and carry no tag of ours.'),
    iam5('arn:<AWS::Partition>:route53:::hostedzone/*', 'Dependent action of CreateVpcEndpoint with private DNS: the AWS-managed private hosted zone is not ours and its ID is unknown; route53:VPCs limits the VPCs.')
  );
  const serviceReason = 'The service whose task failed is known only at run time; it is limited to the allowed clusters when they are known at synth time.';
  const clusterServices = Token.isUnresolved([...allowedClusters]) ? [] : allowedClusters.filter((cluster) => cluster !== '');
  acknowledge(
    netfix.redeployPolicy,
    iam5('arn:<AWS::Partition>:ecs:<AWS::Region>:<AWS::AccountId>:service/*/*', serviceReason),
    ...clusterServices.map((cluster) =>
      iam5(`arn:<AWS::Partition>:ecs:<AWS::Region>:<AWS::AccountId>:service/${cluster}/*`, serviceReason)
    )
  );
  acknowledge(
    netfix.verifyPolicy,
    iam5('arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/ecs-netfix/*', 'One verify schedule per incident, named at run time, only inside the ecs-netfix schedule group.')
  );
}

export { acknowledgeNagFindings };
