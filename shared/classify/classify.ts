import type { Category, Classification } from './classification.js';
import { isNetworkCategory } from './classification.js';
import { normaliseReasonText } from './normalise-reason.js';
import {
  DNS_FAILURE_PATTERNS,
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
 * 2. a failed DNS lookup is a DNS setting, never a missing endpoint;
 * 3. a clear network failure takes the category of the service it was calling, endpoint-fixable
 *    only for AWS services with an endpoint and when the address that timed out is not private;
 *    weak signals alone (retries exhausted, a bare "timeout") give `ambiguous_network`;
 * 4. a start-up failure with no detail left (truncation) is `ambiguous_network`, not fixable;
 * 5. anything else is `other_not_network`.
 */

interface Verdict {
  category: Category;
  service: string | null;
  endpointFixable: boolean;
  deciding: ReasonPattern | null;
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

/** The host of the failing request decides first; otherwise the most specific marker in the text. */
function findServiceRow(lowerText: string, facts: ReasonFacts): ReasonPattern | null {
  const { failingHost } = facts;
  const byHost = failingHost === null ? undefined : SERVICE_PATTERNS.find((pattern) => matchesPattern(pattern, failingHost));
  return byHost ?? SERVICE_PATTERNS.find((pattern) => matchesPattern(pattern, lowerText)) ?? null;
}

function decide(lowerText: string, facts: ReasonFacts, serviceRow: ReasonPattern | null): Verdict {
  const notNetwork = NOT_NETWORK_PATTERNS.find((pattern) => matchesPattern(pattern, lowerText));
  if (notNetwork?.category) {
    const service = notNetwork.service ?? serviceOfDeniedAction(lowerText) ?? serviceRow?.service ?? null;
    return { category: notNetwork.category, service, endpointFixable: false, deciding: notNetwork };
  }
  const dnsFailure = DNS_FAILURE_PATTERNS.find((pattern) => matchesPattern(pattern, lowerText));
  if (dnsFailure) {
    return { category: 'dns_resolution_failed', service: serviceRow?.service ?? null, endpointFixable: false, deciding: dnsFailure };
  }
  const networkFailures = NETWORK_FAILURE_PATTERNS.filter((pattern) => matchesPattern(pattern, lowerText));
  const strongFailure = networkFailures.find((pattern) => pattern.weak !== true);
  if (strongFailure && serviceRow?.category) {
    // A private address means the name already resolves inside the VPC: the path is blocked, not missing.
    const endpointFixable = serviceRow.endpointFixable && facts.ipScope !== 'private';
    return { category: serviceRow.category, service: serviceRow.service, endpointFixable, deciding: serviceRow };
  }
  const anyFailure = strongFailure ?? networkFailures[0];
  if (anyFailure) {
    // Only weak signals (retries, a bare "timeout") or no service named: worth a look, not a fix.
    return { category: 'ambiguous_network', service: serviceRow?.service ?? null, endpointFixable: false, deciding: anyFailure };
  }
  if (matchesPattern(STARTUP_FAILURE_PATTERN, lowerText)) {
    return { category: 'ambiguous_network', service: serviceRow?.service ?? null, endpointFixable: false, deciding: STARTUP_FAILURE_PATTERN };
  }
  return { category: 'other_not_network', service: null, endpointFixable: false, deciding: null };
}

/** Ids of every row that matched, the deciding row first, then in table order. */
function matchedPatternIds(lowerText: string, deciding: ReasonPattern | null): string[] {
  const matched = [
    ...matching(NOT_NETWORK_PATTERNS, lowerText),
    ...matching(DNS_FAILURE_PATTERNS, lowerText),
    ...matching(NETWORK_FAILURE_PATTERNS, lowerText),
    ...matching(SERVICE_PATTERNS, lowerText),
    ...matching([STARTUP_FAILURE_PATTERN], lowerText),
  ].map((pattern) => pattern.id);
  const ids = deciding === null ? matched : [deciding.id, ...matched];
  return [...new Set(ids)];
}

/** Classifies one stop reason (task-level `stoppedReason` or a container `reason`). */
function classifyStopReason(text: string): Classification {
  const normalised = normaliseReasonText(text);
  const lowerText = normalised.toLowerCase();
  const facts = readReasonFacts(lowerText);
  const serviceRow = findServiceRow(lowerText, facts);
  const verdict = decide(lowerText, facts, serviceRow);
  return {
    category: verdict.category,
    service: verdict.service,
    endpointFixable: verdict.endpointFixable,
    evidence: {
      patterns: matchedPatternIds(lowerText, verdict.deciding),
      family: facts.family,
      hosts: facts.hosts,
      ip: facts.ip,
      ipScope: facts.ipScope,
      region: facts.region,
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
