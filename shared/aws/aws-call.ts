/**
 * Sends one AWS call on behalf of a diagnosis and turns any failure into an AwsCallError that
 * names the operation and the resource, so the handler can tell transient from permanent failures.
 */
import { AwsCallError, assertIsError } from '../errors.js';

/** Runs `send` and wraps whatever it throws. The SDK has already retried throttling and 5xx. */
async function callAws<T>(operation: string, resource: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    assertIsError(error);
    throw new AwsCallError(operation, resource, error);
  }
}

/** Collects every page; stops as soon as a page comes without a token. */
async function collectPages<T>(
  fetchPage: (token: string | undefined) => Promise<{ items: T[] | undefined; nextToken: string | undefined }>
): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    items.push(...(page.items ?? []));
    token = page.nextToken;
  } while (token);
  return items;
}

/** True when an SDK error (or the AwsCallError around it) carries one of `names`. */
function hasErrorName(error: unknown, names: readonly string[]): boolean {
  const inner = error instanceof AwsCallError ? error.cause : error;
  return inner instanceof Error && names.includes(inner.name);
}

export { callAws, collectPages, hasErrorName };
