/**
 * `ecs-netfix scan`: `check` for every service of the account and region (or of the clusters
 * given), as one table sorted by risk. With --all-accounts, --accounts or --regions: the same over
 * many accounts (through their spoke role) and regions, one table with account and region columns.
 * Read-only.
 */
import { identifyCaller, openCliSpokeSession } from '../../aws/caller-identity.js';
import { createOrganizationsClient, listActiveAccounts } from '../../aws/organizations.js';
import { regionFromProfile } from '../../aws/profile-region.js';
import { AWS_OPTIONS, isRegionName, resolveAwsTarget, stringListOption, stringOption } from '../aws-options.js';
import type { AwsTarget } from '../aws-options.js';
import { createAwsSession } from '../aws-session.js';
import type { AwsSession } from '../aws-session.js';
import { serviceCount } from '../assess-services.js';
import type { CliCommand, CommandContext, OptionValue } from '../command.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { ExitCode } from '../exit-codes.js';
import { scanFleet, scanRegion } from '../fleet-scan.js';
import { createProgress } from '../progress.js';
import { renderFleetTable, renderScanTable } from '../render-readiness.js';
import { runAwsCommand } from '../run-aws-command.js';
import { sortByRisk } from '../service-readiness.js';
import {
  ACCOUNT_OPTIONS,
  openAccountSession,
  parseAccountList,
  readAccountTarget,
  readSpokeRole,
  sessionInAccount,
} from '../spoke-options.js';
import { UsageError } from '../../errors.js';

const NAME = 'scan';

const scanCommand: CliCommand = {
  name: NAME,
  summary: 'check every service of the region and list those at risk',
  description: [
    'Runs the same check as `ecs-netfix check` for every service of every cluster in the region',
    '(ListClusters, ListServices, DescribeServices in batches of 10), or of the clusters given.',
    'Prints services at risk first (errors, then warnings) with the finding codes, then the',
    'ready ones. A progress bar goes to stderr on a terminal. Read-only.',
    "With --all-accounts (the organization's ACTIVE accounts, from the management account or a",
    'delegated administrator) or --accounts, and --spoke-role, scans every account and region a few',
    'at a time into one table with ACCOUNT and REGION columns; an account that cannot be scanned is',
    'a row with its error.',
  ].join('\n'),
  options: {
    cluster: {
      type: 'string',
      valueName: 'CLUSTER',
      multiple: true,
      description: 'only this cluster; repeat for several (default: all)',
    },
    'all-accounts': {
      type: 'boolean',
      description: 'scan every ACTIVE account of the organization (organizations:ListAccounts); needs --spoke-role',
    },
    accounts: { type: 'string', valueName: 'ID,ID', description: 'scan these accounts (comma-separated); needs --spoke-role' },
    regions: {
      type: 'string',
      valueName: 'REGION,REGION',
      description: 'scan these regions (comma-separated; default: --region)',
    },
    ...AWS_OPTIONS,
    ...ACCOUNT_OPTIONS,
  },
  arguments: [],
  examples: [
    'ecs-netfix scan',
    'ecs-netfix scan --cluster prod --cluster staging --json',
    'ecs-netfix scan --all-accounts --spoke-role ecs-netfix-spoke --regions eu-west-1,us-east-1',
    'ecs-netfix scan --accounts 111122223333,444455556666 --spoke-role ecs-netfix-spoke',
  ],
  run: runScan,
};

/** Which accounts a fleet scan covers: the organization's, a list, one member account, or the caller's own. */
type FleetAccounts = { kind: 'organization' } | { kind: 'list'; ids: string[] } | { kind: 'caller' };

interface FleetRequest {
  accounts: FleetAccounts;
  roleName: string | null;
  regions: string[] | null;
}

function parseRegionList(text: string): string[] {
  const regions = [
    ...new Set(
      text
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '')
    ),
  ];
  if (regions.length === 0) throw new UsageError('--regions needs at least one region (e.g. eu-west-1,us-east-1)', NAME);
  for (const region of regions) {
    if (!isRegionName(region))
      throw new UsageError(
        `in --regions, ${JSON.stringify(region.slice(0, 40))} is not an AWS region name (e.g. eu-west-1)`,
        NAME
      );
  }
  return regions;
}

/** Null for a plain scan of one account and region; every flag checked before any AWS call. */
function readFleetRequest(values: Readonly<Record<string, OptionValue>>): FleetRequest | null {
  const allAccounts = values['all-accounts'] === true;
  const accountsText = stringOption(values, 'accounts');
  const regionsText = stringOption(values, 'regions');
  if (!allAccounts && accountsText === null && regionsText === null) return null;
  const regions = regionsText === null ? null : parseRegionList(regionsText);
  if (allAccounts && accountsText !== null) throw new UsageError('give --all-accounts or --accounts, not both', NAME);
  if (!allAccounts && accountsText === null) {
    const one = readAccountTarget(values, NAME);
    return one === null
      ? { accounts: { kind: 'caller' }, roleName: null, regions }
      : { accounts: { kind: 'list', ids: [one.accountId] }, roleName: one.roleName, regions };
  }
  const flag = allAccounts ? '--all-accounts' : '--accounts';
  if (stringOption(values, 'account') !== null) throw new UsageError(`give ${flag} or --account, not both`, NAME);
  const roleName = readSpokeRole(values, NAME);
  if (roleName === null) throw new UsageError(`${flag} needs --spoke-role ROLE (the role to assume in each account)`, NAME);
  const accounts: FleetAccounts = allAccounts
    ? { kind: 'organization' }
    : { kind: 'list', ids: parseAccountList(accountsText ?? '', NAME) };
  return { accounts, roleName, regions };
}

async function runScan(context: CommandContext): Promise<ExitCode> {
  const { values } = context;
  const named = stringListOption(values, 'cluster');
  const fleet = readFleetRequest(values);
  const spoke = fleet === null ? readAccountTarget(values, NAME) : null;
  const target = await resolveAwsTarget(values, context.io, NAME, regionFromProfile);
  if (fleet !== null) return runFleetScan(context, target, fleet, named);
  const { io, style } = context;
  return runAwsCommand(io, NAME, target, async () => {
    const session = await openAccountSession(target, spoke, `cli-${NAME}`, { memoizeReads: true });
    // Sized once the services are listed; until then it draws nothing.
    let progress = createProgress(io.stderr, 0, 'checking services');
    let results: Awaited<ReturnType<typeof scanRegion>>;
    try {
      results = await scanRegion(session, target.region, {
        clusters: named,
        onListed: (groups) => {
          progress = createProgress(io.stderr, serviceCount(groups), 'checking services');
        },
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

async function runFleetScan(
  context: CommandContext,
  target: AwsTarget,
  fleet: FleetRequest,
  clusters: string[]
): Promise<ExitCode> {
  const { values, io, style } = context;
  return runAwsCommand(io, NAME, target, async () => {
    const spokes =
      fleet.roleName === null
        ? null
        : await openCliSpokeSession({ region: target.region, profile: target.profile, roleName: fleet.roleName });
    const home = spokes?.home ?? (await identifyCaller(target.region, target.profile));
    const accounts =
      fleet.accounts.kind === 'organization'
        ? (await listActiveAccounts(createOrganizationsClient(target.region, target.profile))).map((account) => account.id)
        : fleet.accounts.kind === 'list'
          ? fleet.accounts.ids
          : [home.accountId];
    const regions = fleet.regions ?? [target.region];
    // One session per account, shared by its regions: one AssumeRole per account.
    const sessions = new Map<string, Promise<AwsSession>>();
    const sessionFor = (account: string): Promise<AwsSession> => {
      let session = sessions.get(account);
      if (session === undefined) {
        session =
          spokes === null
            ? Promise.resolve(createAwsSession(target, undefined, { memoizeReads: true }))
            : sessionInAccount(target, spokes, account, `cli-${NAME}`, { memoizeReads: true });
        sessions.set(account, session);
      }
      return session;
    };
    const progress = createProgress(io.stderr, accounts.length * regions.length, 'scanning accounts');
    let scan: Awaited<ReturnType<typeof scanFleet>>;
    try {
      scan = await scanFleet({
        accounts,
        regions,
        clusters,
        profile: target.profile,
        sessionFor,
        onDone: (unit) => progress.tick(`${unit.account} ${unit.region}`),
      });
    } finally {
      progress.done();
    }
    io.stdout.write(values.json === true ? `${JSON.stringify(scan, null, 2)}\n` : renderFleetTable(scan, style));
    const atRisk = scan.results.some((result) => result.status !== 'ready');
    return atRisk || scan.errors.length > 0 ? EXIT_CODES.problems : EXIT_CODES.ok;
  });
}

export { scanCommand };
