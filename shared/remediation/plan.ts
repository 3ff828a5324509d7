/**
 * Findings -> the changes ecs-netfix may make itself. Pure. Only findings whose fix is marked
 * automatic become actions; everything else (NAT routes, IAM, a user's security group or NACL,
 * public IPs, DNS attributes, public registries) stays with a person, with the exact fix.
 */
import { createHash } from 'node:crypto';
import { ENDPOINT_SECURITY_GROUP_NAME, MANAGED_BY_TAG, endpointServiceName } from '../aws-names.js';
import { endpointSubnetPerAz, fullAzs, serviceOfferedIn } from '../diagnosis/context.js';
import { routeTableForSubnet } from '../diagnosis/net/route-table-for-subnet.js';
import { privateZoneAnswer, serviceHostname } from '../diagnosis/net/service-dns.js';
import { type AutomaticFixKind, FINDING_META, FIX_PRIORITY } from '../diagnosis/checks/finding-meta.js';
import type { Finding } from '../diagnosis/finding.js';
import { type EndpointService, type Snapshot, type SubnetFacts, subnetsInVpc, vpcIdOf } from '../model/snapshot.js';
import type { Action, CreateInterfaceEndpointAction } from './action.js';
import { monthlyEndpointCost } from './cost.js';

interface RemediationPlan {
  actions: Action[];
  /** Actions the guardrails held back (e.g. over MAX_ENDPOINTS_PER_RUN). */
  skipped: { action: Action; reason: string }[];
  /** Problems only a person can fix. */
  manual: Finding[];
  /**
   * The findings as planned, in their order: a fix the plan leaves to a person is no longer marked
   * automatic, so the alert does not promise it. Report and alert these, not the diagnosis's.
   */
  findings: Finding[];
}

interface PlanOptions {
  region: string;
  maxEndpointsPerRun: number;
  /**
   * ALLOW_USER_ENDPOINT_CHANGES. Off (the default): a route table missing from an S3 gateway
   * endpoint ecs-netfix did not create is a manual fix with its command, and the stack grants no
   * ModifyVpcEndpoint on such endpoints.
   */
  allowUserEndpointChanges?: boolean;
  /** Why the cap is lower than MAX_ENDPOINTS_PER_RUN (the VPC's hourly window is partly used). */
  capReason?: string;
}

const USER_ENDPOINT_NOTE =
  'ecs-netfix leaves endpoints it did not create to you (set ALLOW_USER_ENDPOINT_CHANGES / AllowUserEndpointChanges to let it add route tables).';

/**
 * What the IAM policy checks before ModifyVpcEndpoint (aws:ResourceTag/ManagedBy): only that tag.
 * Rollback's ownership rule is stricter (every ownership tag: shared/aws/managed-resources.ts).
 */
function carriesManagedByTag(tags: Record<string, string>): boolean {
  return tags[MANAGED_BY_TAG.key] === MANAGED_BY_TAG.value;
}

/** The same finding, handed to a person: not automatic, and the summary says why. */
function leftToPerson(finding: Finding, note: string): Finding {
  return { ...finding, fix: { ...finding.fix, automatic: false, summary: `${finding.fix.summary} ${note}` } };
}

function actionId(...parts: string[]): string {
  return createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 16);
}

function taskRouteTableIds(snapshot: Snapshot, vpcId: string): string[] {
  const ids = subnetsInVpc(snapshot)
    .map((subnet) => routeTableForSubnet(snapshot, subnet.subnetId, vpcId)?.routeTableId)
    .filter((id): id is string => id !== undefined);
  return [...new Set(ids)];
}

function endpointIdOf(finding: Finding): string | null {
  return finding.resources.find((resource) => resource.startsWith('vpce-')) ?? null;
}

/** The group ecs-netfix made for this VPC: its name and its tag (a user's namesake is not ours). */
function existingEndpointSecurityGroup(snapshot: Snapshot, vpcId: string): string | null {
  return (
    snapshot.securityGroups.find(
      (group) => group.vpcId === vpcId && group.groupName === ENDPOINT_SECURITY_GROUP_NAME && carriesManagedByTag(group.tags)
    )?.groupId ?? null
  );
}

/** What an action builder sees: the snapshot and what planRemediation worked out once. */
interface BuildScope {
  snapshot: Snapshot;
  vpcId: string;
  options: PlanOptions;
  /** One subnet with free addresses per AZ the tasks use. */
  endpointSubnets: SubnetFacts[];
  /** Endpoint service names AWS returned (they win over built ones). */
  knownNames: string[];
}

/** An action; or why a person must make the change; or null: nothing left to do. */
type Built = { action: Action } | { handedOver: string } | null;

type ActionBuilder = (finding: Finding, scope: BuildScope) => Built;

const NO_FREE_ADDRESS_NOTE = 'No task subnet has a free address for the endpoint (see SUBNET_NO_FREE_IPS).';
const NO_BUILDER_NOTE = 'ecs-netfix has no automatic fix for this finding.';

function buildInterfaceEndpoint(finding: Finding, scope: BuildScope): Built {
  const service = FINDING_META[finding.code].service;
  if (service === undefined) return { handedOver: NO_BUILDER_NOTE };
  const { vpcId, options, endpointSubnets } = scope;
  if (endpointSubnets.length === 0) return { handedOver: NO_FREE_ADDRESS_NOTE };
  const subnetIds = endpointSubnets.map((subnet) => subnet.subnetId);
  const availabilityZones = endpointSubnets.map((subnet) => subnet.availabilityZone);
  return {
    action: {
      kind: 'create-interface-endpoint',
      id: actionId('interface', vpcId, service),
      vpcId,
      service,
      serviceName: endpointServiceName(options.region, service, scope.knownNames),
      subnetIds,
      availabilityZones,
      securityGroupId: existingEndpointSecurityGroup(scope.snapshot, vpcId),
      privateDnsEnabled: true,
      fixes: [finding.code],
      monthlyCostUsd: monthlyEndpointCost(options.region, subnetIds.length),
      description: `Create the ${service} interface endpoint in ${subnetIds.join(', ')} with private DNS`,
    },
  };
}

function buildGatewayEndpoint(finding: Finding, scope: BuildScope): Built {
  const routeTableIds = taskRouteTableIds(scope.snapshot, scope.vpcId);
  return {
    action: {
      kind: 'create-gateway-endpoint',
      id: actionId('gateway', scope.vpcId, 's3'),
      vpcId: scope.vpcId,
      service: 's3',
      serviceName: endpointServiceName(scope.options.region, 's3', scope.knownNames),
      routeTableIds,
      fixes: [finding.code],
      monthlyCostUsd: 0,
      description: `Create the S3 gateway endpoint on ${routeTableIds.join(', ')}`,
    },
  };
}

function buildGatewayRoutes(finding: Finding, scope: BuildScope): Built {
  const endpointId = endpointIdOf(finding);
  const endpoint = scope.snapshot.endpoints.find((candidate) => candidate.vpcEndpointId === endpointId);
  if (endpoint === undefined) return null;
  // The check already left out tables that carry any S3 gateway's route (one per table).
  const missing = finding.resources.filter((resource) => resource.startsWith('rtb-'));
  if (missing.length === 0) return null;
  // Someone else's endpoint: changing it is an opt-in (and the IAM policy follows the same switch).
  if (!carriesManagedByTag(endpoint.tags) && scope.options.allowUserEndpointChanges !== true) {
    return { handedOver: USER_ENDPOINT_NOTE };
  }
  return {
    action: {
      kind: 'add-route-tables-to-gateway-endpoint',
      id: actionId('routes', endpoint.vpcEndpointId, ...missing),
      vpcId: scope.vpcId,
      vpcEndpointId: endpoint.vpcEndpointId,
      routeTableIds: missing,
      fixes: [finding.code],
      monthlyCostUsd: 0,
      description: `Add ${missing.join(', ')} to the S3 gateway endpoint ${endpoint.vpcEndpointId}`,
    },
  };
}

function buildEndpointSubnets(finding: Finding, scope: BuildScope): Built {
  const { snapshot } = scope;
  const endpointId = endpointIdOf(finding);
  const endpoint = snapshot.endpoints.find((candidate) => candidate.vpcEndpointId === endpointId);
  if (endpoint === undefined || endpoint.service === null) return null;
  const coveredAzs = new Set(
    snapshot.subnets.filter((subnet) => endpoint.subnetIds.includes(subnet.subnetId)).map((subnet) => subnet.availabilityZone)
  );
  const additions = scope.endpointSubnets
    .filter((subnet) => !coveredAzs.has(subnet.availabilityZone) && !endpoint.subnetIds.includes(subnet.subnetId))
    // EC2 refuses a subnet in an AZ the service is not offered in (and the whole change with it).
    .filter((subnet) => serviceOfferedIn(snapshot, endpoint.serviceName, subnet.availabilityZone))
    .map((subnet) => subnet.subnetId);
  if (additions.length === 0) {
    const fullUncovered = fullAzs(subnetsInVpc(snapshot)).some((az) => !coveredAzs.has(az.availabilityZone));
    // The uncovered AZ's subnets are all full: nothing to add until addresses are freed.
    return fullUncovered ? { handedOver: 'No subnet of the missing AZ has a free address (see SUBNET_NO_FREE_IPS).' } : null;
  }
  return {
    action: {
      kind: 'add-subnets-to-interface-endpoint',
      id: actionId('subnets', endpoint.vpcEndpointId, ...additions),
      vpcId: scope.vpcId,
      vpcEndpointId: endpoint.vpcEndpointId,
      service: endpoint.service,
      subnetIds: additions,
      fixes: [finding.code],
      monthlyCostUsd: monthlyEndpointCost(scope.options.region, additions.length),
      description: `Add ${additions.join(', ')} to the ${endpoint.service} endpoint ${endpoint.vpcEndpointId}`,
    },
  };
}

/** One builder per automatic fix kind: a kind FINDING_META names without a builder does not compile. */
const ACTION_BUILDERS: Readonly<Record<AutomaticFixKind, ActionBuilder>> = {
  'create-interface-endpoint': buildInterfaceEndpoint,
  'create-gateway-endpoint': buildGatewayEndpoint,
  'add-route-tables-to-gateway-endpoint': buildGatewayRoutes,
  'add-subnets-to-interface-endpoint': buildEndpointSubnets,
};

/** A finding marked automatic whose code ecs-netfix cannot fix goes to a person, never nowhere. */
function buildAction(finding: Finding, scope: BuildScope): Built {
  const fix = FINDING_META[finding.code].fix;
  if (fix.by !== 'ecs-netfix') return { handedOver: NO_BUILDER_NOTE };
  return ACTION_BUILDERS[fix.action](finding, scope);
}

function planRemediation(findings: Finding[], snapshot: Snapshot, options: PlanOptions): RemediationPlan {
  const vpcId = vpcIdOf(snapshot);
  const automatic = findings.filter((finding) => finding.fix.automatic);
  const manual = findings.filter((finding) => !finding.fix.automatic && finding.severity !== 'info');
  if (vpcId === null || automatic.length === 0) return { actions: [], skipped: [], manual, findings };
  const { candidates, handedOver, demoted } = candidateActions(automatic, buildScope(snapshot, vpcId, options));
  manual.push(...handedOver);
  const { actions, skipped } = applyGuardrails(orderedByPriority(candidates), snapshot, options);
  return {
    actions: withEndpointSecurityGroup(actions, snapshot, vpcId),
    skipped,
    manual,
    findings: findings.map((finding) => demoted.get(finding) ?? finding),
  };
}

/** What every action builder needs, worked out once per plan. */
function buildScope(snapshot: Snapshot, vpcId: string, options: PlanOptions): BuildScope {
  // A full AZ is left out (SUBNET_NO_FREE_IPS names it): EC2 would refuse the whole create.
  const endpointSubnets = endpointSubnetPerAz(subnetsInVpc(snapshot));
  // Names AWS returned win over built ones (aws-cn prefixes some services with `cn.`).
  const knownNames = [
    ...snapshot.endpoints.map((endpoint) => endpoint.serviceName),
    ...(snapshot.endpointServiceZones ?? []).map((entry) => entry.serviceName),
  ];
  return { snapshot, vpcId, options, endpointSubnets, knownNames };
}

/**
 * The action each automatic finding asks for. A finding a person must fix instead comes back in
 * its manual form (`handedOver`, in finding order), and `demoted` maps it to that form.
 */
function candidateActions(
  automatic: Finding[],
  scope: BuildScope
): { candidates: Action[]; handedOver: Finding[]; demoted: Map<Finding, Finding> } {
  const candidates: Action[] = [];
  const handedOver: Finding[] = [];
  const demoted = new Map<Finding, Finding>();
  for (const finding of automatic) {
    const built = buildAction(finding, scope);
    if (built === null) continue;
    if ('handedOver' in built) {
      const manualForm = leftToPerson(finding, built.handedOver);
      demoted.set(finding, manualForm);
      handedOver.push(manualForm);
      continue;
    }
    candidates.push(built.action);
  }
  return { candidates, handedOver, demoted };
}

/** One action per id (the fixes of its duplicates merged in), most urgent service first. */
function orderedByPriority(candidates: Action[]): Action[] {
  return dedupeById(candidates).sort((left, right) => priorityOf(left) - priorityOf(right));
}

/** Why EC2 would refuse the action's private DNS, or null: it would not. */
function privateDnsRefusal(action: Action, snapshot: Snapshot, privateDnsPossible: boolean): string | null {
  // issue 17: a private hosted zone of the VPC owns the name: EC2 would refuse private DNS.
  const zone = action.kind === 'create-interface-endpoint' ? conflictingZone(snapshot, action.service) : null;
  if (zone !== null && action.kind === 'create-interface-endpoint') {
    return `private hosted zone ${zone} already answers for ${action.service} in this VPC (a centralised endpoint): its private DNS would conflict`;
  }
  if (action.kind === 'create-interface-endpoint' && !privateDnsPossible) {
    return 'private DNS needs the VPC attributes enableDnsSupport and enableDnsHostnames (see VPC_DNS_DISABLED)';
  }
  return null;
}

/** The DNS rules, then the cap on endpoints per run: what they hold back goes to `skipped`. */
function applyGuardrails(
  ordered: Action[],
  snapshot: Snapshot,
  options: PlanOptions
): Pick<RemediationPlan, 'actions' | 'skipped'> {
  const actions: Action[] = [];
  const skipped: RemediationPlan['skipped'] = [];
  let endpointsCreated = 0;
  // EC2 refuses private DNS on an interface endpoint while the VPC's DNS attributes are off.
  const privateDnsPossible = snapshot.vpc?.enableDnsSupport !== false && snapshot.vpc?.enableDnsHostnames !== false;
  for (const action of ordered) {
    const dnsRefusal = privateDnsRefusal(action, snapshot, privateDnsPossible);
    if (dnsRefusal) {
      skipped.push({ action, reason: dnsRefusal });
      continue;
    }
    const createsEndpoint = action.kind === 'create-interface-endpoint' || action.kind === 'create-gateway-endpoint';
    if (createsEndpoint && endpointsCreated >= options.maxEndpointsPerRun) {
      skipped.push({ action, reason: options.capReason ?? `MAX_ENDPOINTS_PER_RUN (${options.maxEndpointsPerRun}) reached` });
      continue;
    }
    if (createsEndpoint) endpointsCreated += 1;
    actions.push(action);
  }
  return { actions, skipped };
}

/** Interface endpoints need the per-VPC endpoint security group: its action goes first. */
function withEndpointSecurityGroup(actions: Action[], snapshot: Snapshot, vpcId: string): Action[] {
  const needsGroup = actions.filter(
    (action): action is CreateInterfaceEndpointAction => action.kind === 'create-interface-endpoint'
  );
  if (needsGroup.length > 0) {
    const taskGroups = snapshot.network.securityGroupIds;
    actions.unshift({
      kind: 'create-endpoint-security-group',
      id: actionId('endpoint-sg', vpcId),
      vpcId,
      allowFromGroupIds: taskGroups ?? [],
      // Unknown task groups (a standalone task): allow the VPC's own ranges instead.
      allowFromCidrs: taskGroups === null ? (snapshot.vpc?.cidrBlocks ?? []) : [],
      fixes: needsGroup.flatMap((action) => action.fixes),
      monthlyCostUsd: 0,
      description: `Use security group ${ENDPOINT_SECURITY_GROUP_NAME} (one per VPC) allowing TCP 443 from the tasks`,
    });
  }
  return actions;
}

/** The private hosted zone that answers the service's name in the VPC, if any. */
function conflictingZone(snapshot: Snapshot, service: EndpointService): string | null {
  const host = serviceHostname(snapshot.region, service, snapshot.accountId);
  if (host === null) return null;
  return privateZoneAnswer(snapshot.privateZones, host)?.zone.hostedZoneId ?? null;
}

function dedupeById(actions: Action[]): Action[] {
  const byId = new Map<string, Action>();
  for (const action of actions) {
    const known = byId.get(action.id);
    if (known) known.fixes = [...new Set([...known.fixes, ...action.fixes])];
    else byId.set(action.id, action);
  }
  return [...byId.values()];
}

function priorityOf(action: Action): number {
  const service = 'service' in action ? action.service : 's3';
  const index = FIX_PRIORITY.indexOf(service);
  return index === -1 ? FIX_PRIORITY.length : index;
}

export { planRemediation };
