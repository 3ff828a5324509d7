/**
 * Turns an ECS task definition into the facts the diagnosis needs: which registries, log groups,
 * secrets and files the task reaches at start-up. Pure: it reads only the definition.
 */
import type { ImageRef, SecretRef, TaskDefinitionFacts } from './snapshot.js';

/** The parts of `ecs:DescribeTaskDefinition`'s `taskDefinition` we read (the SDK type fits). */
interface TaskDefinitionInput {
  taskDefinitionArn?: string;
  family?: string;
  revision?: number;
  executionRoleArn?: string;
  networkMode?: string;
  containerDefinitions?: ContainerDefinitionInput[];
  volumes?: { name?: string; efsVolumeConfiguration?: { fileSystemId?: string } }[];
}

interface ContainerDefinitionInput {
  name?: string;
  image?: string;
  logConfiguration?: {
    logDriver?: string;
    options?: Record<string, string>;
    secretOptions?: { name?: string; valueFrom?: string }[];
  };
  secrets?: { name?: string; valueFrom?: string }[];
  environmentFiles?: { value?: string; type?: string }[];
}

/** `<account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]`: the private ECR registry host. */
const ECR_HOST = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;

/** Splits an image reference the way Docker does: a first part with `.`/`:` or `localhost` is a host. */
function parseImage(container: string, image: string): ImageRef {
  const slash = image.indexOf('/');
  const firstPart = slash === -1 ? '' : image.slice(0, slash);
  const hasHost = firstPart !== '' && (/[.:]/.test(firstPart) || firstPart === 'localhost');
  const registryHost = hasHost ? firstPart.toLowerCase() : 'docker.io';
  const path = hasHost ? image.slice(slash + 1) : image;
  const repository = stripTagAndDigest(path);
  const ecr = ECR_HOST.exec(registryHost);
  return {
    container,
    image,
    registryKind: ecr ? 'ecr' : 'public',
    registryHost,
    ecrRegion: ecr?.[2] ?? null,
    ecrAccountId: ecr?.[1] ?? null,
    repository,
  };
}

function stripTagAndDigest(path: string): string {
  const withoutDigest = path.split('@')[0] ?? path;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  return colon === -1 ? withoutDigest : withoutDigest.slice(0, colon);
}

/**
 * ECS accepts a Secrets Manager ARN, an SSM parameter ARN, or a bare parameter name (same region).
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar.html
 */
function parseSecret(container: string, name: string, valueFrom: string, taskRegion: string): SecretRef {
  const arn = /^arn:aws[a-z-]*:(secretsmanager|ssm):([a-z0-9-]+):/.exec(valueFrom);
  if (arn) {
    return {
      container,
      name,
      valueFrom,
      source: arn[1] === 'secretsmanager' ? 'secretsmanager' : 'ssm',
      region: arn[2] ?? taskRegion,
    };
  }
  return { container, name, valueFrom, source: 'ssm', region: taskRegion };
}

function parseTaskDefinition(input: TaskDefinitionInput, taskRegion: string): TaskDefinitionFacts {
  const containers = input.containerDefinitions ?? [];
  const images: ImageRef[] = [];
  const awsLogs: TaskDefinitionFacts['awsLogs'] = [];
  const secrets: SecretRef[] = [];
  const environmentFiles: string[] = [];
  for (const container of containers) {
    const name = container.name ?? '';
    if (container.image) images.push(parseImage(name, container.image));
    const log = container.logConfiguration;
    if (log?.logDriver === 'awslogs') {
      awsLogs.push({
        container: name,
        group: log.options?.['awslogs-group'] ?? null,
        region: log.options?.['awslogs-region'] ?? null,
      });
    }
    // Log driver secrets (e.g. a Splunk token) are fetched at start-up exactly like env secrets.
    for (const secret of [...(container.secrets ?? []), ...(log?.secretOptions ?? [])]) {
      if (secret.valueFrom) {
        secrets.push(parseSecret(name, secret.name ?? '', secret.valueFrom, taskRegion));
      }
    }
    for (const file of container.environmentFiles ?? []) {
      if (file.value) environmentFiles.push(file.value);
    }
  }
  return {
    arn: input.taskDefinitionArn ?? '',
    family: input.family ?? '',
    revision: input.revision ?? null,
    executionRoleArn: input.executionRoleArn ?? null,
    networkMode: input.networkMode ?? null,
    images,
    awsLogs,
    secrets,
    environmentFiles,
    usesEfs: (input.volumes ?? []).some((volume) => volume.efsVolumeConfiguration !== undefined),
    efsFileSystemIds: [
      ...new Set(
        (input.volumes ?? [])
          .map((volume) => volume.efsVolumeConfiguration?.fileSystemId)
          .filter((id): id is string => id !== undefined && id !== '')
      ),
    ],
  };
}

export { parseImage, parseSecret, parseTaskDefinition };
export type { TaskDefinitionInput };
