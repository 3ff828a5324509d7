/** Shared steps of the inspection integration tests: gather one world's snapshot and count calls. */
import { expect } from '@jest/globals';
import type { AwsClients } from '../../../shared/aws/clients.js';
import { type CallLedger, withCallLedger } from '../../../shared/aws/call-ledger.js';
import { createPermissionChecker } from '../../../shared/aws/iam-permissions.js';
import type { StoppedTask } from '../../../shared/intake/request.js';
import { GATHER_CALL_BUDGET, findBudgetViolations } from '../../helpers/gather-budget.js';
import { clearGatherCaches, gatherSnapshot } from '../../../shared/inspect/gather.js';
import type { Snapshot } from '../../../shared/model/snapshot.js';

/** Gathers from a cold container (no cached task definition), with the permission check off. */
async function gatherCold(
  clients: AwsClients,
  task: StoppedTask,
  options: { keepCache?: boolean } = {}
): Promise<{ snapshot: Snapshot; ledger: CallLedger }> {
  if (!options.keepCache) clearGatherCaches();
  const permissions = createPermissionChecker(clients.iam, 'off');
  const { result, ledger } = await withCallLedger(() => gatherSnapshot(clients, task, { permissions }));
  return { snapshot: result, ledger };
}

/** Each Describe at most once (two for the VPC attributes), at most three rounds. */
function expectWithinBudget(ledger: CallLedger): void {
  expect(findBudgetViolations(ledger.byOperation(), ledger.roundsUsed())).toEqual([]);
  expect(ledger.roundsUsed()).toBeLessThanOrEqual(GATHER_CALL_BUDGET.maxRounds);
}

export { expectWithinBudget, gatherCold };
