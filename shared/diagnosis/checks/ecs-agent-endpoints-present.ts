/**
 * `ecs-agent-endpoints-present`: the EC2 host of an EC2 task reaches the ECS control plane. The
 * ECS agent on a container instance calls `ecs` (registration, state changes), `ecs-agent` (the
 * poll connection that receives tasks) and `ecs-telemetry` (metrics); in a subnet without NAT or
 * internet each needs an interface endpoint with private DNS, whatever the task's network mode.
 * Alert-only: the agent was connected when ECS placed the task, so it may reach ECS in a way the
 * VPC does not show (an HTTP proxy); three endpoints per AZ are not created on an inference.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/vpc-endpoints.html
 */
import type { Check } from '../check.js';
import type { EndpointService, VpcEndpointFacts } from '../../model/snapshot.js';
import type { FindingCode } from '../finding.js';
import { explainsStopReason } from '../context.js';
import { failWith, notApplicable, pass } from '../check.js';
import { createInterfaceEndpointCli } from '../fix-commands.js';
import { egressPathForSubnet } from '../net/egress-path.js';
import { endpointsForService, isPrivateDnsInEffect, primaryEndpoint } from '../net/endpoint-for-service.js';
import { endpointSecurityGroupHint, makeFinding, makeFix, vpcIdOrPlaceholder } from './support.js';

type AgentService = Extract<EndpointService, 'ecs' | 'ecs-agent' | 'ecs-telemetry'>;

const AGENT_SERVICES: readonly AgentService[] = ['ecs', 'ecs-agent', 'ecs-telemetry'];

const AGENT_ENDPOINT_CODES: Record<AgentService, FindingCode> = {
  ecs: 'ECS_ENDPOINT_MISSING',
  'ecs-agent': 'ECS_AGENT_ENDPOINT_MISSING',
  'ecs-telemetry': 'ECS_TELEMETRY_ENDPOINT_MISSING',
};

/** What the agent uses the service for, in the message. */
const AGENT_ROLE: Record<AgentService, string> = {
  ecs: 'register the instance and report task and container state changes',
  'ecs-agent': 'keep the poll connection through which ECS sends it the tasks to start and stop',
  'ecs-telemetry': 'send container metrics and health to ECS',
};

/** Why the endpoint does not carry the agent's calls: none, or one that is not in effect. */
function endpointGap(endpoint: VpcEndpointFacts | null, service: AgentService): string {
  if (endpoint === null) return `the VPC has no ${service} interface endpoint`;
  if (endpoint.state !== 'available') return `${service} endpoint ${endpoint.vpcEndpointId} is ${endpoint.state}`;
  return `${service} endpoint ${endpoint.vpcEndpointId} does not answer the public name (private DNS off, or the VPC's DNS attributes off)`;
}

const ecsAgentEndpointsPresent: Check = {
  id: 'ecs-agent-endpoints-present',
  codes: ['ECS_ENDPOINT_MISSING', 'ECS_AGENT_ENDPOINT_MISSING', 'ECS_TELEMETRY_ENDPOINT_MISSING'],
  scope: 'network',
  evaluate: (context) => {
    const host = context.snapshot.containerInstance;
    if (host === null || host === undefined) return notApplicable('the task did not run on an EC2 container instance');
    const instance = host.instance;
    const subnet = host.subnet;
    if (instance === null || subnet === null) return notApplicable("the container instance's EC2 instance or subnet is unknown");
    const gaps = AGENT_SERVICES.flatMap((service) => {
      const endpoint = primaryEndpoint(endpointsForService(context.snapshot, service, 'Interface'));
      return endpoint !== null && isPrivateDnsInEffect(endpoint, context.snapshot.vpc) ? [] : [{ service, endpoint }];
    });
    if (gaps.length === 0) return pass(`the VPC's ${AGENT_SERVICES.join(', ')} endpoints serve the host`);
    // The host's own egress: its subnet's default route, and its own public IP for an IGW route.
    const egress = egressPathForSubnet({
      snapshot: { ...context.snapshot, network: { ...context.snapshot.network, assignPublicIp: instance.publicIp !== null } },
      subnetId: subnet.subnetId,
    });
    if (egress.status === 'ok') return pass(`host ${instance.instanceId} reaches ECS through ${egress.detail}`);
    if (egress.status === 'unknown')
      return pass(`host ${instance.instanceId}: ${egress.detail}; the path to ECS was not followed further`);
    const agentNote =
      host.agentConnected === true
        ? ' The agent is connected now, so it reaches ECS some way the VPC does not show (an HTTP proxy, or a path that has changed since); a new instance launched in this subnet would not register.'
        : host.agentConnected === false
          ? ' The agent is disconnected: ECS can place no task on this instance and does not learn what its tasks do.'
          : '';
    const securityGroupId = endpointSecurityGroupHint(context);
    const findings = gaps.map(({ service, endpoint }) => {
      const serviceNameCli = createInterfaceEndpointCli({
        region: context.region,
        vpcId: vpcIdOrPlaceholder(context),
        service,
        subnetIds: [subnet.subnetId],
        securityGroupId,
      });
      return makeFinding({
        code: AGENT_ENDPOINT_CODES[service],
        severity: host.agentConnected === false ? 'error' : 'warning',
        message: `The ECS agent on container instance ${instance.instanceId} needs ${service} to ${AGENT_ROLE[service]}, but ${endpointGap(endpoint, service)} and the host's subnet ${subnet.subnetId} has no working NAT or internet path (${egress.detail}).${agentNote}`,
        resources: [
          vpcIdOrPlaceholder(context),
          subnet.subnetId,
          instance.instanceId,
          ...(endpoint === null ? [] : [endpoint.vpcEndpointId]),
        ],
        fix: makeFix(
          `Create an interface endpoint for ${service} with private DNS in the host's subnet ${subnet.subnetId} (one subnet per AZ the instances use), with a security group that allows TCP 443 from the instances' security groups ${instance.securityGroupIds.join(', ') || '(none)'}; or give the subnet a NAT route.`,
          [
            `VPC console > Endpoints > Create endpoint > AWS services > ${service} (all three: ecs, ecs-agent, ecs-telemetry)`,
            `VPC ${vpcIdOrPlaceholder(context)}; subnet ${subnet.subnetId}; keep "Enable DNS name" on`,
            `Security group allowing TCP 443 from ${instance.securityGroupIds.join(', ') || 'the instance security groups'}`,
          ],
          [serviceNameCli],
          // Never automatic: see the header (the agent placed this task, so a path existed).
          false
        ),
        service,
        cause: host.agentConnected === false && explainsStopReason(context, { services: [service], egress: true }),
      });
    });
    return failWith(findings, "the EC2 host's ECS agent has no path to ECS", 'the host reaches ECS');
  },
};

export { ecsAgentEndpointsPresent };
