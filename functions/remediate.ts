/**
 * The remediation Lambda (dist/remediate/index.mjs, export `handler`). It only wires things:
 * configuration and clients at cold start, Powertools through Middy, then one pipeline call.
 * Permanent problems come back as a report; transient AWS failures throw, so Lambda's async
 * retries and the on-failure destination take over.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { setMaxListeners } from 'node:events';
import type { Context } from 'aws-lambda';
import { createAccountAliasReader } from '../shared/aws/account-alias.js';
import { type ClientsFor, createClientDirectory } from '../shared/aws/client-directory.js';
import { createSpokeSession, createStsClient, stsAssumeRole } from '../shared/aws/spoke-session.js';
import { createPermissionChecker } from '../shared/aws/iam-permissions.js';
import { systemClock } from '../shared/clock.js';
import { loadConfig } from '../shared/config.js';
import { logger, metrics, recordOutcomeMetrics } from '../shared/observability.js';
import { handleRequest } from '../shared/pipeline/handle-request.js';
import { accountOfFunctionArn, homeOf, partitionOfArn } from '../shared/remediation/home-scope.js';
import type { Report } from '../shared/report/report.js';

// A bad setting fails the cold start with the variable's name, before any event is touched.
const config = loadConfig();
const accountAliasOf = createAccountAliasReader();
/** Abort listeners on one run's signal before Node warns (one per SDK call in flight). */
const MAX_CALLS_IN_FLIGHT = 100;
// Built at the first invocation: the home account and partition come from the function's own ARN.
let clientsFor: ClientsFor | undefined;

function clientDirectory(functionArn: string): ClientsFor {
  const homeAccountId = accountOfFunctionArn(functionArn);
  const spoke =
    config.spokeRoleName === null || homeAccountId === null
      ? null
      : createSpokeSession({
          roleName: config.spokeRoleName,
          partition: partitionOfArn(functionArn),
          homeAccountId,
          assumeRole: stsAssumeRole(createStsClient(config.region)),
          now: systemClock,
        });
  return createClientDirectory({ homeRegion: config.region, homeAccountId, spoke });
}

async function remediate(event: unknown, context: Context, options?: { signal?: AbortSignal }): Promise<Report> {
  // Every SDK call in flight listens on the run's abort signal; a gather round has more than
  // Node's default of 10 at once, which is not a leak (each call removes its listener).
  if (options?.signal) setMaxListeners(MAX_CALLS_IN_FLIGHT, options.signal);
  // Built at the first invocation: the function's own ARN names its account and partition.
  clientsFor ??= clientDirectory(context.invokedFunctionArn);
  const report = await handleRequest(
    event,
    {
      config,
      clientsFor,
      permissionsFor: (clients) => createPermissionChecker(clients.iam, config.permissionCheck),
      defaultRegion: config.region,
      accountAliasOf,
      // Single-account: events of another account or region are rejected before any call; a hub
      // (SPOKE_ROLE_NAME) serves any region and the allowed member accounts.
      home: homeOf(config, context.invokedFunctionArn),
    },
    {
      requestId: context.awsRequestId,
      signal: options?.signal,
      remainingTimeMs: () => context.getRemainingTimeInMillis(),
    }
  );
  if (report.task?.vpcId) logger.appendKeys({ vpcId: report.task.vpcId });
  if (report.outcome === 'invalid') logger.warn('Input rejected', { note: report.note });
  const created = report.actions.filter((result) => result.status === 'created').length;
  recordOutcomeMetrics(report.outcome, report.classification?.category ?? null, created, report.alert.published);
  return report;
}

const handler = middy<unknown, Report, Error, Context>({ timeoutEarlyInMillis: 1000 })
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics))
  .handler(remediate);

export { handler };
