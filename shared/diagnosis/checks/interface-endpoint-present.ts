/**
 * `<service>-endpoint-present`: a needed AWS service has an interface endpoint in the VPC.
 * One factory serves the six services because the rule is the same for each; only the code
 * and the reason differ. https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html
 */
import type { Check } from '../check.js';
import type { FindingCode } from '../finding.js';
import { explainsStopReason, oneSubnetPerAz } from '../context.js';
import { notApplicable, pass } from '../check.js';
import { createInterfaceEndpointCli } from '../fix-commands.js';
import { endpointSecurityGroupHint, makeFinding, makeFix, routeFor, vpcIdOrPlaceholder } from './support.js';

type InterfaceEndpointService = 'ecr.api' | 'ecr.dkr' | 'logs' | 'secretsmanager' | 'ssm' | 'kms';

const MISSING_CODES: Record<InterfaceEndpointService, FindingCode> = {
  'ecr.api': 'ECR_API_ENDPOINT_MISSING',
  'ecr.dkr': 'ECR_DKR_ENDPOINT_MISSING',
  logs: 'LOGS_ENDPOINT_MISSING',
  secretsmanager: 'SECRETSMANAGER_ENDPOINT_MISSING',
  ssm: 'SSM_ENDPOINT_MISSING',
  kms: 'KMS_ENDPOINT_MISSING',
};

/** What the task uses the service for, in the message. */
const SERVICE_ROLE: Record<InterfaceEndpointService, string> = {
  'ecr.api': 'fetch the ECR authorization token',
  'ecr.dkr': 'fetch the image manifest from ECR',
  logs: 'create its CloudWatch Logs stream',
  secretsmanager: 'read its Secrets Manager secrets',
  ssm: 'read its SSM parameters',
  kms: 'decrypt its secrets with a customer KMS key',
};

function interfaceEndpointPresent(service: InterfaceEndpointService): Check {
  const code = MISSING_CODES[service];
  return {
    id: `${service.replace('.', '-')}-endpoint-present`,
    codes: [code],
    scope: 'network',
    evaluate: (context) => {
      const route = routeFor(context, service);
      if (route === null) return notApplicable(`the task does not need ${service}`);
      if (route.endpoint !== null) return pass(`${route.endpoint.vpcEndpointId} serves ${service}`);
      // A hub endpoint answered through a private hosted zone is not missing (shared-endpoint-reachable follows it).
      if (route.shared !== null)
        return pass(`private hosted zone ${route.shared.hostedZoneId} sends ${service} to ${route.shared.target}`);
      const subnets = oneSubnetPerAz(context.taskSubnets).map((subnet) => subnet.subnetId);
      const serviceName = `com.amazonaws.${context.region}.${service}`;
      const cli = createInterfaceEndpointCli({
        region: context.region,
        vpcId: vpcIdOrPlaceholder(context),
        service,
        subnetIds: subnets,
        securityGroupId: endpointSecurityGroupHint(context),
      });
      const consoleSteps = [
        `VPC console > Endpoints > Create endpoint > AWS services > ${serviceName}`,
        `VPC ${vpcIdOrPlaceholder(context)}; subnets ${subnets.join(', ') || '(one per AZ the tasks use)'}`,
        'Security group allowing TCP 443 from the task security groups; keep "Enable DNS name" on',
      ];
      const needed = `The task needs ${service} to ${SERVICE_ROLE[service]}, for ${route.need.reasons.join('; ')}`;
      if (context.egressWorks) {
        return {
          status: 'fail',
          explanation: `no ${service} endpoint; traffic goes through the NAT/internet path`,
          findings: [
            makeFinding({
              code,
              severity: 'info',
              message: `${needed}. It reaches ${service} through the NAT/internet path today; an interface endpoint would keep that traffic private and can cost less than NAT data processing.`,
              resources: [vpcIdOrPlaceholder(context), ...subnets],
              fix: makeFix(`Optionally create an interface endpoint for ${serviceName}.`, consoleSteps, [cli], false),
              service,
              cause: false,
            }),
          ],
        };
      }
      return {
        status: 'fail',
        explanation: `no ${service} endpoint and no NAT/internet path`,
        findings: [
          makeFinding({
            code,
            severity: 'error',
            message: `${needed}, but the VPC has no ${service} interface endpoint and the task subnets have no working NAT or internet path, so the call times out.`,
            resources: [vpcIdOrPlaceholder(context), ...subnets],
            fix: makeFix(
              `Create an interface endpoint for ${serviceName} with private DNS in the task subnets.`,
              consoleSteps,
              [cli],
              true
            ),
            service,
            cause: explainsStopReason(context, { services: [service] }),
          }),
        ],
      };
    },
  };
}

const ecrApiEndpointPresent = interfaceEndpointPresent('ecr.api');
const ecrDkrEndpointPresent = interfaceEndpointPresent('ecr.dkr');
const logsEndpointPresent = interfaceEndpointPresent('logs');
const secretsManagerEndpointPresent = interfaceEndpointPresent('secretsmanager');
const ssmEndpointPresent = interfaceEndpointPresent('ssm');
const kmsEndpointPresent = interfaceEndpointPresent('kms');

export {
  ecrApiEndpointPresent,
  ecrDkrEndpointPresent,
  kmsEndpointPresent,
  logsEndpointPresent,
  secretsManagerEndpointPresent,
  ssmEndpointPresent,
};
