import { beforeAll, describe, expect, it } from '@jest/globals';
import type { AwsClients } from '../../../shared/aws/clients.js';
import { classifyTaskFailure } from '../../../shared/classify/classify.js';
import { diagnose } from '../../../shared/diagnosis/diagnose.js';
import type { FindingCode } from '../../../shared/diagnosis/finding.js';
import { motoClients } from '../../helpers/moto.js';
import { type WorldSpec, buildWorld } from '../../helpers/moto-world.js';
import { expectWithinBudget, gatherCold } from './gather-helpers.js';

const DKR_TIMEOUT =
  'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:latest: failed to do request: Head "https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/v2/app/manifests/latest": dial tcp 10.0.1.25:443: i/o timeout';
const DOCKER_HUB_TIMEOUT =
  'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref docker.io/library/nginx:1.27: failed to do request: Head "https://registry-1.docker.io/v2/library/nginx/manifests/1.27": dial tcp 54.227.20.253:443: i/o timeout';
const SECRETS_TIMEOUT =
  'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 5 time(s): failed to fetch secret arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf from secrets manager: RequestError: send request failed caused by: Post "https://secretsmanager.eu-west-1.amazonaws.com/": dial tcp 52.94.1.2:443: i/o timeout';
const IMAGE_NOT_FOUND =
  'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:missing: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:missing: not found';

interface Situation {
  name: string;
  spec: WorldSpec;
  /** Codes the diagnosis must report for this world. */
  expected: FindingCode[];
  /** Codes it must not report. */
  absent?: FindingCode[];
  /** True when nothing in this world stops the task: no finding may have severity `error`. */
  healthy?: boolean;
}

const situations: Situation[] = [
  {
    name: 'private subnets in two AZs with nothing',
    spec: {},
    expected: ['ECR_API_ENDPOINT_MISSING', 'ECR_DKR_ENDPOINT_MISSING', 'S3_GATEWAY_ENDPOINT_MISSING'],
  },
  {
    name: 'private subnets with a working NAT gateway',
    spec: { publicSubnet: { nat: true } },
    // The missing endpoints are still worth knowing (cost, NAT traffic) but block nothing.
    expected: ['NO_PROBLEM_FOUND'],
    absent: ['NO_EGRESS_ROUTE', 'NAT_GATEWAY_UNAVAILABLE', 'NAT_ROUTE_BLACKHOLE'],
    healthy: true,
  },
  {
    name: 'ECR endpoints but no S3 gateway',
    spec: { interfaceEndpoints: { services: ['ecr.api', 'ecr.dkr', 'logs'] } },
    expected: ['S3_GATEWAY_ENDPOINT_MISSING'],
    absent: ['ECR_API_ENDPOINT_MISSING', 'ECR_DKR_ENDPOINT_MISSING'],
  },
  {
    name: 'a public subnet without a public IP',
    spec: { publicSubnet: {}, taskSubnet: 'public', assignPublicIp: false },
    expected: ['PUBLIC_SUBNET_WITHOUT_PUBLIC_IP'],
  },
  {
    name: "endpoints outside the task's AZ",
    spec: { interfaceEndpoints: { services: ['ecr.api', 'ecr.dkr', 'logs'], subnetIndexes: [1] }, s3Gateway: { on: 'private' } },
    expected: ['ENDPOINT_AZ_NOT_COVERED'],
  },
  {
    name: 'an S3 gateway endpoint on another route table',
    spec: { interfaceEndpoints: { services: ['ecr.api', 'ecr.dkr', 'logs'] }, s3Gateway: { on: 'other' } },
    expected: ['S3_GATEWAY_ROUTE_MISSING'],
  },
  {
    name: 'security groups that block HTTPS',
    spec: {
      interfaceEndpoints: { services: ['ecr.api', 'ecr.dkr', 'logs'] },
      s3Gateway: { on: 'private' },
      taskEgress: 'none',
      endpointIngress: 'none',
      stop: { stoppedReason: DKR_TIMEOUT },
    },
    expected: ['TASK_SG_BLOCKS_HTTPS', 'ENDPOINT_SG_BLOCKS_HTTPS'],
  },
  {
    name: 'VPC DNS attributes off',
    spec: {
      interfaceEndpoints: { services: ['ecr.api', 'ecr.dkr', 'logs'] },
      s3Gateway: { on: 'private' },
      dns: { support: false, hostnames: false },
    },
    expected: ['VPC_DNS_DISABLED'],
  },
  {
    name: 'custom DNS servers',
    spec: {
      interfaceEndpoints: { services: ['ecr.api', 'ecr.dkr', 'logs'] },
      s3Gateway: { on: 'private' },
      dhcpDnsServers: ['10.0.0.53'],
    },
    expected: ['CUSTOM_DNS_SERVERS'],
  },
  {
    name: 'a NACL that denies HTTPS',
    spec: {
      interfaceEndpoints: { services: ['ecr.api', 'ecr.dkr', 'logs'] },
      s3Gateway: { on: 'private' },
      naclDenyHttps: true,
      stop: { stoppedReason: DKR_TIMEOUT },
    },
    expected: ['NACL_BLOCKS_HTTPS'],
  },
  {
    name: 'secrets without Secrets Manager and SSM endpoints',
    spec: {
      interfaceEndpoints: { services: ['ecr.api', 'ecr.dkr', 'logs'] },
      s3Gateway: { on: 'private' },
      taskDefinition: { secrets: ['secretsmanager', 'ssm'] },
      stop: { stoppedReason: SECRETS_TIMEOUT },
    },
    expected: ['SECRETSMANAGER_ENDPOINT_MISSING'],
  },
  {
    name: 'a Docker Hub image without NAT',
    spec: { taskDefinition: { image: 'docker-hub' }, stop: { stoppedReason: DOCKER_HUB_TIMEOUT } },
    expected: ['NO_EGRESS_ROUTE'],
  },
  {
    name: 'a standalone task',
    spec: { launch: 'standalone' },
    expected: ['NETWORK_CONFIG_UNKNOWN'],
  },
  {
    name: 'an ECR image from another region',
    spec: {
      interfaceEndpoints: { services: ['ecr.api', 'ecr.dkr', 'logs'] },
      s3Gateway: { on: 'private' },
      taskDefinition: { image: 'ecr-other-region' },
    },
    expected: ['CROSS_REGION_REGISTRY'],
  },
  {
    name: 'an image that does not exist',
    spec: { stop: { stoppedReason: IMAGE_NOT_FOUND } },
    expected: ['NOT_A_NETWORK_PROBLEM'],
    absent: ['ECR_API_ENDPOINT_MISSING', 'ECR_DKR_ENDPOINT_MISSING'],
  },
];

let clients: AwsClients;

beforeAll(() => {
  clients = motoClients();
});

describe('diagnose over gathered moto worlds', () => {
  for (const situation of situations) {
    it(`names ${situation.expected.join(', ')} for ${situation.name}`, async () => {
      // Prepare
      const world = await buildWorld(clients, situation.spec);
      const { snapshot, ledger } = await gatherCold(clients, world.task);
      const classification = classifyTaskFailure(
        world.task.stoppedReason,
        world.task.containerReasons.map((entry) => entry.reason)
      );

      // Act
      const { findings } = diagnose({ classification, snapshot, task: world.task });

      // Assess
      const codes = findings.map((finding) => finding.code);
      if (process.env.NETFIX_PRINT_CODES) console.log(situation.name, codes);
      expect(codes).toEqual(expect.arrayContaining(situation.expected));
      for (const code of situation.absent ?? []) expect(codes).not.toContain(code);
      if (situation.healthy) expect(findings.filter((finding) => finding.severity === 'error')).toEqual([]);
      expectWithinBudget(ledger);
    });
  }
});
