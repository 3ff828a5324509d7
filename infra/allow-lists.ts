/**
 * AllowedVpcIds and AllowedClusters turned into the values the IAM statements are narrowed with.
 * Concrete lists (the construct used with real IDs) become exact ARNs. A CommaDelimitedList
 * parameter (the ready stack) is known only at deploy time: CloudFormation maps it with
 * Fn::Split/Fn::Join behind an Fn::If (an empty parameter means "any").
 *
 * Fn::Join takes only a literal delimiter, so a deploy-time element cannot be given the stack's
 * partition, region and account: deploy-time values use `*` there (`arn:*:ec2:*:*:vpc/vpc-0abc`).
 * They sit only in conditions or next to resources that already fix account and region, and a VPC
 * ID names one VPC in a partition, so the wildcard widens nothing (docs/security.md).
 */
import { CfnCondition, Fn, Token } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

interface VpcConfinement {
  /** Resource of the statements on the VPC itself (CreateVpcEndpoint, CreateSecurityGroup). */
  vpcResourceArns: string[];
  /** Values of the `ec2:Vpc` condition (ArnLike) on subnets and security groups. */
  vpcConditionArns: string[];
  /** Values of `route53:VPCs` (`VPCId=<id>,VPCRegion=<region>`, Route 53 developer guide). */
  route53Vpcs: string[];
}

interface ClusterConfinement {
  /** Resource of ecs:UpdateService: `service/<cluster>/*`. */
  serviceArns: string[];
  /** Values of the `ecs:cluster` condition (ArnLike). */
  clusterArns: string[];
}

interface Environment {
  partition: string;
  region: string;
  account: string;
}

const VPC_ID = /^vpc-[0-9a-f]{8,17}$/;
const CLUSTER_NAME = /^[A-Za-z0-9_-]{1,255}$/;
const CLUSTER_ARN = /^arn:(aws[a-z-]*):ecs:([a-z0-9-]+):(\d{12}):cluster\/([A-Za-z0-9_-]{1,255})$/;
/** AllowedPattern of the AllowedClusters parameter: names only (a deploy-time ARN cannot be mapped). */
const CLUSTER_NAME_PATTERN = '^([A-Za-z0-9_-]{1,255})?$';
const VPC_ID_PATTERN = '^(vpc-[0-9a-f]{8,17})?$';

/** A CommaDelimitedList parameter arrives as one list token, not as element tokens. */
function isDeployTimeList(values: readonly string[]): boolean {
  return Token.isUnresolved([...values]);
}

function concreteEntries(path: string, name: string, values: readonly string[]): string[] {
  const entries = values.map((value) => value.trim()).filter((value) => value !== '');
  for (const entry of entries) {
    if (Token.isUnresolved(entry)) throw new Error(`${path}: ${name} must be concrete strings or one list parameter`);
  }
  return entries;
}

/** True at deploy time when the list parameter is not empty (its default '' is the list ['']). */
function hasEntries(scope: Construct, id: string, list: readonly string[]): CfnCondition {
  return new CfnCondition(scope, id, { expression: Fn.conditionNot(Fn.conditionEquals(Fn.join('', [...list]), '')) });
}

/**
 * `prefix<element>suffix` for each element of a deploy-time list, or `whenEmpty` when it is
 * empty. Both affixes must be literal: Fn::Join accepts no function as its delimiter.
 */
function mapDeployTimeList(
  isSet: CfnCondition,
  list: readonly string[],
  prefix: string,
  suffix: string,
  whenEmpty: string[]
): string[] {
  // '|' separates the mapped values: route53:VPCs values contain commas themselves.
  const mapped = Fn.split('|', Fn.join('', [prefix, Fn.join(`${suffix}|${prefix}`, [...list]), suffix]));
  return Token.asList(Fn.conditionIf(isSet.logicalId, mapped, whenEmpty));
}

function confineVpcs(scope: Construct, env: Environment, allowedVpcIds: readonly string[]): VpcConfinement {
  const vpcArn = (vpcId: string) => `arn:${env.partition}:ec2:${env.region}:${env.account}:vpc/${vpcId}`;
  const anyVpc = vpcArn('*');
  if (isDeployTimeList(allowedVpcIds)) {
    const isSet = hasEntries(scope, 'HasAllowedVpcIds', allowedVpcIds);
    const vpcArns = mapDeployTimeList(isSet, allowedVpcIds, 'arn:*:ec2:*:*:vpc/', '', [anyVpc]);
    return {
      vpcResourceArns: vpcArns,
      vpcConditionArns: vpcArns,
      // The region is a wildcard here too: a VPC ID is unique, and the ID is what is confined.
      route53Vpcs: mapDeployTimeList(isSet, allowedVpcIds, 'VPCId=', ',VPCRegion=*', [`VPCId=*,VPCRegion=${env.region}`]),
    };
  }
  const vpcIds = concreteEntries(scope.node.path, 'allowedVpcIds', allowedVpcIds);
  for (const vpcId of vpcIds) {
    if (!VPC_ID.test(vpcId)) throw new Error(`${scope.node.path}: allowedVpcIds: "${vpcId}" is not a VPC ID (vpc-0123abcd)`);
  }
  if (vpcIds.length === 0) {
    return { vpcResourceArns: [anyVpc], vpcConditionArns: [anyVpc], route53Vpcs: [`VPCId=*,VPCRegion=${env.region}`] };
  }
  const arns = vpcIds.map(vpcArn);
  return {
    vpcResourceArns: arns,
    vpcConditionArns: arns,
    route53Vpcs: vpcIds.map((vpcId) => `VPCId=${vpcId},VPCRegion=${env.region}`),
  };
}

/**
 * A cluster name, or a cluster ARN (`arn:aws:ecs:<region>:<account>:cluster/<name>`), as the
 * ARNs that name it: the ARN keeps its own partition, region and account, so an ARN of another
 * account or region never matches a service of this one.
 */
function clusterArnsOf(env: Environment, entry: string): ClusterConfinement {
  const arn = CLUSTER_ARN.exec(entry);
  if (arn) {
    const [, partition, region, account, name] = arn;
    return {
      serviceArns: [`arn:${partition}:ecs:${region}:${account}:service/${name}/*`],
      clusterArns: [entry],
    };
  }
  const prefix = `arn:${env.partition}:ecs:${env.region}:${env.account}`;
  return { serviceArns: [`${prefix}:service/${entry}/*`], clusterArns: [`${prefix}:cluster/${entry}`] };
}

function confineClusters(scope: Construct, env: Environment, allowedClusters: readonly string[]): ClusterConfinement {
  const prefix = `arn:${env.partition}:ecs:${env.region}:${env.account}`;
  const any: ClusterConfinement = { serviceArns: [`${prefix}:service/*/*`], clusterArns: [`${prefix}:cluster/*`] };
  if (isDeployTimeList(allowedClusters)) {
    // Resource keeps account and region; the condition names the clusters.
    return {
      serviceArns: any.serviceArns,
      clusterArns: mapDeployTimeList(
        hasEntries(scope, 'HasAllowedClusters', allowedClusters),
        allowedClusters,
        'arn:*:ecs:*:*:cluster/',
        '',
        any.clusterArns
      ),
    };
  }
  const entries = concreteEntries(scope.node.path, 'allowedClusters', allowedClusters);
  for (const entry of entries) {
    if (!CLUSTER_NAME.test(entry) && !CLUSTER_ARN.test(entry)) {
      throw new Error(
        `${scope.node.path}: allowedClusters: "${entry}" is neither a cluster name nor a cluster ARN (arn:aws:ecs:<region>:<account>:cluster/<name>)`
      );
    }
  }
  if (entries.length === 0) return any;
  const confined = entries.map((entry) => clusterArnsOf(env, entry));
  return {
    serviceArns: [...new Set(confined.flatMap((each) => each.serviceArns))],
    clusterArns: [...new Set(confined.flatMap((each) => each.clusterArns))],
  };
}

export { CLUSTER_NAME_PATTERN, VPC_ID_PATTERN, confineClusters, confineVpcs };
export type { ClusterConfinement, VpcConfinement };
