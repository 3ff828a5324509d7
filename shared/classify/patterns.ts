import type { Category } from './classification.js';

/**
 * The table behind the stop-reason classifier. Every matcher runs on the normalised,
 * lower-cased text (see normalise-reason.ts), so patterns are written in lower case.
 *
 * Four kinds of row, read in this order by classify.ts:
 * - `not-network`: a verdict that no network change can fix (image gone, registry auth, rate
 *   limit, disk, IAM, container runtime). Safety first: any of these wins over network signals
 *   in the same text, so nothing here ever leads to creating endpoints. Table order is priority.
 * - `dns-failure`: the name did not resolve. In a VPC, public AWS names resolve through the
 *   Route 53 Resolver even without internet access, so a failed lookup points at DNS settings
 *   (enableDnsSupport, custom DHCP options), not at a missing endpoint.
 * - `efs-failure`: an EFS mount failed on the way to the mount target (name not resolved, NFS
 *   connection timed out or reset): the new `efs_mount_failed` category, network but never an
 *   endpoint fix (mounts go to mount targets per AZ, not to an interface endpoint).
 * - `network-failure`: the text says a connection failed or timed out, with no service named.
 *   Three strengths: `strong` (a timeout, refusal or reset: the service's category, endpoint-fixable
 *   where a VPC endpoint exists), `transport` (the SDK could not send the request, the cause is not
 *   shown: the service's category, never a fix), `weak` (retries, a bare "timeout": ambiguous).
 * - `service`: where the failed call was going. Its category applies only when a network
 *   failure is present; `endpointFixable` says whether a VPC endpoint can be that fix.
 * - `startup-failure`: the text is an image-pull / initialisation failure at all. Alone (no detail
 *   survived truncation) it gives `ambiguous_network`: worth a look, never an automatic fix.
 *
 * Writing rules: no nested quantifiers, every repetition bounded, so that matching stays linear
 * on hostile input (the text is capped at 8 KB before it gets here).
 */

type PatternKind = 'not-network' | 'efs-failure' | 'dns-failure' | 'network-failure' | 'service' | 'startup-failure';

interface ReasonPattern {
  /** Stable id, reported in `evidence.patterns`; tests and alerts may refer to it. */
  id: string;
  kind: PatternKind;
  matcher: RegExp;
  /** A second condition that must also hold: keeps "A ... then later B" linear without `.{0,n}`. */
  requires?: RegExp;
  /** The verdict this row gives when it decides; `null` for rows that only add evidence. */
  category: Category | null;
  /** The endpoint or registry the row points at, when it names one. */
  service: string | null;
  /** True only where a VPC endpoint for `service` can be the fix (and the IP is not private). */
  endpointFixable: boolean;
  /**
   * For network-failure rows: the signal alone does not prove a connection failed (retries can be
   * throttling; "timeout" can be a slow daemon). Weak-only evidence never leads to an endpoint fix.
   */
  weak?: boolean;
  /**
   * For network-failure rows: the request certainly failed on the way (the SDK's "send request
   * failed") but the text does not say how. The service's category, never an endpoint fix.
   */
  transport?: boolean;
}

/** True when the row's matcher, and its extra condition if any, hold for the lower-cased text. */
function matchesPattern(pattern: ReasonPattern, lowerText: string): boolean {
  return pattern.matcher.test(lowerText) && (pattern.requires?.test(lowerText) ?? true);
}

function row(
  id: string,
  kind: PatternKind,
  matcher: RegExp,
  category: Category | null,
  service: string | null = null,
  endpointFixable = false
): ReasonPattern {
  return { id, kind, matcher, category, service, endpointFixable };
}

/** Non-network verdicts, most specific first: the first row that matches decides. */
const NOT_NETWORK_PATTERNS: readonly ReasonPattern[] = [
  row(
    'disk-full',
    'not-network',
    /no space left on device|disk quota exceeded|not enough (?:disk )?space|insufficient (?:disk )?space|failed to register layer|applylayer exit status/,
    'disk_or_host_problem'
  ),
  // The host's storage driver or docker bridge, not the network path: devicemapper, thin pool, untar.
  row(
    'host-storage-or-bridge',
    'not-network',
    /devmapper|devicemapper|thin pool|dm_task_run|api error \(500\): untar|bridge docker0|could not find bridge/,
    'disk_or_host_problem'
  ),
  // DockerTimeoutError / ContainerRuntimeTimeoutError on any step but the pull: a slow daemon or host.
  // Matched from "sition to" on: hand-copied reasons misspell "transition" ("tranisition").
  {
    ...row('runtime-transition-timeout', 'not-network', /sition to (?!pull)[a-z]{1,20}/, 'disk_or_host_problem'),
    requires: /timeouterror|timed out after waiting/,
  },
  row('cannot-inspect-container', 'not-network', /cannotinspectcontainererror/, 'disk_or_host_problem'),
  // The ENI never attached: the platform or the instance, not a route or an endpoint.
  row('eni-provisioning-timeout', 'not-network', /network interface provisioning|eni attachment/, 'other_not_network'),
  // A logging driver that dials a daemon on the host itself (syslog, fluentd on 127.0.0.1): no VPC path.
  row('local-logging-daemon', 'not-network', /logging driver: dial tcp (?:127\.|\[::1\])/, 'other_not_network'),
  // The registry answered with a server error: its outage, not our path. Public hosts only; an AWS 5xx stays ambiguous.
  {
    ...row(
      'public-registry-server-error',
      'not-network',
      /\b50[234]\b|service unavailable|gateway time-?out|bad gateway/,
      'public_registry_unreachable'
    ),
    requires: /docker\.io|docker\.com|ghcr\.io|quay\.io|gcr\.io|mcr\.microsoft\.com/,
  },
  row(
    'rate-limited',
    'not-network',
    /toomanyrequests|too many requests|pull rate limit|rate exceeded|throttlingexception|\b429\b/,
    'rate_limited'
  ),
  row(
    'kms-access-denied',
    'not-network',
    /access to kms is not allowed|kms\.accessdeniedexception|kms:decrypt|customer master key|kms key/,
    'iam_permission_denied',
    'kms'
  ),
  row(
    'iam-not-authorized',
    'not-network',
    /is not authorized to perform|not authorized to perform|no identity-based policy allows|explicit deny|unauthorizedoperation|unable to assume (?:the )?(?:role|service linked role)|access denied by server/,
    'iam_permission_denied'
  ),
  row('iam-access-denied', 'not-network', /accessdeniedexception|(?<!pull )access ?denied/, 'iam_permission_denied'),
  // A 403 from ECR or its layer bucket is a policy (execution role, repository or endpoint policy), not credentials.
  {
    ...row('s3-layer-forbidden', 'not-network', /starport-layer-bucket/, 'iam_permission_denied', 's3'),
    requires: /\b403\b|forbidden/,
  },
  {
    ...row('ecr-forbidden', 'not-network', /dkr\.ecr|api\.ecr/, 'iam_permission_denied', 'ecr.dkr'),
    requires: /\b403\b|forbidden/,
  },
  // The image itself: gone, never pushed, or not built for this platform.
  row(
    'platform-mismatch',
    'not-network',
    /descriptor matching platform|descriptor for platform|no match(?:ing manifest)? for (?:current )?platform|no matching manifest for|in the manifest list entries/,
    'image_not_found'
  ),
  row(
    'image-inconsistent',
    'not-network',
    /layers from manifest don't match|number of layers and diffids don't match|mismatched image rootfs|unknown blob/,
    'image_not_found'
  ),
  row(
    'manifest-unknown',
    'not-network',
    /manifest unknown|manifest for [^\s]{1,300} not found|no matching manifest|name unknown|requested image not found|image not found|image [^\s]{1,300} not found/,
    'image_not_found'
  ),
  row(
    'repository-not-found',
    'not-network',
    /repositorynotfoundexception|imagenotfoundexception|repository [^\s]{1,300} not found|does not exist or no pull access|tag [^\s]{1,200} not found/,
    'image_not_found'
  ),
  row(
    'reference-not-found',
    'not-network',
    /not found: not found|: not found\b|\b404 not found|\(404\)|status code:? 404\b|: 404\b/,
    'image_not_found'
  ),
  row(
    'registry-auth-denied',
    'not-network',
    /pull access denied|no basic auth credentials|requested access to the resource is denied|may require 'docker login'|may require authorization|insufficient_scope|authentication required|incorrect username or password|invalid username\/password|denied: denied|failed to authorize|\b401\b|unauthorized/,
    'registry_auth_failed'
  ),
  row('registry-forbidden', 'not-network', /\b403\b|forbidden/, 'registry_auth_failed'),
  // Another client error from a registry (400): the request itself, not the path.
  { ...row('registry-bad-request', 'not-network', /\b400 bad request/, 'other_not_network'), requires: /unexpected status/ },
  // CannotStartContainerError wraps ResourceInitializationError for runtime failures (shim, OCI).
  row(
    'container-runtime-failure',
    'not-network',
    /cannotstartcontainererror: resourceinitializationerror|oci runtime|failed to create shim|runc create failed|container init caused|starting container process caused|executable file not found|exec format error|mount callback failed|no such file or directory|failed to create new container runtime task|invalid reference format|container killed|oom-killed|outofmemory|failed to get container status|failed sending sigterm/,
    'other_not_network'
  ),
  // Parameter and validation errors only mention a service: the task definition is wrong, not the path.
  row(
    'parameter-invalid',
    'not-network',
    /invalidparameter|validation ?error|validationexception|invalid ?parameter|minimum field size|can't be prefixed with/,
    'other_not_network'
  ),
  row(
    'secret-or-parameter-missing',
    'not-network',
    /resourcenotfoundexception: secrets manager|can't find the specified secret|parameternotfound|invalid ssm parameters?|invalidparameters|invalid character [^\s]{1,20} looking for beginning of value|json key|unmarshal/,
    'other_not_network'
  ),
  row(
    'log-config-invalid',
    'not-network',
    /log group does not exist|awslogs-[a-z-]{1,40} is required|invalid awslogs|unknown log opt|missingendpoint|no log driver named/,
    'other_not_network',
    'logs'
  ),
  // The NFS server answered (the path works): the export or access point is wrong.
  row('efs-server-refused', 'not-network', /reason given by server/, 'other_not_network', 'efs'),
  row('resource-not-found', 'not-network', /resourcenotfoundexception|does not exist\b(?! or may require)/, 'other_not_network'),
  // A registry refused without saying why (the status code was cut off): a refusal, not a path problem.
  {
    ...row('registry-status-refused', 'not-network', /docker\.io|ghcr\.io|quay\.io/, 'rate_limited', 'docker.io'),
    requires: /unexpected status/,
  },
  // Operator and scheduler stops: nothing failed to start.
  row(
    'scheduler-stop',
    'not-network',
    /scaling activity initiated|deregistration forced|health checks? in|failed elb health|stopped\/terminated|unable to place a task|no container instance met/,
    'other_not_network'
  ),
];

/** EFS mounts that never reached the mount target: name not resolved, NFS timed out or reset. */
const EFS_FAILURE_PATTERNS: readonly ReasonPattern[] = [
  row('efs-name-unresolved', 'efs-failure', /failed to resolve "?fs-|lookup mount target ip address/, 'efs_mount_failed', 'efs'),
  {
    ...row(
      'efs-nfs-unreachable',
      'efs-failure',
      /mount\.nfs4?: connection (?:reset|timed out|refused)|mount attempt \d{1,2}\/\d{1,2} failed due to (?:timeout|b'mount\.nfs)/,
      'efs_mount_failed',
      'efs'
    ),
  },
];

const DNS_FAILURE_PATTERNS: readonly ReasonPattern[] = [
  row('dns-no-such-host', 'dns-failure', /no such host/, 'dns_resolution_failed'),
  // Go reports a failed name lookup as "dial tcp: lookup <host>...": whatever follows (or was cut off), the lookup failed.
  row('dns-lookup-failed', 'dns-failure', /dial tcp: lookup /, 'dns_resolution_failed'),
  row(
    'dns-resolver-unreachable',
    'dns-failure',
    /dial udp|read udp|lookup [^\s]{1,253} on [^\s]{1,64}:53\b|server misbehaving|temporary failure in name resolution|lookup [^\s:]{1,253}: (?:i\/o timeout|try again)/,
    'dns_resolution_failed'
  ),
];

const NETWORK_FAILURE_PATTERNS: readonly ReasonPattern[] = [
  row('io-timeout', 'network-failure', /i\/o timeout/, null),
  row('context-deadline', 'network-failure', /context deadl|deadline exceeded/, null),
  row('request-canceled', 'network-failure', /request ?cancell?ed|request context cancell?ed|, cancell?ed,/, null),
  row('client-timeout', 'network-failure', /client\.timeout exceeded|awaiting headers|while waiting for connection/, null),
  row('connection-refused', 'network-failure', /connection refused/, null),
  row('connection-reset', 'network-failure', /connection reset/, null),
  row('connection-timed-out', 'network-failure', /connection timed out|operation timed out|tls handshake timeout/, null),
  row('no-route', 'network-failure', /no route to host|network is unreachable|host is unreachable/, null),
  // "dial tcp <addr>" is a failed TCP connect (the DNS form "dial tcp: lookup" is caught earlier).
  row('dial-tcp', 'network-failure', /dial tcp [^\s:]/, null),
  // Transport wrappers: what follows them (timeout, EOF, x509, proxy) is the real cause, often truncated.
  // The SDK could not send the request (RequestError): the path failed, the text does not say how.
  {
    ...row(
      'send-request-failed',
      'network-failure',
      /send request failed|request send failed|requesterror|failed to do request/,
      null
    ),
    transport: true,
  },
  { ...row('connection-closed', 'network-failure', /: eof\b|broken pipe/, null), transport: true },
  // TLS trust failures: a proxy or middlebox on the path. Never an endpoint fix.
  { ...row('tls-trust', 'network-failure', /x509: certificate|tls: failed to verify/, null), weak: true },
  {
    ...row('layer-verification', 'network-failure', /layer verification failed|verification failed for digest/, null),
    weak: true,
  },
  {
    ...row(
      'pull-command-killed',
      'network-failure',
      /pull command failed: : signal: killed|context canceled\b|context ca\.\.\./,
      null
    ),
    weak: true,
  },
  // The 2024+ wording: "There is a connection issue between the task and Amazon ECR."
  row(
    'connection-issue',
    'network-failure',
    /connection issue between the task and|check your (?:task )?network configuration/,
    null
  ),
  { ...row('status-code-zero', 'network-failure', /statuscode: 0\b/, null), weak: true },
  // Non-retryable errors give up after 1 attempt; several attempts mean the calls kept failing
  // (network, throttling or 5xx): weak on its own.
  {
    ...row(
      'retries-exhausted',
      'network-failure',
      /retried (?:[2-9]|\d{2,4}) time|exceeded maximum (?:number of )?attempts/,
      null
    ),
    weak: true,
  },
  row('registry-unreachable', 'network-failure', /could not reach any registry endpoint/, null),
  { ...row('bare-timeout', 'network-failure', /\btimeout\b|\btimed out\b/, null), weak: true },
];

/**
 * Where the failed call was going, most specific first. The rows are tried first on the host of
 * the last URL or DNS lookup in the text (the request that failed), then on the whole text.
 */
const SERVICE_PATTERNS: readonly ReasonPattern[] = [
  // Image layers: ECR hands out presigned URLs to this AWS-owned bucket, reached via the S3 gateway endpoint.
  row('ecr-layer-bucket', 'service', /starport-layer-bucket/, 's3_layer_unreachable', 's3', true),
  row('ecr-dkr-host', 'service', /dkr\.ecr/, 'ecr_dkr_unreachable', 'ecr.dkr', true),
  row('ecr-public-host', 'service', /public\.ecr\.aws|ecr-public\./, 'public_registry_unreachable', 'public.ecr.aws'),
  row(
    'ecr-api-host',
    'service',
    /api\.ecr[.-]|(?:^|[^a-z.-])ecr\.[a-z]{2}(?:-gov)?-[a-z]{4,9}-\d\.amazonaws/,
    'ecr_api_unreachable',
    'ecr.api',
    true
  ),
  // Public registries: no VPC endpoint serves them; the task needs NAT or an ECR pull-through cache.
  row('docker-hub-host', 'service', /docker\.io|docker\.com/, 'public_registry_unreachable', 'docker.io'),
  row('ghcr-host', 'service', /ghcr\.io/, 'public_registry_unreachable', 'ghcr.io'),
  row('quay-host', 'service', /quay\.io/, 'public_registry_unreachable', 'quay.io'),
  row('gcr-host', 'service', /gcr\.io|pkg\.dev/, 'public_registry_unreachable', 'gcr.io'),
  row('mcr-host', 'service', /mcr\.microsoft\.com/, 'public_registry_unreachable', 'mcr.microsoft.com'),
  row('gitlab-registry-host', 'service', /registry\.gitlab\.com/, 'public_registry_unreachable', 'registry.gitlab.com'),
  row(
    'secretsmanager-host',
    'service',
    /secretsmanager\.[a-z0-9-]{1,30}\.amazonaws/,
    'secretsmanager_unreachable',
    'secretsmanager',
    true
  ),
  row('ssm-host', 'service', /(?:^|[^a-z0-9-])ssm\.[a-z0-9-]{1,30}\.amazonaws/, 'ssm_unreachable', 'ssm', true),
  row('logs-host', 'service', /(?:^|[^a-z0-9-])logs\.[a-z0-9-]{1,30}\.amazonaws/, 'logs_unreachable', 'logs', true),
  // No category of its own: KMS is called by Secrets Manager and SSM server-side, rarely by the task.
  row('kms-host', 'service', /(?:^|[^a-z0-9-])kms\.[a-z0-9-]{1,30}\.amazonaws/, 'ambiguous_network', 'kms'),
  row('efs-host', 'service', /\.efs\.[a-z0-9-]{1,30}\.amazonaws/, 'ambiguous_network', 'efs'),
  // The ECS control plane (EC2 launch type agents): needs ecs, ecs-agent and ecs-telemetry endpoints.
  row(
    'ecs-agent-host',
    'service',
    /(?:^|[^a-z0-9-])ecs(?:-a|-t)?(?:-\d{1,2})?\.[a-z]{2}(?:-gov)?-[a-z]{4,9}-\d\.amazonaws/,
    'ambiguous_network',
    'ecs'
  ),
  row('s3-host', 'service', /(?:^|[^a-z0-9])s3[.-](?:[a-z0-9-]{1,30}\.)?amazonaws/, 's3_layer_unreachable', 's3', true),
  // Phrases without a host, for truncated text. Layer download comes before the ECR names on purpose.
  row('env-files-download', 'service', /failed to download env files|environment ?files?/, 's3_layer_unreachable', 's3', true),
  row('layer-download', 'service', /failed to copy|httpreaderseeker|httpreadseeker/, 's3_layer_unreachable', 's3', true),
  row(
    'ecr-image-pull',
    'service',
    /from the amazon ecr repository|cannot pull container image from amazon ecr/,
    'ecr_dkr_unreachable',
    'ecr.dkr',
    true
  ),
  row(
    'ecr-registry-auth',
    'service',
    /ecr registry auth|registry auth from amazon ecr|ecr: getauthorizationtoken|getauthorizationtoken/,
    'ecr_api_unreachable',
    'ecr.api',
    true
  ),
  // "from asm" / "from ssm" say which store failed, even when the other store's name appears in an ARN.
  row(
    'secrets-from-asm',
    'service',
    /from asm\b|asm fetching|from aws secrets manager/,
    'secretsmanager_unreachable',
    'secretsmanager',
    true
  ),
  row('secrets-from-ssm', 'service', /from ssm\b|from aws systems manager/, 'ssm_unreachable', 'ssm', true),
  row(
    'secrets-manager-call',
    'service',
    /\basm\b|secrets manager|secretsmanager|getsecretvalue/,
    'secretsmanager_unreachable',
    'secretsmanager',
    true
  ),
  row('ssm-call', 'service', /\bssm\b|systems manager|parameter store|getparameters?\b/, 'ssm_unreachable', 'ssm', true),
  row(
    'logs-call',
    'service',
    /logger args|cloudwatch log|amazon cloudwatch|log stream|awslogs/,
    'logs_unreachable',
    'logs',
    true
  ),
  row('kms-call', 'service', /\bkms\b/, 'ambiguous_network', 'kms'),
  row('efs-call', 'service', /\befs\b|mount\.nfs|\bfs-[0-9a-f]{8}/, 'ambiguous_network', 'efs'),
];

/** IAM actions name the service they concern: `secretsmanager:GetSecretValue` -> secretsmanager. */
const SERVICE_BY_IAM_ACTION: Readonly<Record<string, string>> = {
  'ecr:getauthorizationtoken': 'ecr.api',
  'ecr:batchgetimage': 'ecr.dkr',
  'ecr:getdownloadurlforlayer': 'ecr.dkr',
  'ecr:batchchecklayeravailability': 'ecr.dkr',
  secretsmanager: 'secretsmanager',
  ssm: 'ssm',
  kms: 'kms',
  logs: 'logs',
  s3: 's3',
  ecr: 'ecr.api',
};

/**
 * Families that mark an ECS start-up failure (image pull, secrets, logging or volume set-up).
 * Keys are lower case; values are the canonical spelling reported in `evidence.family`.
 */
const STARTUP_FAILURE_FAMILIES: Readonly<Record<string, string>> = {
  resourceinitializationerror: 'ResourceInitializationError',
  cannotpullcontainererror: 'CannotPullContainerError',
  cannotpullimagemanifesterror: 'CannotPullImageManifestError',
  cannotpullecrcontainererror: 'CannotPullECRContainerError',
  dockertimeouterror: 'DockerTimeoutError',
  containerruntimetimeouterror: 'ContainerRuntimeTimeoutError',
};

/** Other families we name in evidence but that do not, alone, make a start-up failure ours. */
const OTHER_FAMILIES: Readonly<Record<string, string>> = {
  cannotstartcontainererror: 'CannotStartContainerError',
  cannotinspectcontainererror: 'CannotInspectContainerError',
  cannotcreatecontainererror: 'CannotCreateContainerError',
  containerruntimeerror: 'ContainerRuntimeError',
};

/**
 * An ECS start-up failure at all: the families above, or the wording without a prefix (2024+
 * sentences, console summaries). `CannotStartContainerError: ResourceInitializationError` is
 * matched through its inner family; the not-network rows classify it.
 */
const STARTUP_FAILURE_PATTERN: ReasonPattern = row(
  'startup-failure-family',
  'startup-failure',
  new RegExp(
    [
      ...Object.keys(STARTUP_FAILURE_FAMILIES),
      'the task cannot pull',
      'unable to pull secrets or registry auth',
      'failed to validate logger args',
      'failed to download env files',
      'failed to invoke efs utils',
    ].join('|')
  ),
  'ambiguous_network'
);

export {
  matchesPattern,
  DNS_FAILURE_PATTERNS,
  EFS_FAILURE_PATTERNS,
  NETWORK_FAILURE_PATTERNS,
  NOT_NETWORK_PATTERNS,
  OTHER_FAMILIES,
  SERVICE_BY_IAM_ACTION,
  SERVICE_PATTERNS,
  STARTUP_FAILURE_FAMILIES,
  STARTUP_FAILURE_PATTERN,
};
export type { ReasonPattern };
