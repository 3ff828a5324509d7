/**
 * `ecs-netfix scan`: `check` for every service of the account and region (or of the clusters
 * given), as one table sorted by risk. Read-only.
 */
import { listClusterArns } from '../../aws/ecs-list.js';
import { regionFromProfile } from '../../aws/profile-region.js';
import { AWS_OPTIONS, resolveAwsTarget, stringListOption } from '../aws-options.js';
import { ACCOUNT_OPTIONS, openAccountSession, readAccountTarget } from '../spoke-options.js';
import { assessClusterServices, findClusterServices, serviceCount } from '../assess-services.js';
import type { ClusterServices } from '../assess-services.js';
import type { CliCommand, CommandContext } from '../command.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { ExitCode } from '../exit-codes.js';
import { createProgress } from '../progress.js';
import { renderScanTable } from '../render-readiness.js';
import { runAwsCommand } from '../run-aws-command.js';
import { sortByRisk } from '../service-readiness.js';

const NAME = 'scan';

const scanCommand: CliCommand = {
  name: NAME,
  summary: 'check every service of the region and list those at risk',
  description: [
    'Runs the same check as `ecs-netfix check` for every service of every cluster in the region',
    '(ListClusters, ListServices, DescribeServices in batches of 10), or of the clusters given.',
    'Prints services at risk first (errors, then warnings) with the finding codes, then the',
    'ready ones. A progress bar goes to stderr on a terminal. Read-only.',
  ].join('\n'),
  options: {
    cluster: { type: 'string', valueName: 'CLUSTER', multiple: true, description: 'only this cluster; repeat for several (default: all)' },
    ...AWS_OPTIONS,
    ...ACCOUNT_OPTIONS,
  },
  arguments: [],
  examples: ['ecs-netfix scan', 'ecs-netfix scan --cluster prod --cluster staging --json'],
  run: runScan,
};

async function runScan(context: CommandContext): Promise<ExitCode> {
  const { values, io, style } = context;
  const named = stringListOption(values, 'cluster');
  const spoke = readAccountTarget(values, NAME);
  const target = await resolveAwsTarget(values, io, NAME, regionFromProfile);
  return runAwsCommand(io, NAME, target, async () => {
    const session = await openAccountSession(target, spoke, `cli-${NAME}`);
    const clients = session.clientsFor(target.region);
    const clusters = named.length > 0 ? named : await listClusterArns(clients.ecs);
    const groups: ClusterServices[] = [];
    for (const cluster of clusters) groups.push(await findClusterServices(clients, cluster, null));
    const progress = createProgress(io.stderr, serviceCount(groups), 'checking services');
    let results;
    try {
      results = await assessClusterServices(clients, groups, {
        permissions: session.permissionsFor(clients),
        region: target.region,
        onServiceDone: (result) => progress.tick(result.service),
      });
    } finally {
      progress.done();
    }
    const sorted = sortByRisk(results);
    if (values.json === true) io.stdout.write(`${JSON.stringify(sorted, null, 2)}\n`);
    else io.stdout.write(renderScanTable(sorted, style));
    return sorted.some((result) => result.status !== 'ready') ? EXIT_CODES.problems : EXIT_CODES.ok;
  });
}

export { scanCommand };
