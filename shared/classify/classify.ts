import { AWS_IP_RANGES_CREATE_DATE } from './aws-ip-ranges.js';
import type { Category, Classification } from './classification.js';
import { isNetworkCategory } from './classification.js';
import { normaliseReasonText } from './normalise-reason.js';
import {
  DNS_FAILURE_PATTERNS,
  EFS_FAILURE_PATTERNS,
  matchesPattern,
  NETWORK_FAILURE_PATTERNS,
  NOT_NETWORK_PATTERNS,
  SERVICE_BY_IAM_ACTION,
  SERVICE_PATTERNS,
  STARTUP_FAILURE_PATTERN,
} from './patterns.js';
import type { ReasonPattern } from './patterns.js';
import { readReasonFacts } from './reason-evidence.js';
import type { ReasonFacts } from './reason-evidence.js';

/**
 * Classifies ECS stop reasons: what failed, where it points, and whether a VPC endpoint can fix it.
 *
 * Pure and table-driven (patterns.ts). The order of decisions is the safety argument:
 * 1. a non-network verdict (image gone, registry auth, rate limit, disk, IAM, runtime) wins;
 * 2. an EFS mount that never reached its mount target is `efs_mount_failed` (never an endpoint fix);
 * 3. a failed DNS lookup is a DNS setting, never a missing endpoint;
 * 4. a clear network failure takes the category of the service it was calling, endpoint-fixable
 *    only for AWS services with an endpoint and when the address that timed out is not private.
 *    The address decides over the host name: a timeout to an S3 address while the text names
 *    `dkr.ecr` is the layer download. A request that could not be sent, or a text cut off in the
 *    middle of a request URL, names the service but not the failure kind: its category, no fix.
 *    Weak signals alone (retries exhausted, a bare "timeout") give `ambiguous_network`;
 * 5. a start-up failure with no detail left (truncation) is `ambiguous_network`, not fixable;
 * 6. anything else is `other_not_network`.
 */

interface Verdict {
  category: Category;
  service: string | null;
  endpointFixable: boolean;
  deciding: ReasonPattern | null;
  notes?: string[];
}

/** Services whose image pull downloads layers from S3: an S3 address here is the layer download. */
const PULLS_LAYERS_FROM_S3 = new Set(['ecr.dkr', 's3']);

/**
 * A strong failure to a service: the host names the service, the address can overrule it.
 * S3 address + ECR pull: the layer bucket (S3 gateway endpoint). Other mismatches only add notes.
 */
function strongVerdict(serviceRow: ReasonPattern, facts: ReasonFacts): Verdict {
  const notes: string[] = [];
  if (facts.ipOwner === 's3' && serviceRow.service !== null && PULLS_LAYERS_FROM_S3.has(serviceRow.service)) {
    const row = SERVICE_PATTERNS.find((pattern) => pattern.id === 'ecr-layer-bucket') ?? serviceRow;
    notes.push(
      `${facts.ip ?? 'the address'} is an S3 address in ${facts.ipRegion ?? 'an unknown region'}: the image layer download failed, not the registry call`
    );
    return { category: 's3_layer_unreachable', service: 's3', endpointFixable: true, deciding: row, notes };
  }
  // A private address means the name already resolves inside the VPC: the path is blocked, not missing.
  const endpointFixable = serviceRow.endpointFixable && facts.ipScope !== 'private';
  if (facts.ipOwner === 's3' && serviceRow.service !== 's3') {
    notes.push(
      `${facts.ip ?? 'the address'} is an S3 address although the request went to ${serviceRow.service ?? 'another service'}`
    );
  }
  if (facts.ipOwner === 'not-aws' && serviceRow.endpointFixable) {
    // Not a reason to withhold the fix: the dated table misses ranges AWS added since. Worth a look.
    notes.push(
      `${facts.ip ?? 'the address'} is outside AWS's published ranges of ${AWS_IP_RANGES_CREATE_DATE.slice(0, 10)}: a custom resolver or proxy may answer for this name`
    );
  }
  return {
    category: serviceRow.category ?? 'ambiguous_network',
    service: serviceRow.service,
    endpointFixable,
    deciding: serviceRow,
    ...(notes.length > 0 ? { notes } : {}),
  };
}

/** The failing address alone, with no service named in the text. */
function verdictFromAddress(facts: ReasonFacts, deciding: ReasonPattern): Verdict | null {
  if (facts.ipOwner !== 's3') {
    return null;
  }
  return {
    category: 's3_layer_unreachable',
    service: 's3',
    endpointFixable: false,
    deciding,
    notes: [
      `${facts.ip ?? 'the address'} is an S3 address in ${facts.ipRegion ?? 'an unknown region'}; the text names no request, so no fix is proposed`,
    ],
  };
}

function matching(patterns: readonly ReasonPattern[], text: string): ReasonPattern[] {
  return patterns.filter((pattern) => matchesPattern(pattern, text));
}

/** `not authorized to perform: secretsmanager:GetSecretValue` names the service refused. */
function serviceOfDeniedAction(lowerText: string): string | null {
  const match = /perform: ([a-z0-9-]{1,30}):([a-z]{1,60})/.exec(lowerText);
  if (match?.[1] === undefined || match[2] === undefined) {
    return null;
  }
  return SERVICE_BY_IAM_ACTION[`${match[1]}:${match[2]}`] ?? SERVICE_BY_IAM_ACTION[match[1]] ?? null;
}

/** A host name that is plainly not AWS's (a registry's CDN, a proxy): no AWS endpoint serves it. */
const AWS_HOST = /amazonaws|(?:^|\.)aws(?:\.|$)|ecr/;

/**
 * The host of the failing request decides first; otherwise the most specific marker in the text.
 * When the failing request went to a known host that is not AWS's, phrases in the text
 * ("failed to copy", "from the Amazon ECR repository") may not turn it into an AWS service:
 * a request to someone else's host never leads to an endpoint fix.
 */
function findServiceRow(matches: Matches, facts: ReasonFacts): ReasonPattern | null {
  const { failingHost } = facts;
  const byHost = failingHost === null ? undefined : SERVICE_PATTERNS.find((pattern) => matchesPattern(pattern, failingHost));
  if (byHost) {
    return byHost;
  }
  const foreignHost = failingHost?.includes('.') === true && !AWS_HOST.test(failingHost);
  return (foreignHost ? matches.service.find((pattern) => !pattern.endpointFixable) : matches.service[0]) ?? null;
}

/** Every table's matching rows, in table order: each regex runs once per reason. */
interface Matches {
  notNetwork: ReasonPattern[];
  efs: ReasonPattern[];
  dns: ReasonPattern[];
  network: ReasonPattern[];
  service: ReasonPattern[];
  startup: ReasonPattern[];
}

function matchAll(lowerText: string): Matches {
  return {
    notNetwork: matching(NOT_NETWORK_PATTERNS, lowerText),
    efs: matching(EFS_FAILURE_PATTERNS, lowerText),
    dns: matching(DNS_FAILURE_PATTERNS, lowerText),
    network: matching(NETWORK_FAILURE_PATTERNS, lowerText),
    service: matching(SERVICE_PATTERNS, lowerText),
    startup: matching([STARTUP_FAILURE_PATTERN], lowerText),
  };
}

function decide(lowerText: string, matches: Matches, facts: ReasonFacts, serviceRow: ReasonPattern | null): Verdict {
  const notNetwork = matches.notNetwork[0];
  if (notNetwork?.category) {
    const service = notNetwork.service ?? serviceOfDeniedAction(lowerText) ?? serviceRow?.service ?? null;
    return { category: notNetwork.category, service, endpointFixable: false, deciding: notNetwork };
  }
  const efsFailure = matches.efs[0];
  if (efsFailure) {
    return { category: 'efs_mount_failed', service: 'efs', endpointFixable: false, deciding: efsFailure };
  }
  const dnsFailure = matches.dns[0];
  if (dnsFailure) {
    return {
      category: 'dns_resolution_failed',
      service: serviceRow?.service ?? null,
      endpointFixable: false,
      deciding: dnsFailure,
    };
  }
  const networkFailures = matches.network;
  const strongFailure = networkFailures.find((pattern) => pattern.weak !== true && pattern.transport !== true);
  const transportFailure = networkFailures.find((pattern) => pattern.transport === true);
  const namedService =
    serviceRow?.category !== undefined && serviceRow.category !== null && serviceRow.category !== 'ambiguous_network'
      ? serviceRow
      : null;
  if (strongFailure && namedService) {
    return strongVerdict(namedService, facts);
  }
  if (strongFailure) {
    const byAddress = verdictFromAddress(facts, strongFailure);
    if (byAddress) {
      return byAddress;
    }
  }
  // The request could not be sent, or the text stops in the middle of its URL: the service is
  // named, the failure kind is not. Its category tells the reader where to look; no fix.
  const cutRequest = (transportFailure !== undefined || (networkFailures.length === 0 && facts.cutDuringRequest)) && namedService;
  if (cutRequest) {
    return {
      category: namedService.category ?? 'ambiguous_network',
      service: namedService.service,
      endpointFixable: false,
      deciding: transportFailure ?? namedService,
      notes: [
        `the request to ${namedService.service ?? 'the service'} failed but the text does not say how (cut off or not given): no fix is proposed`,
      ],
    };
  }
  const anyFailure = strongFailure ?? transportFailure ?? networkFailures[0];
  if (anyFailure) {
    // Only weak signals (retries, a bare "timeout") or no service named: worth a look, not a fix.
    return ambiguous(serviceRow, anyFailure);
  }
  if (matches.startup.length > 0) {
    return ambiguous(serviceRow, STARTUP_FAILURE_PATTERN);
  }
  return { category: 'other_not_network', service: null, endpointFixable: false, deciding: null };
}

/** Worth a look, never a fix. Where a service is named, the evidence says the failure kind is not. */
function ambiguous(serviceRow: ReasonPattern | null, deciding: ReasonPattern): Verdict {
  const service = serviceRow?.service ?? null;
  return {
    category: 'ambiguous_network',
    service,
    endpointFixable: false,
    deciding,
    ...(service === null
      ? {}
      : { notes: [`${service} is named but the failure kind is not (cut off, or only retries or a timeout are reported)`] }),
  };
}

/** Ids of every row that matched, the deciding row first, then in table order. */
function matchedPatternIds(matches: Matches, deciding: ReasonPattern | null): string[] {
  const matched = [
    ...matches.notNetwork,
    ...matches.efs,
    ...matches.dns,
    ...matches.network,
    ...matches.service,
    ...matches.startup,
  ].map((pattern) => pattern.id);
  const ids = deciding === null ? matched : [deciding.id, ...matched];
  return [...new Set(ids)];
}

/** Classifies one stop reason (task-level `stoppedReason` or a container `reason`). */
function classifyStopReason(text: string): Classification {
  const normalised = normaliseReasonText(text);
  const lowerText = normalised.toLowerCase();
  const facts = readReasonFacts(lowerText);
  const matches = matchAll(lowerText);
  const serviceRow = findServiceRow(matches, facts);
  const verdict = decide(lowerText, matches, facts, serviceRow);
  return {
    category: verdict.category,
    service: verdict.service,
    endpointFixable: verdict.endpointFixable,
    evidence: {
      patterns: matchedPatternIds(matches, verdict.deciding),
      family: facts.family,
      hosts: facts.hosts,
      ip: facts.ip,
      ipScope: facts.ipScope,
      region: facts.region,
      ...(facts.ipOwner === null ? {} : { ipOwner: facts.ipOwner }),
      ...(facts.ipRegion === null ? {} : { ipRegion: facts.ipRegion }),
      ...(verdict.notes === undefined ? {} : { notes: verdict.notes }),
      text: normalised,
    },
  };
}

/**
 * How much a reason should weigh when several describe one task. Any informative non-network
 * verdict wins (safety: one container whose image is gone makes endpoints pointless). Among
 * network verdicts, one that says "an endpoint will not help" outranks one that says it will,
 * and both outrank an ambiguous one. Reasons nothing matched ("Task failed to start") weigh 0.
 */
function weightOf(classification: Classification): number {
  if (classification.evidence.patterns.length === 0) {
    return 0;
  }
  if (!isNetworkCategory(classification.category)) {
    return 100;
  }
  if (classification.category === 'ambiguous_network') {
    return classification.service === null ? 15 : 20;
  }
  return classification.endpointFixable ? 50 : 60;
}

/**
 * Classifies a stopped task from all its reasons and returns the one that should drive action.
 * The task-level reason is often only "Task failed to start" while the detail sits in a container
 * reason; both may be truncated differently, so every non-empty reason is classified.
 * Ties go to the reason with more evidence, then to the earlier one (task-level first).
 */
function classifyTaskFailure(stoppedReason: string | null, containerReasons: string[]): Classification {
  const reasons = [stoppedReason ?? '', ...containerReasons].filter((reason) => reason.trim().length > 0);
  const classifications = reasons.map((reason) => classifyStopReason(reason));
  let best: Classification | undefined;
  for (const candidate of classifications) {
    if (best === undefined || isBetter(candidate, best)) {
      best = candidate;
    }
  }
  return best ?? classifyStopReason('');
}

function isBetter(candidate: Classification, current: Classification): boolean {
  const difference = weightOf(candidate) - weightOf(current);
  if (difference !== 0) {
    return difference > 0;
  }
  return candidate.evidence.patterns.length > current.evidence.patterns.length;
}

/** True when the text is an image-pull / initialisation start-up failure: the events we handle. */
function isStartupFailureText(text: string): boolean {
  return matchesPattern(STARTUP_FAILURE_PATTERN, normaliseReasonText(text).toLowerCase());
}

export { classifyStopReason, classifyTaskFailure, isStartupFailureText };
