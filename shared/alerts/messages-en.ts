/**
 * Every human string of the Slack alerts, in English. `{name}` marks a value the builder fills
 * in (already escaped). messages-ko.ts has the same keys; a test keeps them in step.
 */
const MESSAGES_EN = {
  'title.incident': '{emoji} {name}: tasks cannot start ({category})',
  'title.incidentMany': '{emoji} {name}: {count} tasks failed to start ({category})',
  'title.fixed': '{emoji} Fixed: {name}: the missing endpoints were created ({category})',
  'title.partiallyFixed': '{emoji} Partly fixed: {name}: some changes failed ({category})',
  'title.fixFailed': '{emoji} Fix failed: {name}: tasks still cannot start ({category})',
  'name.standalone': 'standalone task in {cluster}',

  'section.what': 'What failed',
  'section.why': 'Why',
  'section.path': 'Path, hop by hop',
  'section.plan': 'What ecs-netfix would do (dry run: nothing was changed)',
  'section.applied': 'What ecs-netfix did',
  'section.noChange': 'What ecs-netfix did',
  'section.fix': 'How to fix by hand',

  'what.service': 'Cluster {cluster} · Service {service} · Task {task}',
  'what.standalone': 'Cluster {cluster} · Task {task} (standalone task)',
  'what.account': 'Account {account} · Region {region}',
  'what.failureCount': '{count} tasks failed with this problem (one alert per problem rather than one per failed task).',
  'what.stopReason': 'Stop reason:',
  'what.noStopReason': 'ECS sent no stop reason.',
  'what.console': 'Open in the ECS console',

  'why.category': 'Category: {category} {code}',
  'why.thisTask': "This task's stop reason names: {category}",
  'why.hosts': 'Host: {hosts}',
  'why.ipPrivate':
    'Address {ip} is private: the name already resolves inside the VPC, so a security group, network ACL or endpoint policy blocks the path. A new endpoint would not help.',
  'why.ipPublic':
    'Address {ip} is public: private DNS is not in effect for this service (no endpoint, private DNS off, VPC DNS settings off, or custom DNS servers).',
  'why.ipPublicInternet':
    'Address {ip} is public: the registry is on the internet and no VPC endpoint exists for it, so the task needs a NAT gateway (or a public IP) to reach it.',
  'why.notNetwork': 'This is not a network problem: no VPC endpoint or NAT gateway fixes it.',
  'why.unclassified': 'The stop reason matched no known pattern.',
  'why.unknowns': 'Could not be known: {items}',

  'path.none': 'No network path was inspected.',
  'path.neededFor': 'What needs each service:',

  'plan.action': '{description}: about {cost}/month',
  'plan.actionFree': '{description}: free',
  'plan.total':
    'Total about {plan}/month; NAT gateways instead (one per AZ) would cost about {nat}/month. Estimates, prices as of {date}.',
  'plan.apply': 'To apply: deploy with DRY_RUN=false, or run the --apply command below.',
  'plan.empty': 'No change to make.',

  'applied.line': '{icon} {description}: {status}',
  'applied.state': 'state {state}',
  'applied.note': 'reason: {note}',
  'applied.cost': 'Added cost about {plan}/month (estimate, prices as of {date}).',

  'status.planned': 'planned',
  'status.created': 'created',
  'status.modified': 'changed',
  'status.already-done': 'already in place',
  'status.skipped': 'skipped',
  'status.failed': 'failed',

  'noChange.alert-only':
    'Nothing was changed: these problems need a person. ecs-netfix creates VPC endpoints only; it never changes NAT gateways, IAM, security groups, network ACLs or DNS.',
  'noChange.alert-only-internet':
    'Nothing was changed: only a NAT gateway (or a public IP) reaches a public registry, and ecs-netfix never changes those.',
  'noChange.not-network': 'Nothing was changed: no network change fixes this.',
  'noChange.healthy':
    'Nothing was changed: the path is complete now. If tasks still fail, the cause was temporary or lies elsewhere.',
  'noChange.out-of-scope': 'Nothing was changed: this VPC or cluster is outside the allowlist, or opted out by tag.',
  'noChange.deduplicated': 'Nothing was changed: another run is handling this incident.',
  'noChange.ignored': 'Nothing was changed: this is not a start-up failure.',
  'noChange.invalid': 'Nothing was changed: the input was not valid.',
  'noChange.note': 'Details: {note}',

  'fix.automatic': '(ecs-netfix can do this itself)',
  'fix.none': 'No fix needed.',
  'fix.more': '{count} more findings are in the full report.',
  'fix.diagnoseOnly': 'Diagnose again from your machine:',
  'fix.endpointSecurityGroup':
    'First create the endpoint security group (HTTPS from the task security groups); it sets $ENDPOINT_SG_ID for the endpoint commands:',
  'fix.diagnose': 'Diagnose again, or apply the fix, from your machine:',

  'summary.incident': '{name} ({cluster}): {category}. {outcome}.',

  'outcome.would-fix': 'Dry run: a fix is planned, nothing was changed',
  'outcome.fixed': 'Fixed: the missing endpoints were created',
  'outcome.partially-fixed': 'Partly fixed: some changes failed',
  'outcome.alert-only': 'Needs a person',
  'outcome.failed': 'The fix failed',
  'outcome.not-network': 'Not a network problem',
  'outcome.healthy': 'The path is healthy now',
  'outcome.out-of-scope': 'Out of scope: reported only',
  'outcome.deduplicated': 'Handled by another run',
  'outcome.ignored': 'Ignored',
  'outcome.invalid': 'Invalid input',
  'outcome.verified': 'The created endpoints are available',
  'outcome.verify-pending': 'The created endpoints are still pending',
  'outcome.verify-failed': 'The created endpoints did not become available',
  'outcome.redeployed': 'Endpoints available; a new deployment was started',
  'outcome.recovered': 'The service runs again',

  'category.ecr_api_unreachable': 'ECR API unreachable',
  'category.ecr_dkr_unreachable': 'ECR registry unreachable',
  'category.s3_layer_unreachable': 'image layers in S3 unreachable',
  'category.secretsmanager_unreachable': 'Secrets Manager unreachable',
  'category.ssm_unreachable': 'SSM Parameter Store unreachable',
  'category.logs_unreachable': 'CloudWatch Logs unreachable',
  'category.dns_resolution_failed': 'DNS resolution failed',
  'category.public_registry_unreachable': 'public registry unreachable',
  'category.efs_mount_failed': 'EFS mount target unreachable',
  'category.ambiguous_network': 'network timeout',
  'category.iam_permission_denied': 'IAM permission denied',
  'category.image_not_found': 'image not found',
  'category.registry_auth_failed': 'registry authentication failed',
  'category.rate_limited': 'registry rate limit',
  'category.disk_or_host_problem': 'disk or host problem',
  'category.other_not_network': 'not a network problem',
  'category.unknown': 'unknown cause',

  'update.verified.title': '✅ Verified: {name}',
  'update.verified.body': 'The endpoints ecs-netfix created are available: new tasks of {name} can reach what they need.',
  'update.verify-failed.title': '❌ Verification failed: {name}',
  'update.verify-failed.body': 'Not every endpoint ecs-netfix created is available yet.',
  'update.redeployed.title': '🔄 Redeployed: {name}',
  'update.redeployed.body':
    'ecs-netfix started a new deployment of {name} so that tasks start again now rather than at the next retry.',
  'update.recovered.title': '✅ Recovered: {name}',
  'update.recovered.withDuration': 'Service {name} is running again, {duration} after the first failure.',
  'update.recovered.plain': 'Service {name} is running again.',
  'update.reopened.title': '🚨 Reopened: {name} fails again',
  'update.reopened.body': 'Tasks of {name} fail to start again after the fix.',
  'update.still-failing.title': '⚠️ Still failing: {name}',
  'update.still-failing.body': 'Tasks of {name} still fail to start.',
  'update.failedTasks': '({count} tasks failed)',
  'update.endpoints': 'Endpoints:',
  'update.endpoint': '{icon} {id} ({service}): {state}',
  'update.note': 'Note: {note}',
  'update.cause': 'Cause: {category}',

  'duration.seconds': '{s} s',
  'duration.minutes': '{m} min {s} s',
  'duration.hours': '{h} h {m} min',
} as const;

type MessageKey = keyof typeof MESSAGES_EN;
type AlertMessages = Record<MessageKey, string>;

export { MESSAGES_EN };
export type { AlertMessages, MessageKey };
