/** The result of classifying a stop reason: what failed, where it points, and why we think so. */

const CATEGORIES = [
  'ecr_api_unreachable',
  'ecr_dkr_unreachable',
  's3_layer_unreachable',
  'secretsmanager_unreachable',
  'ssm_unreachable',
  'logs_unreachable',
  'dns_resolution_failed',
  'public_registry_unreachable',
  'efs_mount_failed',
  'ambiguous_network',
  'iam_permission_denied',
  'image_not_found',
  'registry_auth_failed',
  'rate_limited',
  'disk_or_host_problem',
  'other_not_network',
] as const;

type Category = (typeof CATEGORIES)[number];

/** Categories that describe a network path problem (creating an endpoint may or may not help). */
const NETWORK_CATEGORIES: ReadonlySet<Category> = new Set<Category>([
  'ecr_api_unreachable',
  'ecr_dkr_unreachable',
  's3_layer_unreachable',
  'secretsmanager_unreachable',
  'ssm_unreachable',
  'logs_unreachable',
  'dns_resolution_failed',
  'public_registry_unreachable',
  // The EFS mount target did not resolve or answer (DNS, port 2049, mount target per AZ): network,
  // but never a VPC-endpoint fix (EFS mounts go to mount targets, not to an interface endpoint).
  'efs_mount_failed',
  'ambiguous_network',
]);

type IpScope = 'private' | 'public';

/** Who owns a public address per AWS's published ranges: S3 (with its region), other AWS, or not AWS. */
type IpOwner = 's3' | 'aws' | 'not-aws';

interface ClassificationEvidence {
  /** Ids of the table rows that matched, most specific first (e.g. `ecr-auth-timeout`). */
  patterns: string[];
  /** The error family prefix, e.g. `CannotPullContainerError`, `ResourceInitializationError`. */
  family: string | null;
  /** Host names found in the text (registry, endpoint or bucket hosts). */
  hosts: string[];
  /** The address in `dial tcp A.B.C.D:443`, when there is one. */
  ip: string | null;
  /** `private` means the name already resolves inside the VPC: a path block, not a missing endpoint. */
  ipScope: IpScope | null;
  /** Region named in a host (e.g. `api.ecr.eu-west-1.amazonaws.com`), when there is one. */
  region: string | null;
  /** For a public `ip`: S3, another AWS range, or outside AWS (from the dated ranges table). */
  ipOwner?: IpOwner;
  /** For an S3 `ip`: the region of that S3 prefix. */
  ipRegion?: string;
  /** What the text leaves open, in words: e.g. the service is named but the failure kind is not. */
  notes?: string[];
  /** The normalised text that was classified (trimmed to a sane length). */
  text: string;
}

interface Classification {
  category: Category;
  /** `ecr.api`, `ecr.dkr`, `s3`, `secretsmanager`, `ssm`, `logs`, `kms`, `efs`, `docker.io`, ... */
  service: string | null;
  evidence: ClassificationEvidence;
  /** True only where creating a VPC endpoint can be the fix. */
  endpointFixable: boolean;
}

function isNetworkCategory(category: Category): boolean {
  return NETWORK_CATEGORIES.has(category);
}

export { CATEGORIES, isNetworkCategory };
export type { Category, Classification, IpOwner, IpScope };
