/**
 * What the fault tests share: the calls of a live run, the function's settings, and the errors
 * AWS answers with when it throttles, fails or times out.
 */
import { createPermissionChecker } from '../../../shared/aws/iam-permissions.js';
import { loadConfig } from '../../../shared/config.js';
import { clearGatherCaches } from '../../../shared/inspect/gather.js';
import { type RemediationDeps, handleRequest } from '../../../shared/pipeline/handle-request.js';
import type { Report } from '../../../shared/report/report.js';
import { ScriptedAws, awsError, world } from './scripted-aws.js';

/** Every call of a live run that creates the missing endpoints, alerts and audits. */
const OPERATIONS: readonly string[] = [
  'DynamoDB.GetItem',
  'DynamoDB.PutItem',
  'ECS.DescribeTasks',
  'ECS.DescribeTaskDefinition',
  'ECS.DescribeServices',
  'EC2.DescribeSubnets',
  'EC2.DescribeVpcs',
  'EC2.DescribeVpcAttribute',
  'EC2.DescribeDhcpOptions',
  'EC2.DescribeRouteTables',
  'EC2.DescribeNatGateways',
  'EC2.DescribeInternetGateways',
  'EC2.DescribeVpcEndpoints',
  'EC2.DescribeSecurityGroups',
  'EC2.DescribeNetworkAcls',
  'EC2.DescribePrefixLists',
  'Route53.ListHostedZonesByVPC',
  'EC2.DescribeVpcEndpointServices',
  'EC2.CreateSecurityGroup',
  'EC2.AuthorizeSecurityGroupIngress',
  'EC2.CreateVpcEndpoint',
  'SNS.Publish',
  'DynamoDB.UpdateItem',
  'EventBridge.PutEvents',
];

const ENV = {
  DRY_RUN: 'false',
  PERMISSION_CHECK: 'off',
  STATE_TABLE_NAME: 'netfix-state',
  ALERT_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:netfix-alerts',
  EVENT_BUS_NAME: 'netfix-audit',
  ALERT_COALESCE_SECONDS: '0',
};

function depsFor(aws: ScriptedAws): RemediationDeps {
  const config = loadConfig(ENV);
  return {
    config,
    clientsFor: () => aws.clients,
    permissionsFor: (clients) => createPermissionChecker(clients.iam, config.permissionCheck),
    defaultRegion: 'eu-west-1',
    sleep: async () => {},
  };
}

async function run(aws: ScriptedAws, event: unknown = world.event): Promise<Report> {
  // Every run starts as a cold container: no cached task definition or prefix list.
  clearGatherCaches();
  return handleRequest(structuredClone(event), depsFor(aws), { requestId: 'request-1' });
}

/** What AWS answers when it throttles this service. */
function throttling(operation: string): Error {
  if (operation.startsWith('EC2.')) return awsError('RequestLimitExceeded', 503);
  if (operation.startsWith('SNS.')) return awsError('Throttling', 400);
  return awsError('ThrottlingException', 400);
}

function serverError(operation: string): Error {
  return operation.startsWith('EC2.') ? awsError('InternalError', 500) : awsError('InternalFailure', 500);
}

function timeout(): Error {
  return awsError('TimeoutError', undefined, 'Connection timed out after 30000 ms');
}

const FAULTS = [
  ['throttling', throttling],
  ['a 5xx answer', serverError],
  ['a timeout', timeout],
] as const;

export { FAULTS, OPERATIONS, ScriptedAws, run, serverError, throttling };
