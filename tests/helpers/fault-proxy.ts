/**
 * A fault-injecting HTTP proxy in front of moto, on loopback only. The built bundle (or the CLI)
 * points at it through AWS_ENDPOINT_URL; every request is forwarded to moto unless a rule matches
 * its AWS operation, in which case the proxy answers the way AWS fails:
 *
 * - `server-error`: a 5xx with the protocol's error shape (JSON `__type`, EC2 XML, SNS query XML);
 * - `throttle`: the operation's throttling error (DynamoDB ProvisionedThroughputExceededException,
 *   EC2 RequestLimitExceeded 503, SNS Throttled 429 (the SDK's ThrottledException),
 *   ThrottlingException elsewhere);
 * - `reset`: the connection is destroyed before the request reaches moto;
 * - `reply-lost`: the request is applied by moto, then the connection is destroyed (no reply);
 * - `held`: the request is applied by moto and the reply never comes (delayed past the deadline;
 *   the caller gives up when its time is over).
 *
 * The proxy also does what moto does not: EC2 ClientToken idempotency for CreateVpcEndpoint (the
 * same token and parameters answer the first endpoint again; other parameters answer
 * IdempotentParameterMismatch), as documented in "Ensuring idempotency in Amazon EC2 API requests".
 */
import { createHash, randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type FaultKind = 'server-error' | 'throttle' | 'reset' | 'reply-lost' | 'held';

const FAULT_KINDS: readonly FaultKind[] = ['server-error', 'throttle', 'reset', 'reply-lost', 'held'];

interface FaultRule {
  /** `Service.Operation` as the project names it: `EC2.CreateVpcEndpoint`, `DynamoDB.UpdateItem`. */
  operation: string;
  fault: FaultKind;
  /** Requests of this operation to let through untouched before the fault starts (default 0). */
  skip?: number;
  /** How many matching requests get the fault (default: every one). */
  times?: number;
  /** Only once this operation has passed the proxy (e.g. DynamoDB after `SNS.Publish`). */
  onlyAfter?: string;
  /** Only once this operation has been given a fault (e.g. DynamoDB after a refused `SNS.Publish`). */
  onlyAfterFaultOf?: string;
}

interface SeenRequest {
  operation: string;
  fault: FaultKind | null;
}

type Protocol = 'json' | 'ec2' | 'query' | 'rest-json';

interface Operation {
  name: string;
  protocol: Protocol;
  params: URLSearchParams | null;
}

const JSON_TARGET_SERVICES: Record<string, string> = {
  DynamoDB_20120810: 'DynamoDB',
  AWSEvents: 'EventBridge',
  AmazonEC2ContainerServiceV20141113: 'ECS',
  AmazonSQS: 'SQS',
};

/** The AWS operation of a request: X-Amz-Target, the Action= form parameter, or the REST path. */
function operationOf(request: IncomingMessage, body: string): Operation {
  const target = request.headers['x-amz-target'];
  if (typeof target === 'string') {
    const [prefix = '', name = ''] = target.split('.');
    return { name: `${JSON_TARGET_SERVICES[prefix] ?? prefix}.${name}`, protocol: 'json', params: null };
  }
  const contentType = String(request.headers['content-type'] ?? '');
  if (contentType.includes('x-www-form-urlencoded')) {
    const params = new URLSearchParams(body);
    const action = params.get('Action') ?? 'Unknown';
    const credential = String(request.headers.authorization ?? '');
    const service = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(credential)?.[1] ?? '';
    const prefix = service === 'ec2' ? 'EC2' : service === 'sns' ? 'SNS' : service === 'iam' ? 'IAM' : service.toUpperCase();
    return { name: `${prefix}.${action}`, protocol: service === 'ec2' ? 'ec2' : 'query', params };
  }
  const path = (request.url ?? '').split('?')[0] ?? '';
  if (path.startsWith('/schedules/')) {
    const verb = { POST: 'CreateSchedule', GET: 'GetSchedule', PUT: 'UpdateSchedule', DELETE: 'DeleteSchedule' }[
      request.method ?? ''
    ];
    return { name: `Scheduler.${verb ?? 'Unknown'}`, protocol: 'rest-json', params: null };
  }
  if (path === '/schedules') return { name: 'Scheduler.ListSchedules', protocol: 'rest-json', params: null };
  return { name: `HTTP.${request.method ?? ''} ${path}`, protocol: 'rest-json', params: null };
}

interface ErrorAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The error answer AWS gives for `code` in the operation's protocol. */
function errorAnswer(operation: Operation, status: number, code: string, message: string): ErrorAnswer {
  const requestId = randomUUID();
  switch (operation.protocol) {
    case 'json':
      return {
        status,
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': requestId },
        body: JSON.stringify({ __type: code, message }),
      };
    case 'rest-json':
      return {
        status,
        headers: { 'content-type': 'application/json', 'x-amzn-errortype': code, 'x-amzn-requestid': requestId },
        body: JSON.stringify({ Message: message }),
      };
    case 'ec2':
      return {
        status,
        headers: { 'content-type': 'text/xml' },
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`,
      };
    case 'query':
      return {
        status,
        headers: { 'content-type': 'text/xml' },
        body: `<ErrorResponse><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      };
  }
}

/** The throttling answer each service gives (names and statuses from the services' API references). */
function throttleAnswer(operation: Operation): ErrorAnswer {
  const message = 'Rate exceeded (injected by the fault proxy)';
  const service = operation.name.split('.')[0];
  if (service === 'DynamoDB') {
    return errorAnswer(operation, 400, 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', message);
  }
  if (service === 'EC2') return errorAnswer(operation, 503, 'RequestLimitExceeded', message);
  if (service === 'SNS') return errorAnswer(operation, 429, 'Throttled', message);
  if (operation.protocol === 'rest-json') return errorAnswer(operation, 429, 'ThrottlingException', message);
  return errorAnswer(operation, 400, 'ThrottlingException', message);
}

function serverErrorAnswer(operation: Operation): ErrorAnswer {
  const message = 'We encountered an internal error (injected by the fault proxy)';
  if (operation.protocol === 'ec2') return errorAnswer(operation, 500, 'InternalError', message);
  if (operation.protocol === 'query') return errorAnswer(operation, 500, 'InternalFailure', message);
  if (operation.protocol === 'rest-json') return errorAnswer(operation, 500, 'InternalServerException', message);
  return errorAnswer(operation, 500, 'InternalServerError', message);
}

interface Forwarded {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

class FaultProxy {
  /** Every request seen, in order, with the fault it got. */
  public readonly seen: SeenRequest[] = [];
  private rules: (FaultRule & { matched: number; hits: number })[] = [];
  private readonly server: http.Server;
  private readonly held = new Set<ServerResponse>();
  /** ClientToken -> parameters digest and moto's first answer (EC2 idempotency). */
  private readonly tokens = new Map<string, { digest: string; answer: Forwarded }>();

  private constructor(
    private readonly target: URL,
    server: http.Server
  ) {
    this.server = server;
  }

  static async start(motoUrl: string): Promise<FaultProxy> {
    const target = new URL(motoUrl);
    if (!['127.0.0.1', 'localhost'].includes(target.hostname))
      throw new Error(`the fault proxy forwards to loopback only, not ${motoUrl}`);
    let proxy: FaultProxy | null = null;
    const server = http.createServer((request, response) => {
      proxy?.handle(request, response).catch((error: unknown) => {
        response.destroy(error instanceof Error ? error : new Error(String(error)));
      });
    });
    proxy = new FaultProxy(target, server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Replaces the rules (and forgets how often the old ones matched). */
  inject(...rules: FaultRule[]): this {
    this.rules = rules.map((rule) => ({ ...rule, matched: 0, hits: 0 }));
    return this;
  }

  clear(): this {
    this.rules = [];
    this.releaseHeld();
    return this;
  }

  /** Faults that were injected so far, by operation. */
  injected(): SeenRequest[] {
    return this.seen.filter((request) => request.fault !== null);
  }

  /** Forgets the ClientTokens (after moto's reset) and the log. */
  reset(): void {
    this.tokens.clear();
    this.seen.length = 0;
    this.clear();
  }

  async close(): Promise<void> {
    this.releaseHeld();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private releaseHeld(): void {
    for (const response of this.held) response.destroy();
    this.held.clear();
  }

  private pickFault(operation: string): FaultKind | null {
    for (const rule of this.rules) {
      if (rule.operation !== operation) continue;
      if (rule.onlyAfter && !this.seen.some((request) => request.operation === rule.onlyAfter && request.fault === null))
        continue;
      if (
        rule.onlyAfterFaultOf &&
        !this.seen.some((request) => request.operation === rule.onlyAfterFaultOf && request.fault !== null)
      )
        continue;
      rule.matched += 1;
      if (rule.matched <= (rule.skip ?? 0)) continue;
      if (rule.times !== undefined && rule.hits >= rule.times) continue;
      rule.hits += 1;
      return rule.fault;
    }
    return null;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const operation = operationOf(request, body.toString('utf8'));
    const fault = this.pickFault(operation.name);
    this.seen.push({ operation: operation.name, fault });

    if (fault === 'reset') {
      request.socket.destroy();
      return;
    }
    if (fault === 'server-error' || fault === 'throttle') {
      const answer = fault === 'throttle' ? throttleAnswer(operation) : serverErrorAnswer(operation);
      response.writeHead(answer.status, answer.headers);
      response.end(answer.body);
      return;
    }
    const answer = await this.forwardIdempotent(request, body, operation);
    if (fault === 'reply-lost') {
      request.socket.destroy();
      return;
    }
    if (fault === 'held') {
      // Applied; the reply never comes. The caller's abort (its deadline) closes the socket.
      this.held.add(response);
      response.on('close', () => this.held.delete(response));
      return;
    }
    const headers = { ...answer.headers, 'content-length': String(answer.body.length) };
    delete headers['transfer-encoding'];
    response.writeHead(answer.status, headers);
    response.end(answer.body);
  }

  private async forwardIdempotent(request: IncomingMessage, body: Buffer, operation: Operation): Promise<Forwarded> {
    const token = operation.name === 'EC2.CreateVpcEndpoint' ? operation.params?.get('ClientToken') : null;
    if (!token) return this.forward(request, body);
    const params = new URLSearchParams(operation.params ?? '');
    params.delete('ClientToken');
    const digest = createHash('sha256')
      .update([...params.entries()].sort().join('&'))
      .digest('hex');
    const earlier = this.tokens.get(token);
    if (earlier && earlier.digest !== digest) {
      const mismatch = errorAnswer(
        operation,
        400,
        'IdempotentParameterMismatch',
        `The client token ${token} was used with other parameters`
      );
      return { status: mismatch.status, headers: mismatch.headers, body: Buffer.from(mismatch.body) };
    }
    if (earlier) return earlier.answer;
    const answer = await this.forward(request, body);
    if (answer.status < 300) this.tokens.set(token, { digest, answer });
    return answer;
  }

  private forward(request: IncomingMessage, body: Buffer): Promise<Forwarded> {
    return new Promise<Forwarded>((resolve, reject) => {
      const upstream = http.request(
        {
          host: this.target.hostname,
          port: this.target.port,
          method: request.method,
          path: request.url,
          headers: { ...request.headers, host: this.target.host },
        },
        (reply) => {
          const chunks: Buffer[] = [];
          reply.on('data', (chunk: Buffer) => chunks.push(chunk));
          reply.on('end', () =>
            resolve({ status: reply.statusCode ?? 502, headers: reply.headers, body: Buffer.concat(chunks) })
          );
          reply.on('error', reject);
        }
      );
      upstream.on('error', reject);
      upstream.end(body);
    });
  }
}

/** Empties moto (every service, every region): one shared server, a clean world per case. */
async function resetMoto(motoUrl: string): Promise<void> {
  const response = await fetch(`${motoUrl.replace(/\/$/, '')}/moto-api/reset`, { method: 'POST' });
  if (!response.ok) throw new Error(`moto reset failed: HTTP ${response.status}`);
}

export { FAULT_KINDS, FaultProxy, resetMoto };
export type { FaultKind, FaultRule };
