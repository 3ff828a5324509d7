/**
 * Which clients a run uses (issue 15). What a task is about (ECS, EC2, IAM simulate, Route 53, EFS)
 * is read and written in the task's own account and region: a member account through the spoke
 * role (spoke-session.ts), the function's own account with its own credentials. The hub's state
 * (DynamoDB incidents, SNS alerts, the audit bus, Scheduler) always stays in the function's own
 * account and region. Clients are built once per account and region and reused by the container.
 */
import { type AwsClients, type ClientOptions, createAwsClients } from './clients.js';
import type { SpokeCredentialProvider, SpokeSession } from './spoke-session.js';

/** The account a run acts in and, for a member account, what CloudTrail there shows it as. */
interface AccountTarget {
  /** Null: the function's own account (an event that named none, a manual lookup). */
  accountId: string | null;
  /** Names the incident or task in the spoke role's session name. */
  sessionLabel: string;
}

type ClientsFor = (region: string, target?: AccountTarget) => AwsClients;

interface ClientDirectoryOptions {
  homeRegion: string;
  /** The function's own account (from its ARN); null when unknown. */
  homeAccountId: string | null;
  /** Hub mode; null in a single-account deployment. */
  spoke: SpokeSession | null;
  /** For tests; default createAwsClients. */
  build?: (options: ClientOptions) => AwsClients;
}

function createClientDirectory(options: ClientDirectoryOptions): ClientsFor {
  const build = options.build ?? createAwsClients;
  const built = new Map<string, AwsClients>();
  // The session label of the run in progress: AssumeRole, when the cached credential runs out,
  // names the incident being handled now, not the one that first built the clients.
  const currentLabels = new Map<string, string>();

  function credentialsOf(accountId: string): SpokeCredentialProvider {
    const spoke = options.spoke;
    if (spoke === null) {
      // The scope check rejects these first; this keeps a bug from acting under a foreign name.
      throw new Error(`Account ${accountId} is not this function's account and hub mode is off (SPOKE_ROLE_NAME)`);
    }
    return async () => {
      const provider = spoke.credentialsFor(accountId, currentLabels.get(accountId) ?? 'hub');
      if (provider === undefined) throw new Error(`No spoke credentials for the home account ${accountId}`);
      return provider();
    };
  }

  function cached(key: string, make: () => AwsClients): AwsClients {
    let clients = built.get(key);
    if (clients === undefined) {
      clients = make();
      built.set(key, clients);
    }
    return clients;
  }

  const home = () => cached(`home|${options.homeRegion}`, () => build({ region: options.homeRegion }));

  function workloadClients(region: string, target: AccountTarget | undefined): AwsClients {
    const member = target?.accountId ?? null;
    if (member === null || member === options.homeAccountId) return cached(`home|${region}`, () => build({ region }));
    currentLabels.set(member, target?.sessionLabel ?? 'hub');
    return cached(`${member}|${region}`, () => build({ region, credentials: credentialsOf(member) }));
  }

  return (region, target) => {
    const state = home();
    // The hub's own state (incidents, alerts, audit bus, schedules) never moves to a member account.
    return {
      ...workloadClients(region, target),
      sns: state.sns,
      events: state.events,
      dynamodb: state.dynamodb,
      scheduler: state.scheduler,
    };
  };
}

export { createClientDirectory };
export type { ClientsFor };
