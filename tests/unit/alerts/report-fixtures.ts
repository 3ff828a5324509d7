/** Hand-built reports for the alert tests: one realistic incident and its outcome variants. */
import type { Finding } from '../../../shared/diagnosis/finding.js';
import type { PathHop } from '../../../shared/diagnosis/path.js';
import type {
  ActionResult,
  CreateGatewayEndpointAction,
  CreateInterfaceEndpointAction,
} from '../../../shared/remediation/action.js';
import { estimatePlanCost } from '../../../shared/remediation/cost.js';
import { REPORT_VERSION, type Report, type ReportTask } from '../../../shared/report/report.js';

const REGION = 'eu-west-1';
const VPC = 'vpc-0a1b2c3d4e5f60718';
const SUBNETS = ['subnet-0aaa1111bbbb2222c', 'subnet-0ddd3333eeee4444f'];
const STOP_REASON =
  'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): RequestError: send request failed caused by: Post "https://api.ecr.eu-west-1.amazonaws.com/": dial tcp 52.94.17.10:443: i/o timeout';

function buildTask(overrides: Partial<ReportTask> = {}): ReportTask {
  return {
    region: REGION,
    accountId: '123456789012',
    cluster: 'prod',
    clusterArn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod',
    taskArn: 'arn:aws:ecs:eu-west-1:123456789012:task/prod/0f1e2d3c4b5a69788796a5b4c3d2e1f0',
    service: 'web-api',
    group: 'service:web-api',
    taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web-api:42',
    launchType: 'FARGATE',
    platformVersion: '1.4.0',
    availabilityZone: 'eu-west-1a',
    vpcId: VPC,
    subnetIds: SUBNETS,
    securityGroupIds: ['sg-0123456789abcdef0'],
    assignPublicIp: false,
    stopCode: 'TaskFailedToStart',
    stoppedReason: STOP_REASON,
    ...overrides,
  };
}

function buildFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    code: 'ECR_API_ENDPOINT_MISSING',
    severity: 'error',
    message: `No ecr.api interface endpoint in ${VPC} and no NAT route: the task cannot get an ECR auth token.`,
    resources: [VPC, ...SUBNETS],
    fix: {
      summary: 'Create an ecr.api interface endpoint with private DNS in both subnets.',
      console: ['VPC console > Endpoints > Create endpoint'],
      cli: [
        `aws ec2 create-vpc-endpoint --vpc-id ${VPC} --vpc-endpoint-type Interface --service-name com.amazonaws.${REGION}.ecr.api --subnet-ids ${SUBNETS.join(' ')} --security-group-ids sg-0fedcba9876543210 --private-dns-enabled`,
      ],
      automatic: true,
    },
    service: 'ecr.api',
    cause: true,
    ...overrides,
  };
}

function interfaceEndpointAction(service: 'ecr.api' | 'ecr.dkr'): CreateInterfaceEndpointAction {
  return {
    kind: 'create-interface-endpoint',
    id: `netfix-${service}`,
    vpcId: VPC,
    fixes: [service === 'ecr.api' ? 'ECR_API_ENDPOINT_MISSING' : 'ECR_DKR_ENDPOINT_MISSING'],
    monthlyCostUsd: 16.06,
    description: `Create interface endpoint com.amazonaws.${REGION}.${service} in 2 subnets`,
    service,
    serviceName: `com.amazonaws.${REGION}.${service}`,
    subnetIds: SUBNETS,
    availabilityZones: [`${REGION}a`, `${REGION}b`],
    securityGroupId: null,
    privateDnsEnabled: true,
  };
}

function s3GatewayAction(): CreateGatewayEndpointAction {
  return {
    kind: 'create-gateway-endpoint',
    id: 'netfix-s3',
    vpcId: VPC,
    fixes: ['S3_GATEWAY_ENDPOINT_MISSING'],
    monthlyCostUsd: 0,
    description: `Create gateway endpoint com.amazonaws.${REGION}.s3 on rtb-0123456789abcdef0`,
    service: 's3',
    serviceName: `com.amazonaws.${REGION}.s3`,
    routeTableIds: ['rtb-0123456789abcdef0'],
  };
}

function plannedActions(): ActionResult[] {
  return [interfaceEndpointAction('ecr.api'), interfaceEndpointAction('ecr.dkr'), s3GatewayAction()].map((action) => ({
    action,
    status: 'planned',
    resourceId: null,
    state: null,
    note: null,
  }));
}

const PATH: PathHop[] = [
  { kind: 'subnet', label: `${SUBNETS[0]} (eu-west-1a)`, status: 'ok', detail: 'private subnet', findings: [] },
  {
    kind: 'route-table',
    label: 'rtb-0123456789abcdef0',
    status: 'broken',
    detail: 'no NAT route and no S3 gateway route',
    findings: ['S3_GATEWAY_ENDPOINT_MISSING'],
  },
  { kind: 'endpoint', label: 'ecr.api endpoint', status: 'broken', detail: 'missing', findings: ['ECR_API_ENDPOINT_MISSING'] },
  { kind: 'endpoint', label: 'ecr.dkr endpoint', status: 'broken', detail: 'missing', findings: ['ECR_DKR_ENDPOINT_MISSING'] },
  { kind: 'dns', label: 'VPC DNS', status: 'ok', detail: 'enableDnsSupport and enableDnsHostnames on', findings: [] },
  { kind: 'iam', label: 'execution role', status: 'not-needed', detail: 'not checked', findings: [] },
];

/** A dry run: three endpoints would be created. */
function buildReport(overrides: Partial<Report> = {}): Report {
  const actions = overrides.actions ?? plannedActions();
  return {
    version: REPORT_VERSION,
    generatedAt: '2026-11-03T10:15:00.000Z',
    dryRun: true,
    outcome: 'would-fix',
    summary: 'ecr.api, ecr.dkr and s3 endpoints are missing',
    origin: 'eventbridge',
    task: buildTask(),
    classification: {
      category: 'ecr_api_unreachable',
      service: 'ecr.api',
      evidence: {
        patterns: ['ecr-auth-timeout'],
        family: 'ResourceInitializationError',
        hosts: ['api.ecr.eu-west-1.amazonaws.com'],
        ip: '52.94.17.10',
        ipScope: 'public',
        region: REGION,
        text: STOP_REASON,
      },
      endpointFixable: true,
    },
    findings: [
      buildFinding(),
      buildFinding({
        code: 'ECR_DKR_ENDPOINT_MISSING',
        message: `No ecr.dkr interface endpoint in ${VPC}.`,
        fix: {
          summary: 'Create an ecr.dkr interface endpoint with private DNS in both subnets.',
          console: [],
          cli: [`aws ec2 create-vpc-endpoint --vpc-id ${VPC} --service-name com.amazonaws.${REGION}.ecr.dkr`],
          automatic: true,
        },
        service: 'ecr.dkr',
        cause: false,
      }),
      buildFinding({
        code: 'S3_GATEWAY_ENDPOINT_MISSING',
        message: 'No S3 gateway endpoint on rtb-0123456789abcdef0: image layers cannot download.',
        resources: ['rtb-0123456789abcdef0'],
        fix: {
          summary: 'Create an S3 gateway endpoint on the route table (free).',
          console: [],
          cli: [
            `aws ec2 create-vpc-endpoint --vpc-id ${VPC} --vpc-endpoint-type Gateway --service-name com.amazonaws.${REGION}.s3 --route-table-ids rtb-0123456789abcdef0`,
          ],
          automatic: true,
        },
        service: 's3',
        cause: false,
      }),
    ],
    path: PATH,
    actions,
    cost: estimatePlanCost(
      actions.map((result) => result.action),
      REGION
    ),
    incident: {
      incidentId: 'inc-prod-web-api-20261103',
      failureCount: 14,
      firstFailureAt: '2026-11-03T10:12:19.000Z',
      state: 'open',
      leader: true,
    },
    unknowns: [],
    calls: { total: 9, byOperation: { 'EC2.DescribeVpcEndpoints': 1 } },
    alert: { published: false, messageId: null, reason: null },
    note: null,
    ...overrides,
  };
}

/** Apply ran: two endpoints created, the S3 one already there. */
function buildAppliedReport(): Report {
  const [api, dkr, s3] = plannedActions();
  if (api === undefined || dkr === undefined || s3 === undefined) throw new Error('fixture');
  return buildReport({
    dryRun: false,
    outcome: 'fixed',
    actions: [
      { ...api, status: 'created', resourceId: 'vpce-0aaaabbbbccccdddd', state: 'pending' },
      { ...dkr, status: 'created', resourceId: 'vpce-0eeeeffff00001111', state: 'available' },
      { ...s3, status: 'already-done', resourceId: 'vpce-0222233334444555', state: 'available' },
    ],
  });
}

/** Apply ran and one step failed. */
function buildFailedReport(): Report {
  const [api, dkr] = plannedActions();
  if (api === undefined || dkr === undefined) throw new Error('fixture');
  return buildReport({
    dryRun: false,
    outcome: 'partially-fixed',
    actions: [
      { ...api, status: 'created', resourceId: 'vpce-0aaaabbbbccccdddd', state: 'available' },
      {
        ...dkr,
        status: 'failed',
        resourceId: null,
        state: null,
        note: 'CreateVpcEndpoint failed for com.amazonaws.eu-west-1.ecr.dkr in vpc-0a1b2c3d4e5f60718: VpcEndpointLimitExceeded',
      },
    ],
  });
}

/** A private IP: the endpoint exists; a security group blocks it. Only a person can fix that. */
function buildAlertOnlyReport(): Report {
  const base = buildReport();
  if (base.classification === null) throw new Error('fixture');
  return buildReport({
    outcome: 'alert-only',
    classification: {
      ...base.classification,
      evidence: { ...base.classification.evidence, ip: '10.0.12.34', ipScope: 'private' },
    },
    findings: [
      buildFinding({
        code: 'ENDPOINT_SG_BLOCKS_HTTPS',
        message: 'Security group sg-0fedcba9876543210 of the ecr.api endpoint allows no TCP 443 from the task.',
        resources: ['sg-0fedcba9876543210'],
        fix: {
          summary: 'Allow TCP 443 from sg-0123456789abcdef0 on sg-0fedcba9876543210.',
          console: [],
          cli: [
            'aws ec2 authorize-security-group-ingress --group-id sg-0fedcba9876543210 --protocol tcp --port 443 --source-group sg-0123456789abcdef0',
          ],
          automatic: false,
        },
      }),
    ],
    actions: [],
    cost: null,
  });
}

/** The image is gone: nothing on the network fixes it. */
function buildNotNetworkReport(): Report {
  return buildReport({
    outcome: 'not-network',
    classification: {
      category: 'image_not_found',
      service: null,
      evidence: {
        patterns: ['manifest-unknown'],
        family: 'CannotPullContainerError',
        hosts: [],
        ip: null,
        ipScope: null,
        region: null,
        text: 'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 123456789012.dkr.ecr.eu-west-1.amazonaws.com/web-api:missing: not found',
      },
      endpointFixable: false,
    },
    findings: [
      buildFinding({
        code: 'NOT_A_NETWORK_PROBLEM',
        severity: 'warning',
        message: 'The image tag web-api:missing does not exist.',
        resources: [],
        fix: { summary: 'Push the image or fix the tag in the task definition.', console: [], cli: [], automatic: false },
      }),
    ],
    path: [],
    actions: [],
    cost: null,
  });
}

export {
  buildAlertOnlyReport,
  buildAppliedReport,
  buildFailedReport,
  buildFinding,
  buildNotNetworkReport,
  buildReport,
  buildTask,
  interfaceEndpointAction,
  s3GatewayAction,
};
