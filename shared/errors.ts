/**
 * One base class for every error ecs-netfix raises on purpose, so callers can tell our errors
 * (with the resource they concern) from bugs and SDK errors.
 */
class NetfixError extends Error {
  /** The AWS resource or input field the error concerns, when there is one. */
  public readonly resource?: string;

  public constructor(message: string, options?: { cause?: unknown; resource?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'NetfixError';
    this.resource = options?.resource;
  }
}

/** The input is not something we accept; the message names the field. Permanent: never retried. */
class InvalidRequestError extends NetfixError {
  public readonly field: string;

  public constructor(field: string, message: string) {
    super(`${field}: ${message}`, { resource: field });
    this.name = 'InvalidRequestError';
    this.field = field;
  }
}

/** Configuration from the environment is missing or wrong. Fails the cold start. */
class ConfigError extends NetfixError {
  public constructor(variable: string, message: string) {
    super(`${variable}: ${message}`, { resource: variable });
    this.name = 'ConfigError';
  }
}

/** An AWS call failed. `transient` decides whether the event is retried. */
class AwsCallError extends NetfixError {
  public readonly operation: string;
  public readonly code: string;
  public readonly transient: boolean;

  public constructor(operation: string, resource: string, cause: unknown, transient = isTransientAwsError(cause)) {
    const code = awsErrorName(cause);
    super(`${operation} failed for ${resource}: ${code}: ${errorMessage(cause)}`, {
      cause,
      resource,
    });
    this.name = 'AwsCallError';
    this.operation = operation;
    this.code = code;
    this.transient = transient;
  }
}

/** Narrows a caught value to Error (everything we throw, and every SDK error, is one). */
function assertIsError(value: unknown): asserts value is Error {
  if (!(value instanceof Error)) {
    throw new NetfixError(`Non-error thrown: ${String(value)}`, { cause: value });
  }
}

function errorMessage(value: unknown): string {
  return value instanceof Error ? value.message : String(value);
}

/** EC2 exposes no exception classes, so AWS errors are told apart by `name`. */
function awsErrorName(value: unknown): string {
  if (value instanceof Error) return value.name;
  return 'UnknownError';
}

/**
 * The one list of AWS throttling answers: the Lambda's retry decision (isTransientAwsError) and
 * the CLI's explanation (shared/cli/explain-aws-error.ts) both read it.
 */
const THROTTLING_CODES: ReadonlySet<string> = new Set([
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  // SNS's throttling answer (HTTP 429, code Throttled), found by the chaos proxy (issue 13).
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
  // S3's "reduce your request rate" (HTTP 503).
  'SlowDown',
]);

/** Connection failures below HTTP: the endpoint (or the network to it) did not answer. */
const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  ...THROTTLING_CODES,
  ...NETWORK_ERROR_CODES,
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalError',
  'InternalFailure',
  'InternalServerError',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'AbortError',
]);

/** True for throttling, 5xx and network failures: worth a retry by Lambda's async retries. */
function isTransientAwsError(value: unknown): boolean {
  if (!(value instanceof Error)) return false;
  if (TRANSIENT_CODES.has(value.name)) return true;
  const meta = (value as { $metadata?: { httpStatusCode?: number } }).$metadata;
  const status = meta?.httpStatusCode;
  if (status !== undefined && status >= 500) return true;
  const code = (value as { code?: string }).code;
  return code !== undefined && TRANSIENT_CODES.has(code);
}

/** The event names a task, service, subnet or VPC that AWS does not confirm. Permanent: `invalid`. */
class FactsDisagreeError extends NetfixError {
  public constructor(message: string, resource: string) {
    super(message, { resource });
    this.name = 'FactsDisagreeError';
  }
}

/** Another run held the VPC for the whole wait. Transient: Lambda's retry comes back later. */
class VpcBusyError extends NetfixError {
  public readonly transient = true;

  public constructor(vpcId: string, waitedMs: number) {
    super(`Another ecs-netfix run is changing ${vpcId}; waited ${Math.round(waitedMs / 1000)} s, the event is retried`, {
      resource: vpcId,
    });
    this.name = 'VpcBusyError';
  }
}

/** Not enough of the function's time left to start a write: transient, the retry has a fresh budget. */
class OutOfTimeError extends NetfixError {
  public readonly transient = true;

  public constructor(remainingMs: number, what: string, neededMs: number) {
    super(`Not starting ${what}: ${remainingMs} ms of the function's time left, a write needs ${neededMs} ms`);
    this.name = 'OutOfTimeError';
  }
}

/**
 * Thrown when the named cluster, service or task does not exist, or has no stopped task ECS still
 * remembers. Permanent: the message says which of these it is.
 */
class StoppedTaskNotFoundError extends NetfixError {
  public readonly cluster: string;

  public constructor(cluster: string, what: string, message?: string) {
    super(message ?? `No stopped task found for ${what} in cluster ${cluster}: ECS shows stopped tasks for about an hour only`, {
      resource: what,
    });
    this.name = 'StoppedTaskNotFoundError';
    this.cluster = cluster;
  }
}

class UsageError extends NetfixError {
  /** The command whose usage was wrong, so the hint can point to its `--help`. */
  public readonly command: string | null;

  public constructor(message: string, command: string | null = null) {
    super(message, command === null ? undefined : { resource: command });
    this.name = 'UsageError';
    this.command = command;
  }
}

export {
  FactsDisagreeError,
  OutOfTimeError,
  StoppedTaskNotFoundError,
  UsageError,
  VpcBusyError,
  NETWORK_ERROR_CODES,
  THROTTLING_CODES,
  AwsCallError,
  ConfigError,
  InvalidRequestError,
  NetfixError,
  assertIsError,
  awsErrorName,
  errorMessage,
  isTransientAwsError,
};
