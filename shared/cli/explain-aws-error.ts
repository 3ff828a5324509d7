/**
 * The AWS errors a person meets when running the CLI, each turned into one line that says what
 * went wrong and one line that says how to fix it. Pure: the message comes from the error's
 * name, its text and where the CLI pointed (region, profile).
 */
import { shellQuote } from '../diagnosis/fix-commands.js';
import { AwsCallError, NETWORK_ERROR_CODES, THROTTLING_CODES } from '../errors.js';

interface AwsTargetHint {
  region: string | null;
  profile: string | null;
}

interface AwsErrorExplanation {
  /** What went wrong, one line. */
  problem: string;
  /** What to do about it, one line. */
  fix: string;
  /** The command named something that does not exist (a cluster, a service): exit code 2. */
  badInput?: true;
}

const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedAccess',
  'AuthorizationError',
]);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired']);
const BAD_CREDENTIALS = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'AuthFailure',
  'InvalidAccessKeyId',
  'IncompleteSignature',
  'InvalidSignatureException',
]);
/** The SDK error inside our AwsCallError, and the operation and resource it concerned. */
function unwrap(error: unknown): { inner: unknown; operation: string | null; resource: string | null } {
  if (error instanceof AwsCallError) return { inner: error.cause, operation: error.operation, resource: error.resource ?? null };
  return { inner: error, operation: null, resource: null };
}

function regionFlag(target: AwsTargetHint): string {
  return target.region ? ` --region ${shellQuote(target.region)}` : '';
}

function profileFlag(target: AwsTargetHint): string {
  return target.profile ? ` --profile ${shellQuote(target.profile)}` : '';
}

/** `ecs:DescribeServices` from "... is not authorized to perform: ecs:DescribeServices on ...". */
function deniedAction(message: string, operation: string | null): string | null {
  const named = /perform:?\s+([a-z0-9-]+:[A-Za-z0-9*]+)/.exec(message)?.[1];
  if (named !== undefined) return named;
  if (operation === null) return null;
  const [service, action] = operation.includes('.') ? operation.split('.', 2) : [null, operation];
  return service ? `${service.toLowerCase()}:${action}` : (action ?? null);
}

function nameOf(value: unknown): string {
  return value instanceof Error ? value.name : '';
}

function messageOf(value: unknown): string {
  return value instanceof Error ? value.message : String(value);
}

function systemCode(value: unknown): string | null {
  const code = (value as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  const causeCode = (value as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof causeCode === 'string' ? causeCode : null;
}

/** One explanation for the errors people hit; null for anything else (shown as is). */
function explainAwsError(error: unknown, target: AwsTargetHint): AwsErrorExplanation | null {
  const { inner, operation, resource } = unwrap(error);
  const name = nameOf(inner);
  const message = messageOf(inner);
  const where = target.region ? ` in ${target.region}` : '';
  const call = operation ? `${operation}${resource ? ` (${resource})` : ''}` : 'the AWS call';

  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
    return {
      problem: target.profile
        ? `no AWS credentials could be loaded for profile ${target.profile}`
        : 'no AWS credentials found (no environment keys, profile, SSO session or instance role)',
      fix: target.profile
        ? `run 'aws sso login${profileFlag(target)}' (or check the profile in ~/.aws/config)`
        : "run 'aws configure' or 'aws sso login', or pass --profile NAME",
    };
  }
  if (EXPIRED.has(name) || /token (has|is) expired|session has expired|token expired/i.test(message)) {
    return {
      problem: 'the AWS session token has expired',
      fix: `log in again ('aws sso login${profileFlag(target)}') or refresh the temporary credentials`,
    };
  }
  if (BAD_CREDENTIALS.has(name)) {
    return {
      problem: `AWS rejected the credentials (${name})`,
      fix: `check the access key and secret, or the profile${target.profile ? ` ${target.profile}` : ''}; 'aws sts get-caller-identity${profileFlag(target)}' shows who you are`,
    };
  }
  if (operation === 'Organizations.ListAccounts' && (ACCESS_DENIED.has(name) || name === 'AWSOrganizationsNotInUseException')) {
    return {
      problem:
        name === 'AWSOrganizationsNotInUseException'
          ? 'the account is not in an AWS organization, so there are no accounts to list'
          : 'organizations:ListAccounts was denied: it answers only in the management account or a delegated administrator',
      fix: `run it with a profile of the management account (or a delegated administrator), or name the accounts with --accounts ID,ID`,
    };
  }
  // AWS answers AccessDenied both for a missing role and for a trust policy that does not name you.
  if (operation === 'STS.AssumeRole' && (ACCESS_DENIED.has(name) || name === 'RegionDisabledException')) {
    return {
      problem: `cannot assume ${resource ?? 'the spoke role'} (${name})`,
      fix: `check that the spoke role exists in that account and trusts you ('aws sts get-caller-identity${profileFlag(target)}' shows who you are), and that you may call sts:AssumeRole on it`,
    };
  }
  if (ACCESS_DENIED.has(name)) {
    const action = deniedAction(message, operation);
    return {
      problem: `not allowed to call ${action ?? call}${where}`,
      fix: `grant ${action ?? 'the action'} to your role or user (docs/cli.md, "Permissions", lists what each command needs)`,
    };
  }
  if (THROTTLING_CODES.has(name)) {
    return {
      problem: `AWS throttled ${call}${where} even after retries`,
      fix: 'wait a minute and run it again, or narrow it (--cluster, --service, --vpc)',
    };
  }
  if (/Region is missing/i.test(message)) {
    return { problem: 'no AWS region is set', fix: 'pass --region REGION, or set AWS_REGION' };
  }
  const code = systemCode(inner);
  if (code !== null && NETWORK_ERROR_CODES.has(code)) {
    return {
      problem: `could not reach AWS${where} (${code})`,
      fix: target.region
        ? `check the --region spelling (${target.region}) and your network or proxy; AWS_ENDPOINT_URL, when set, must point at a running server`
        : 'check your network or proxy, and the region',
    };
  }
  if (name === 'UnknownEndpoint' || /getaddrinfo|Invalid region|not a valid region/i.test(message)) {
    return {
      problem: `no AWS endpoint for region ${target.region ?? '(none)'}`,
      fix: 'check the --region spelling (e.g. eu-west-1)',
    };
  }
  if (name === 'ClusterNotFoundException') {
    return {
      problem: `the cluster does not exist${where}`,
      fix: `check the cluster name and --region ('aws ecs list-clusters${regionFlag(target)}${profileFlag(target)}')`,
      badInput: true,
    };
  }
  if (name === 'ServiceNotFoundException') {
    return {
      problem: `the service does not exist${where}`,
      fix: `check the service name and its cluster ('aws ecs list-services --cluster CLUSTER${regionFlag(target)}${profileFlag(target)}')`,
      badInput: true,
    };
  }
  // An unknown region behind a proxy or a local endpoint answers with a page, not an AWS reply.
  if (name === 'SyntaxError' || /Deserialization error|is not valid JSON|Unexpected token/i.test(message)) {
    return {
      problem: `the answer to ${call}${where} was not an AWS API reply`,
      fix: `check the --region spelling (e.g. eu-west-1) and that the region is enabled for the account; AWS_ENDPOINT_URL, when set, must point at an AWS API`,
    };
  }
  if (name === 'ResourceNotFoundException' && operation === 'Lambda.Invoke') {
    return {
      problem: `function ${resource ?? ''} was not found${where}`.replace('  ', ' '),
      fix: `check --function and --region ('aws lambda list-functions${profileFlag(target)}')`,
    };
  }
  return null;
}

export { explainAwsError };
export type { AwsTargetHint };
