/**
 * What a task needs a network path to, derived from its task definition (or, when that is
 * unknown, from what the stop reason names). Shared by the diagnosis, the planner and the CLI.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html
 */
import type { Classification } from '../classify/classification.js';
import type { EndpointService, ImageRef, TaskDefinitionFacts } from '../model/snapshot.js';

/** One AWS service the task needs, and why. */
interface ServiceNeed {
  service: EndpointService;
  /** S3 is reached through a gateway endpoint; every other service through an interface one. */
  endpointType: 'Interface' | 'Gateway';
  /** Plain words, e.g. `image 123.dkr.ecr.eu-west-1.amazonaws.com/app (container web)`. */
  reasons: string[];
  /** True for needs we show but never fix with an endpoint (EFS mounts use mount targets). */
  reportOnly: boolean;
}

interface EgressNeed {
  needed: boolean;
  reasons: string[];
}

interface TaskRequirements {
  /** In the order a task meets them while starting: auth, manifest, layers, secrets, logs. */
  services: ServiceNeed[];
  /** Internet egress (NAT or public IP), which no VPC endpoint replaces. */
  egress: EgressNeed;
  publicImages: ImageRef[];
  /** ECR images in another region: this VPC's endpoints do not reach them. */
  crossRegionImages: ImageRef[];
  /** ECR images, secrets or awslogs need the execution role. */
  executionRoleNeeded: boolean;
  /** Where the needs came from. */
  source: 'task-definition' | 'classification';
}

interface RequirementsInput {
  region: string;
  taskDefinition: TaskDefinitionFacts | null;
  classification: Classification | null;
}

const SERVICE_ORDER: readonly EndpointService[] = [
  'ecr.api',
  'ecr.dkr',
  's3',
  'secretsmanager',
  'ssm',
  'kms',
  'logs',
  'sts',
  'elasticfilesystem',
];

/** What the classified stop reason says failed, as an endpoint service (`efs` included). */
function classifiedEndpointService(classification: Classification | null): EndpointService | null {
  if (classification === null) return null;
  const named = classification.service;
  if (named === 'efs' || named === 'elasticfilesystem') return 'elasticfilesystem';
  const known = SERVICE_ORDER.find((service) => service === named);
  if (known !== undefined) return known;
  switch (classification.category) {
    case 'ecr_api_unreachable':
      return 'ecr.api';
    case 'ecr_dkr_unreachable':
      return 'ecr.dkr';
    case 's3_layer_unreachable':
      return 's3';
    case 'secretsmanager_unreachable':
      return 'secretsmanager';
    case 'ssm_unreachable':
      return 'ssm';
    case 'logs_unreachable':
      return 'logs';
    default:
      return null;
  }
}

const ECR_PULL_SERVICES: readonly EndpointService[] = ['ecr.api', 'ecr.dkr', 's3'];

function describeImage(image: ImageRef): string {
  return `image ${image.image} (container ${image.container})`;
}

/** Collects needs into a map keyed by service, keeping every reason. */
function addNeed(needs: Map<EndpointService, ServiceNeed>, service: EndpointService, reason: string): void {
  const existing = needs.get(service);
  if (existing !== undefined) {
    if (!existing.reasons.includes(reason)) existing.reasons.push(reason);
    return;
  }
  needs.set(service, {
    service,
    endpointType: service === 's3' ? 'Gateway' : 'Interface',
    reasons: [reason],
    reportOnly: service === 'elasticfilesystem',
  });
}

function needsFromTaskDefinition(
  taskDefinition: TaskDefinitionFacts,
  region: string,
  needs: Map<EndpointService, ServiceNeed>,
  egressReasons: string[]
): void {
  for (const image of taskDefinition.images) {
    if (image.registryKind === 'public') {
      egressReasons.push(`${describeImage(image)} is in a public registry (${image.registryHost})`);
    } else if (image.ecrRegion !== null && image.ecrRegion !== region) {
      egressReasons.push(`${describeImage(image)} is in ECR of ${image.ecrRegion}, not ${region}`);
    } else {
      for (const service of ECR_PULL_SERVICES) addNeed(needs, service, describeImage(image));
    }
  }
  for (const secret of taskDefinition.secrets) {
    const reason = `secret ${secret.name} from ${secret.source} (container ${secret.container})`;
    if (secret.region !== region) egressReasons.push(`${reason} is in ${secret.region}`);
    else addNeed(needs, secret.source, reason);
  }
  for (const file of taskDefinition.environmentFiles) addNeed(needs, 's3', `environment file ${file}`);
  for (const log of taskDefinition.awsLogs) {
    const reason = `awslogs driver (container ${log.container})`;
    if (log.region !== null && log.region !== region) egressReasons.push(`${reason} writes to ${log.region}`);
    else addNeed(needs, 'logs', reason);
  }
  if (taskDefinition.usesEfs) addNeed(needs, 'elasticfilesystem', 'an EFS volume');
}

function needsFromClassification(
  classification: Classification,
  needs: Map<EndpointService, ServiceNeed>,
  egressReasons: string[]
): void {
  const reason = 'named by the stop reason';
  if (classification.category === 'public_registry_unreachable') {
    egressReasons.push(`the stop reason names a public registry (${classification.service ?? 'unknown'})`);
    return;
  }
  const service = classifiedEndpointService(classification);
  if (service === 'ecr.api' || service === 'ecr.dkr' || service === 's3') {
    // A pull that failed at one step needs the other two next.
    for (const step of ECR_PULL_SERVICES) addNeed(needs, step, step === service ? reason : 'next step of the same image pull');
  } else if (service !== null) {
    addNeed(needs, service, reason);
  }
}

/**
 * Derives the services and egress a task needs. KMS is only added when the stop reason names it:
 * whether a secret uses a customer key cannot be known from the task definition.
 */
function deriveTaskRequirements({ region, taskDefinition, classification }: RequirementsInput): TaskRequirements {
  const needs = new Map<EndpointService, ServiceNeed>();
  const egressReasons: string[] = [];
  if (taskDefinition !== null) {
    needsFromTaskDefinition(taskDefinition, region, needs, egressReasons);
    const named = classifiedEndpointService(classification);
    if (named !== null) addNeed(needs, named, 'named by the stop reason');
    if (classification?.category === 'public_registry_unreachable' && egressReasons.length === 0) {
      egressReasons.push(`the stop reason names a public registry (${classification.service ?? 'unknown'})`);
    }
  } else if (classification !== null) {
    needsFromClassification(classification, needs, egressReasons);
  }
  const images = taskDefinition?.images ?? [];
  const ecrImages = images.filter((image) => image.registryKind === 'ecr');
  const services = [...needs.values()].sort((a, b) => SERVICE_ORDER.indexOf(a.service) - SERVICE_ORDER.indexOf(b.service));
  return {
    services,
    egress: { needed: egressReasons.length > 0, reasons: egressReasons },
    publicImages: images.filter((image) => image.registryKind === 'public'),
    crossRegionImages: ecrImages.filter((image) => image.ecrRegion !== null && image.ecrRegion !== region),
    executionRoleNeeded:
      ecrImages.length > 0 || (taskDefinition?.secrets.length ?? 0) > 0 || (taskDefinition?.awsLogs.length ?? 0) > 0,
    source: taskDefinition !== null ? 'task-definition' : 'classification',
  };
}

/** The needs a VPC endpoint can serve (everything except report-only needs). */
function endpointNeeds(requirements: TaskRequirements): ServiceNeed[] {
  return requirements.services.filter((need) => !need.reportOnly);
}

export { classifiedEndpointService, deriveTaskRequirements, endpointNeeds, SERVICE_ORDER };
export type { ServiceNeed, TaskRequirements };
