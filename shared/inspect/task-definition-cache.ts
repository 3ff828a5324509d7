/**
 * Task definition revisions never change, so their facts are cached by revision ARN for the life
 * of the Lambda container: a burst of failures of one service costs one DescribeTaskDefinition.
 */
import type { TaskDefinitionFacts } from '../model/snapshot.js';

/** Enough for every revision a busy account fails with; the oldest entry goes first. */
const MAX_ENTRIES = 200;
const cache = new Map<string, TaskDefinitionFacts>();

function cachedTaskDefinition(arn: string): TaskDefinitionFacts | undefined {
  return cache.get(arn);
}

function rememberTaskDefinition(arn: string, facts: TaskDefinitionFacts): void {
  // `family:3` ARNs are immutable; a bare family name (latest revision) is not.
  if (!/:\d+$/.test(arn)) return;
  if (cache.size >= MAX_ENTRIES) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(arn, facts);
}

/** For tests that count calls from a cold container. */
function clearTaskDefinitionCache(): void {
  cache.clear();
}

export { cachedTaskDefinition, clearTaskDefinitionCache, rememberTaskDefinition };
