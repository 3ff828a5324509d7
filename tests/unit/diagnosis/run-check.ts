/** Runs one check the way diagnose() does, for check tests. */
import type { Category } from '../../../shared/classify/classification.js';
import type { StoppedTask } from '../../../shared/intake/request.js';
import type { Snapshot } from '../../../shared/model/snapshot.js';
import type { Check, CheckResult } from '../../../shared/diagnosis/check.js';
import { buildDiagnosisContext } from '../../../shared/diagnosis/context.js';
import { aClassification, aStoppedTask } from '../../helpers/snapshot-builder.js';

function runCheck(
  check: Check,
  snapshot: Snapshot,
  options: { category?: Category; classification?: ReturnType<typeof aClassification>; task?: StoppedTask } = {}
): CheckResult {
  const classification = options.classification ?? aClassification(options.category ?? 'ecr_api_unreachable');
  return check.evaluate(buildDiagnosisContext({ classification, snapshot, task: options.task ?? aStoppedTask() }));
}

export { runCheck };
