/**
 * One read per question for the length of a scan. `scan` checks every service as if it were the
 * only one, so twenty services in one VPC would ask twenty times for the same route tables,
 * endpoints, security groups and NACLs, and describe each service again one by one after
 * DescribeServices already returned it in a batch of ten. The memo answers a repeated read from
 * the first answer, and a one-service DescribeServices from any earlier batch that held it: the
 * calls of a scan then grow with services/10 plus a constant per VPC.
 *
 * Only for read-only runs that last seconds (scan): `diagnose --apply` reads again after writing,
 * and the Lambda has its own TTL caches.
 */
import type { AwsClients } from './clients.js';

type Handler = (args: { input: unknown }) => Promise<unknown>;

interface MiddlewareStackLike {
  add: (
    middleware: (next: Handler, context: { commandName?: string }) => Handler,
    options: { step: 'initialize'; priority: 'high'; name: string; override: boolean }
  ) => void;
}

interface ServiceShape {
  serviceName?: string;
  serviceArn?: string;
}

const READ_OPERATION = /^(Describe|List|Get|Simulate)/;

/** JSON with sorted keys, so `{a, b}` and `{b, a}` are one question. */
function stableKey(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableKey).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableKey(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

function lastPart(nameOrArn: string): string {
  return nameOrArn.split('/').at(-1) ?? nameOrArn;
}

/** The services of DescribeServices, by cluster name, `include` and service name or ARN. */
class ServiceBook {
  private readonly services = new Map<string, ServiceShape>();

  private static key(cluster: unknown, include: unknown, service: string): string {
    return `${lastPart(typeof cluster === 'string' ? cluster : 'default')}|${stableKey(include ?? [])}|${lastPart(service)}`;
  }

  public remember(input: Record<string, unknown>, output: unknown): void {
    const services = (output as { services?: ServiceShape[] } | null)?.services ?? [];
    for (const service of services) {
      for (const id of [service.serviceName, service.serviceArn]) {
        if (id !== undefined) this.services.set(ServiceBook.key(input.cluster, input.include, id), service);
      }
    }
  }

  /** Every asked service already described: the answer ECS would give, without asking. */
  public answer(input: Record<string, unknown>): { services: ServiceShape[]; failures: never[] } | null {
    const asked = Array.isArray(input.services) ? (input.services as unknown[]) : [];
    if (asked.length === 0) return null;
    const known = asked.map((id) =>
      typeof id === 'string' ? this.services.get(ServiceBook.key(input.cluster, input.include, id)) : undefined
    );
    if (known.some((service) => service === undefined)) return null;
    return { services: known as ServiceShape[], failures: [] };
  }
}

function memoize(client: { middlewareStack: unknown }, service: string): void {
  const answers = new Map<string, Promise<unknown>>();
  const book = new ServiceBook();
  (client.middlewareStack as MiddlewareStackLike).add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? '').replace(/Command$/, '');
      if (!READ_OPERATION.test(operation)) return next(args);
      const input = (args.input ?? {}) as Record<string, unknown>;
      const describesServices = service === 'ECS' && operation === 'DescribeServices';
      const known = describesServices ? book.answer(input) : null;
      if (known !== null) return { output: { ...known, $metadata: {} }, response: {} };
      const key = `${operation}:${stableKey(input)}`;
      let answer = answers.get(key);
      if (answer === undefined) {
        // A failed read fails the same way for the rest of a scan of a few seconds: kept too.
        answer = next(args);
        answers.set(key, answer);
      }
      const result = await answer;
      if (describesServices) book.remember(input, (result as { output?: unknown }).output);
      return result;
    },
    // Ahead of the call counter (clients.ts): an answer from memory is no AWS call.
    { step: 'initialize', priority: 'high', name: 'ecsNetfixReadMemo', override: true }
  );
}

/** Makes `clients` answer repeated reads from memory for as long as they live (one scan). */
function memoizeReads(clients: AwsClients): AwsClients {
  memoize(clients.ec2, 'EC2');
  memoize(clients.ecs, 'ECS');
  memoize(clients.iam, 'IAM');
  memoize(clients.route53, 'Route53');
  memoize(clients.efs, 'EFS');
  return clients;
}

export { memoizeReads };
