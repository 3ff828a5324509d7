/**
 * Helpers for tests that run against the moto server the test runner started
 * (`npm test -- --project integration ...`; scripts/test.mjs sets NETFIX_MOTO_URL and
 * AWS_ENDPOINT_URL). moto is shared by every integration file and is never reset: isolate with
 * fresh VPCs/clusters named by `uniqueName` and always filter by vpc-id.
 */
import { randomUUID } from 'node:crypto';
import { CreateAccountAliasCommand, CreateRoleCommand } from '@aws-sdk/client-iam';
import { type AwsClients, createAwsClients } from '../../shared/aws/clients.js';
import { createStsClient, stsAssumeRole } from '../../shared/aws/spoke-session.js';

const DEFAULT_REGION = 'eu-west-1';

/** The moto URL, or a clear error telling how to run integration tests. */
function requireMoto(): string {
  const url = process.env.NETFIX_MOTO_URL ?? process.env.AWS_ENDPOINT_URL;
  if (!url) {
    throw new Error(
      'Integration tests need moto: run them with `npm test -- --project integration` (scripts/test.mjs starts moto), or set NETFIX_MOTO_URL and AWS_ENDPOINT_URL to a running moto server'
    );
  }
  if (!/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/?$/.test(url)) {
    throw new Error(`Refusing to run integration tests against ${url}: only a loopback moto server is allowed`);
  }
  // The SDK reads AWS_ENDPOINT_URL for every client.
  process.env.AWS_ENDPOINT_URL = url;
  return url;
}

/** The project's counting clients, pointed at moto. */
function motoClients(region = DEFAULT_REGION): AwsClients {
  requireMoto();
  return createAwsClients({ region, maxAttempts: 1 });
}

/** A name no other test (or earlier run against the same server) uses. */
function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/**
 * Clients that act in another account: moto maps the keys AssumeRole returns to the role's
 * account (the role need not exist), so a member account's world can be built beside the hub's.
 */
async function clientsInAccount(accountId: string, region: string): Promise<AwsClients> {
  requireMoto();
  const credentials = await stsAssumeRole(createStsClient(region))({
    roleArn: `arn:aws:iam::${accountId}:role/test-seed`,
    sessionName: 'test-seed',
    durationSeconds: 3600,
  });
  return createAwsClients({ region, maxAttempts: 1, credentials: async () => credentials });
}

/** A member account's spoke role trusting the hub account (the StackSet creates it in AWS), and an alias. */
async function createSpokeRole(
  member: AwsClients,
  options: { hubAccountId: string; roleName: string; alias: string }
): Promise<void> {
  await member.iam.send(
    new CreateRoleCommand({
      RoleName: options.roleName,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${options.hubAccountId}:root` }, Action: 'sts:AssumeRole' },
        ],
      }),
    })
  );
  await member.iam.send(new CreateAccountAliasCommand({ AccountAlias: options.alias }));
}

export { clientsInAccount, createSpokeRole, motoClients, requireMoto, uniqueName };
