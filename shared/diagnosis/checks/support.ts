/** Small helpers the checks share: building findings and picking IDs for fix commands. */
import type { EndpointService, VpcEndpointFacts } from '../../model/snapshot.js';
import type { DiagnosisContext, ServiceRoute } from '../context.js';
import type { Finding, FindingFix } from '../finding.js';
import { ENDPOINT_SECURITY_GROUP_NAME } from '../../aws-names.js';
import { routeTableForSubnet } from '../net/route-table-for-subnet.js';

function makeFinding(finding: Finding): Finding {
  return { ...finding, resources: [...new Set(finding.resources)] };
}

function makeFix(summary: string, console: string[], cli: string[], automatic: boolean): FindingFix {
  return { summary, console, cli, automatic };
}

/** The VPC id for commands, or a placeholder when the VPC is unknown. */
function vpcIdOrPlaceholder(context: DiagnosisContext): string {
  return context.vpcId ?? '<vpc-id>';
}

/** Distinct route tables of the task subnets, in subnet order. */
function taskRouteTableIds(context: DiagnosisContext): string[] {
  const ids = context.taskSubnets
    .map((subnet) => routeTableForSubnet(context.snapshot, subnet.subnetId, context.vpcId)?.routeTableId)
    .filter((id): id is string => id !== undefined);
  return [...new Set(ids)];
}

/**
 * A security group to put on a new endpoint: ecs-netfix's own group when it exists, else the
 * group the VPC's other interface endpoints share; null when there is none yet.
 */
function endpointSecurityGroupHint(context: DiagnosisContext): string | null {
  const own = context.snapshot.securityGroups.find(
    (group) => group.groupName === ENDPOINT_SECURITY_GROUP_NAME && group.vpcId === context.vpcId
  );
  if (own !== undefined) return own.groupId;
  const used = context.snapshot.endpoints.find(
    (endpoint) => endpoint.type === 'Interface' && endpoint.securityGroupIds.length > 0
  );
  return used?.securityGroupIds[0] ?? null;
}

function routeFor(context: DiagnosisContext, service: EndpointService): ServiceRoute | null {
  return context.routes.find((route) => route.need.service === service) ?? null;
}

/** True when the task leans on NAT/IGW: it needs the internet, or a service has no endpoint path. */
function dependsOnEgress(context: DiagnosisContext): boolean {
  return (
    context.requirements.egress.needed ||
    context.routes.some((route) => !route.need.reportOnly && (route.via === 'egress' || route.via === 'none'))
  );
}

/** Interface routes whose endpoint exists (any state), for checks about existing endpoints. */
function interfaceRoutesWithEndpoint(context: DiagnosisContext): (ServiceRoute & { endpoint: VpcEndpointFacts })[] {
  return context.routes.filter(
    (route): route is ServiceRoute & { endpoint: VpcEndpointFacts } =>
      !route.need.reportOnly && route.endpoint !== null && route.endpoint.type === 'Interface'
  );
}

function listWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

export {
  dependsOnEgress,
  endpointSecurityGroupHint,
  interfaceRoutesWithEndpoint,
  listWords,
  makeFinding,
  makeFix,
  routeFor,
  taskRouteTableIds,
  vpcIdOrPlaceholder,
};
