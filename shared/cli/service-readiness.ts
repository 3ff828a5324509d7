/**
 * Would a service's next task start? Runs the same inspection and diagnosis as a real failure,
 * for a task that has not failed yet: `check` and `scan` both call `checkServiceReadiness`.
 *
 * The trick is the input: a StoppedTask built from the service (its subnets, task definition),
 * and a neutral `ambiguous_network` classification that names no service. With it every check
 * runs (network-scoped checks run only for network categories), the needs come from the task
 * definition alone, and every broken hop counts, not only one the stop reason would name.
 */
import { vpcIdOf } from '../model/snapshot.js';
import type { AwsClients } from '../aws/clients.js';
import type { ListedService } from '../aws/ecs-list.js';
import type { Classification } from '../classify/classification.js';
import { diagnose } from '../diagnosis/diagnose.js';
import type { Finding, Severity } from '../diagnosis/finding.js';
import { deriveTaskRequirements } from '../diagnosis/requirements.js';
import { gatherSnapshot } from '../inspect/gather.js';
import type { PermissionChecker } from '../model/permissions.js';
import type { StoppedTask } from '../intake/request.js';

type ReadinessStatus = 'ready' | 'would-fail' | 'not-found';

interface ServiceReadiness {
  cluster: string;
  service: string;
  status: ReadinessStatus;
  /** The worst finding's severity; null when nothing worth showing was found. */
  worstSeverity: Severity | null;
  taskDefinitionArn: string | null;
  vpcId: string | null;
  subnetIds: string[];
  /** Services the task definition needs a path to (`ecr.api`, `logs`, ...). */
  needs: string[];
  /** True when something needs the internet (public images, another region). */
  needsInternet: boolean;
  /** Worst first; info findings included, never one about a stop reason (there is none). */
  findings: Finding[];
  unknowns: string[];
}

/** Names no service and no evidence: "something on the network path", so every need is checked. */
const NEUTRAL_CLASSIFICATION: Classification = {
  category: 'ambiguous_network',
  service: null,
  evidence: { patterns: [], family: null, hosts: [], ip: null, ipScope: null, region: null, text: '' },
  endpointFixable: false,
};

function lastPathPart(arn: string): string {
  return arn.split('/').at(-1) ?? arn;
}

function launchTypeOf(service: ListedService): StoppedTask['launchType'] {
  const type = service.launchType;
  if (type === 'FARGATE' || type === 'EC2' || type === 'EXTERNAL') return type;
  return service.capacityProviders.some((provider) => provider.startsWith('FARGATE')) ? 'FARGATE' : null;
}

/** The service's next task, as a StoppedTask that has not stopped (no reason, no stop code). */
function plannedTaskOf(service: ListedService, fallback: { region: string; clusterArn: string }): StoppedTask {
  const serviceName = service.serviceName;
  const serviceArn = service.serviceArn ?? '';
  const region = serviceArn.split(':')[3] || fallback.region;
  const accountId = serviceArn.split(':')[4] || null;
  const clusterArn = service.clusterArn ?? fallback.clusterArn;
  const clusterName = lastPathPart(clusterArn);
  const subnets = service.subnetIds;
  const taskId = `next-task-of-${serviceName}`;
  return {
    region,
    accountId,
    clusterArn,
    clusterName,
    taskArn: `arn:aws:ecs:${region}:${accountId ?? '000000000000'}:task/${clusterName}/${taskId}`,
    taskId,
    taskDefinitionArn: service.taskDefinitionArn,
    group: `service:${serviceName}`,
    serviceName,
    launchType: launchTypeOf(service),
    platformVersion: service.platformVersion,
    availabilityZone: null,
    subnetId: subnets[0] ?? null,
    privateIp: null,
    stopCode: null,
    stoppedReason: null,
    containerReasons: [],
    stoppedAt: null,
    eventId: null,
  };
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function worstSeverityOf(findings: readonly Finding[]): Severity | null {
  const shown = findings.filter((finding) => finding.code !== 'NO_PROBLEM_FOUND');
  if (shown.length === 0) return null;
  return shown.reduce<Severity>(
    (worst, finding) => (SEVERITY_RANK[finding.severity] < SEVERITY_RANK[worst] ? finding.severity : worst),
    'info'
  );
}

interface ReadinessOptions {
  permissions: PermissionChecker;
  region: string;
  clusterArn: string;
  signal?: AbortSignal;
}

async function checkServiceReadiness(
  clients: AwsClients,
  service: ListedService,
  options: ReadinessOptions
): Promise<ServiceReadiness> {
  const task = plannedTaskOf(service, options);
  const snapshot = await gatherSnapshot(clients, task, { permissions: options.permissions, signal: options.signal });
  const diagnosis = diagnose({ classification: NEUTRAL_CLASSIFICATION, snapshot, task });
  const findings = readinessFindings(diagnosis.findings);
  const requirements = deriveTaskRequirements({
    region: snapshot.region,
    taskDefinition: snapshot.taskDefinition,
    classification: null,
  });
  const worstSeverity = worstSeverityOf(findings);
  return {
    cluster: task.clusterName,
    service: task.serviceName ?? task.taskId,
    status: worstSeverity === 'error' ? 'would-fail' : 'ready',
    worstSeverity,
    taskDefinitionArn: task.taskDefinitionArn,
    vpcId: vpcIdOf(snapshot),
    subnetIds: snapshot.network.subnetIds,
    needs: requirements.services.map((need) => need.service),
    needsInternet: requirements.egress.needed,
    findings,
    unknowns: [...snapshot.unknowns, ...diagnosis.unknowns, ...permissionUnknowns(snapshot.permissions)],
  };
}

/**
 * The findings about a task that has not failed: none may speak of its stop reason. The
 * NO_PROBLEM_FOUND summary ("the stop reason is a network failure, but ...") is dropped, and no
 * finding is the `cause` of a failure that never happened.
 */
function readinessFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((finding) => finding.code !== 'NO_PROBLEM_FOUND').map((finding) => ({ ...finding, cause: false }));
}

/** Say when the execution role was not checked, so "ready" is not read as "IAM is fine". */
function permissionUnknowns(permissions: { evaluated: boolean; note: string | null }): string[] {
  return !permissions.evaluated && permissions.note ? [permissions.note] : [];
}

/** A service ECS could not describe (missing, draining, inactive): it will not start tasks. */
function missingServiceReadiness(cluster: string, service: string, reason: string): ServiceReadiness {
  return {
    cluster: lastPathPart(cluster),
    service: lastPathPart(service),
    status: 'not-found',
    worstSeverity: 'error',
    taskDefinitionArn: null,
    vpcId: null,
    subnetIds: [],
    needs: [],
    needsInternet: false,
    findings: [],
    unknowns: [`ECS could not describe the service: ${reason}`],
  };
}

/** At risk first (errors, then warnings), then ready ones; by cluster and name within a rank. */
function sortByRisk(results: readonly ServiceReadiness[]): ServiceReadiness[] {
  const rank = (result: ServiceReadiness) => (result.worstSeverity === null ? 3 : SEVERITY_RANK[result.worstSeverity]);
  return [...results].sort(
    (a, b) => rank(a) - rank(b) || a.cluster.localeCompare(b.cluster) || a.service.localeCompare(b.service)
  );
}

export { checkServiceReadiness, missingServiceReadiness, plannedTaskOf, sortByRisk, worstSeverityOf };
export type { ServiceReadiness };
