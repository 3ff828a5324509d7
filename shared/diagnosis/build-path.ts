/**
 * The hop-by-hop path from the failed task's subnet to what it needs, for people to read:
 * subnet, route table, NAT/IGW, each needed endpoint, security groups, NACL, DNS, IAM.
 * Each hop lists the finding codes that explain why it is broken.
 */
import type { EndpointService } from '../model/snapshot.js';
import type { DiagnosisContext } from './context.js';
import type { Finding, FindingCode } from './finding.js';
import type { HopKind, HopStatus, PathHop } from './path.js';
import { naclForSubnet } from './net/nacl-allows.js';
import { routeTableForSubnet } from './net/route-table-for-subnet.js';
import { SERVICE_ORDER } from './requirements.js';
import { dependsOnEgress } from './checks/support.js';
import { FINDING_META } from './checks/finding-meta.js';

/** The hop a code belongs to (FINDING_META); codes with no hop (summary findings) are not attached. */
function hopOf(code: FindingCode): HopKind | null {
  return FINDING_META[code].hop;
}

const HOP_ORDER: readonly HopKind[] = [
  'subnet',
  'route-table',
  'nat-gateway',
  'internet-gateway',
  'endpoint',
  'security-group',
  'network-acl',
  'dns',
  'iam',
];

/** Position of a finding along the path, for sorting: summary codes first and last. */
function pathOrderOf(finding: Finding): number {
  if (finding.code === 'NOT_A_NETWORK_PROBLEM') return -1;
  const hop = hopOf(finding.code);
  if (hop === null) return HOP_ORDER.length + 1;
  const serviceIndex = SERVICE_ORDER.indexOf((finding.service ?? '') as EndpointService);
  const withinHop = hop === 'endpoint' && serviceIndex >= 0 ? serviceIndex / 100 : 0;
  return HOP_ORDER.indexOf(hop) + withinHop;
}

function hopFindings(findings: Finding[], kind: HopKind, service?: EndpointService): Finding[] {
  return findings.filter((finding) => hopOf(finding.code) === kind && (service === undefined || finding.service === service));
}

/** Broken when an error explains it, warning for a warning; info findings leave it as it was. */
function statusFrom(findings: Finding[], fallback: HopStatus): HopStatus {
  if (findings.some((finding) => finding.severity === 'error')) return 'broken';
  if (findings.some((finding) => finding.severity === 'warning')) return 'warning';
  return fallback;
}

function hop(kind: HopKind, label: string, findings: Finding[], fallback: HopStatus, detail: string): PathHop {
  const codes = [...new Set(findings.map((finding) => finding.code))];
  return { kind, label, status: statusFrom(findings, fallback), detail, findings: codes };
}

function routeHops(context: DiagnosisContext, findings: Finding[], subnetId: string): PathHop[] {
  const hops: PathHop[] = [];
  const table = routeTableForSubnet(context.snapshot, subnetId, context.vpcId);
  const egress = context.egressPaths.find((path) => path.subnetId === subnetId);
  // A broken NAT only breaks the task when something relies on it.
  const egressNeeded = dependsOnEgress(context);
  const tableFindings = hopFindings(findings, 'route-table');
  if (table === null) {
    hops.push(hop('route-table', 'route table (unknown)', tableFindings, 'unknown', `no route table known for ${subnetId}`));
    return hops;
  }
  const association = table.subnetIds.includes(subnetId) ? 'explicit' : 'main';
  const egressDetail = egress?.detail ?? 'no default route';
  hops.push(
    hop(
      'route-table',
      `${table.routeTableId} (${association})`,
      tableFindings,
      egress?.status === 'unknown' ? 'unknown' : 'ok',
      egressDetail
    )
  );
  if (egress?.via === 'nat-gateway') {
    const natFindings = hopFindings(findings, 'nat-gateway');
    const fallback: HopStatus = egress.status === 'ok' ? 'ok' : egressNeeded ? 'broken' : 'warning';
    hops.push(hop('nat-gateway', `${egress.targetId ?? 'NAT gateway'}`, natFindings, fallback, egress.detail));
  } else if (egress?.via === 'internet-gateway') {
    const fallback: HopStatus = egress.status === 'ok' ? 'ok' : egress.status === 'unknown' ? 'unknown' : 'warning';
    hops.push(hop('internet-gateway', `${egress.targetId ?? 'internet gateway'}`, [], fallback, egress.detail));
  }
  return hops;
}

function endpointHops(context: DiagnosisContext, findings: Finding[]): PathHop[] {
  return context.routes.map((route) => {
    const service = route.need.service;
    const related = hopFindings(findings, 'endpoint', service);
    const kind = route.need.endpointType === 'Gateway' ? 'gateway endpoint' : 'endpoint';
    const label = `${service} ${route.endpoint === null ? `(no ${kind})` : `${kind} ${route.endpoint.vpcEndpointId}`}`;
    const neededFor = [...route.need.reasons];
    if (route.need.reportOnly) {
      return { ...hop('endpoint', label, related, 'unknown', 'mount targets are not checked'), neededFor };
    }
    if (route.via === 'shared-endpoint' && route.shared !== null) {
      const shared = route.shared;
      return {
        ...hop(
          'endpoint',
          `${service} shared endpoint (private zone ${shared.hostedZoneId})`,
          related,
          related.some((finding) => finding.severity === 'error') ? 'broken' : 'warning',
          `${shared.host} resolves through private hosted zone ${shared.hostedZoneId} to ${shared.target}`
        ),
        neededFor,
      };
    }
    const detail =
      route.via === 'endpoint'
        ? 'reached through the endpoint'
        : route.via === 'egress'
          ? 'reached through NAT/internet'
          : 'no path';
    return { ...hop('endpoint', label, related, route.via === 'none' ? 'broken' : 'ok', detail), neededFor };
  });
}

function filterHops(context: DiagnosisContext, findings: Finding[], subnetId: string | null): PathHop[] {
  const groupIds = context.snapshot.network.securityGroupIds;
  const sgLabel = groupIds === null ? 'task security groups (unknown)' : groupIds.join(', ') || 'no security groups';
  // "into the endpoints" only where there are endpoints to go into.
  const hasInterfaceEndpoints = context.snapshot.endpoints.some((endpoint) => endpoint.type === 'Interface');
  const sgDetail = hasInterfaceEndpoints ? 'HTTPS out of the task and into the endpoints' : 'HTTPS out of the task';
  const hops = [
    hop('security-group', sgLabel, hopFindings(findings, 'security-group'), groupIds === null ? 'unknown' : 'ok', sgDetail),
  ];
  const acl = subnetId === null ? null : naclForSubnet(context.snapshot, subnetId, context.vpcId);
  hops.push(
    hop(
      'network-acl',
      acl?.networkAclId ?? 'network ACL (unknown)',
      hopFindings(findings, 'network-acl'),
      acl === null ? 'unknown' : 'ok',
      'TCP 443 out and 1024-65535 back, both subnets'
    )
  );
  return hops;
}

function dnsHop(context: DiagnosisContext, findings: Finding[]): PathHop {
  const vpc = context.snapshot.vpc;
  if (vpc === null) return hop('dns', 'VPC DNS (unknown)', hopFindings(findings, 'dns'), 'unknown', 'the VPC was not described');
  const servers = vpc.domainNameServers.length > 0 ? vpc.domainNameServers.join(', ') : 'AmazonProvidedDNS';
  const detail = `enableDnsSupport=${String(vpc.enableDnsSupport)}, enableDnsHostnames=${String(vpc.enableDnsHostnames)}, servers ${servers}`;
  return hop('dns', `${vpc.vpcId} DNS`, hopFindings(findings, 'dns'), 'ok', detail);
}

function iamHop(context: DiagnosisContext, findings: Finding[]): PathHop {
  const roleArn = context.snapshot.taskDefinition?.executionRoleArn ?? context.snapshot.permissions.roleArn;
  const permissions = context.snapshot.permissions;
  const fallback: HopStatus =
    !context.requirements.executionRoleNeeded && roleArn === null ? 'not-needed' : permissions.evaluated ? 'ok' : 'unknown';
  const detail = permissions.evaluated
    ? `${permissions.results.length} permission(s) simulated`
    : `permissions not evaluated${permissions.note === null ? '' : `: ${permissions.note}`}`;
  return hop('iam', roleArn ?? 'execution role (none)', hopFindings(findings, 'iam'), fallback, detail);
}

/** Builds the path of the failed task's subnet (the first task subnet). */
function buildPath(context: DiagnosisContext, findings: Finding[]): PathHop[] {
  const subnet = context.taskSubnets[0] ?? null;
  const subnetId = subnet?.subnetId ?? context.task.subnetId;
  const subnetHop: PathHop =
    subnet === null
      ? {
          kind: 'subnet',
          label: subnetId ?? 'subnet (unknown)',
          status: 'unknown',
          detail: 'the subnet was not described',
          findings: [],
        }
      : {
          kind: 'subnet',
          label: `${subnet.subnetId} (${subnet.availabilityZone})`,
          status: 'ok',
          detail: `${subnet.cidrBlock} in ${subnet.vpcId}`,
          findings: [],
        };
  return [
    subnetHop,
    ...(subnetId === null ? [] : routeHops(context, findings, subnetId)),
    ...endpointHops(context, findings),
    ...filterHops(context, findings, subnetId),
    dnsHop(context, findings),
    iamHop(context, findings),
  ];
}

export { buildPath, pathOrderOf };
