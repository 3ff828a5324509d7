/** The shape every diagnosis check shares, after cdk-nag's rules: pass, fail or not applicable. */
import type { Finding, FindingCode } from './finding.js';
import type { DiagnosisContext } from './context.js';

type CheckStatus = 'pass' | 'fail' | 'not-applicable';

interface CheckResult {
  status: CheckStatus;
  /** Empty unless `fail`. */
  findings: Finding[];
  /** One line for people: why this status. */
  explanation: string;
}

interface Check {
  /** Kebab-case name of the healthy state, e.g. `ecr-api-endpoint-present`. */
  id: string;
  /** The codes it may report (documentation and tests). */
  codes: readonly FindingCode[];
  /**
   * `network`: only meaningful when the stop reason is a network failure; a task that got
   * `manifest unknown` reached ECR, so its path is not in question. `always`: run regardless.
   */
  scope: 'network' | 'always';
  evaluate: (context: DiagnosisContext) => CheckResult;
}

/** What diagnose() records per check, including checks that threw. */
interface CheckRecord {
  id: string;
  status: CheckStatus | 'error';
  explanation: string;
  /** Codes reported by this check. */
  codes: FindingCode[];
}

function pass(explanation: string): CheckResult {
  return { status: 'pass', findings: [], explanation };
}

function notApplicable(explanation: string): CheckResult {
  return { status: 'not-applicable', findings: [], explanation };
}

/** `fail` with findings; an empty list means the check passed after all. */
function failWith(findings: Finding[], explanation: string, passExplanation = explanation): CheckResult {
  if (findings.length === 0) return pass(passExplanation);
  return { status: 'fail', findings, explanation };
}

export { failWith, notApplicable, pass };
export type { Check, CheckRecord, CheckResult };
