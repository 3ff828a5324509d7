/**
 * A scripted AWS for the fault tests: real SDK clients (createAwsClients, so the SDK's own retry
 * middleware and the call ledger run as in Lambda) whose HTTP step is replaced by a middleware
 * that answers from a recorded moto world and keeps the little state a run changes (endpoints,
 * the endpoint security group, the incident item). Faults are queued per operation and thrown on
 * the next attempts, inside the retry loop, exactly where a throttled or failed HTTP answer lands.
 *
 * Why not aws-sdk-client-mock: it replaces `client.send`, so the SDK's retry middleware never runs
 * and a test could not show that a throttled call is retried within `maxAttempts`.
 */
import { readFileSync } from 'node:fs';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { type AwsClients, createAwsClients } from '../../../shared/aws/clients.js';
import { ENDPOINT_SECURITY_GROUP_NAME } from '../../../shared/aws-names.js';
import type { EcsTaskStateChangeEvent } from '../../../shared/intake/ecs-task-event.js';

interface RecordedWorld {
  event: EcsTaskStateChangeEvent;
  vpcId: string;
  reads: { operation: string; input: Record<string, unknown>; output: Record<string, unknown> }[];
}

type Item = Record<string, AttributeValue>;

interface Attempt {
  operation: string;
  input: Record<string, unknown>;
  failed: boolean;
}

interface FakeEndpoint {
  VpcEndpointId: string;
  ServiceName: string;
  VpcEndpointType: string;
  State: string;
  VpcId: string;
  SubnetIds: string[];
  RouteTableIds: string[];
  Groups: { GroupId: string; GroupName: string }[];
  PrivateDnsEnabled: boolean;
  Tags: unknown[];
}

interface FakeGroup {
  GroupId: string;
  GroupName: string;
  VpcId: string;
  IpPermissions: unknown[];
  IpPermissionsEgress: unknown[];
}

const world = JSON.parse(
  readFileSync(new URL('./fixtures/private-subnets-world.json', import.meta.url), 'utf8')
) as RecordedWorld;

/** An error as the SDK raises it for an AWS error answer. */
function awsError(name: string, httpStatusCode: number | undefined, message = `${name} (injected)`): Error {
  const error = new Error(message) as Error & { $metadata?: object; $fault?: string };
  error.name = name;
  if (httpStatusCode !== undefined) {
    error.$metadata = { httpStatusCode, requestId: 'injected' };
    error.$fault = httpStatusCode >= 500 ? 'server' : 'client';
  }
  return error;
}

const SERVICES = [
  ['ec2', 'EC2'],
  ['ecs', 'ECS'],
  ['iam', 'IAM'],
  ['sns', 'SNS'],
  ['events', 'EventBridge'],
  ['dynamodb', 'DynamoDB'],
  ['scheduler', 'Scheduler'],
  ['route53', 'Route53'],
  ['efs', 'EFS'],
] as const;

class ScriptedAws {
  public readonly clients: AwsClients;
  public readonly attempts: Attempt[] = [];
  public readonly endpoints: FakeEndpoint[] = [];
  public readonly groups: FakeGroup[] = [];
  public readonly published: string[] = [];
  public readonly auditEvents: unknown[] = [];
  public readonly items = new Map<string, Item>();
  private readonly faults = new Map<string, { skip: number; errors: Error[] }>();
  private counter = 0;

  public constructor(options: { maxAttempts?: number } = {}) {
    this.clients = createAwsClients({
      region: 'eu-west-1',
      ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    });
    for (const [key, service] of SERVICES) {
      const client = this.clients[key] as unknown as { middlewareStack: { add: (...args: unknown[]) => void } };
      client.middlewareStack.add(
        (_next: unknown, context: { commandName?: string }) => async (args: { input: Record<string, unknown> }) => {
          const operation = `${service}.${(context.commandName ?? '').replace(/Command$/, '')}`;
          const fault = this.nextFault(operation);
          this.attempts.push({ operation, input: args.input, failed: fault !== undefined });
          if (fault) throw fault;
          return {
            response: { statusCode: 200, headers: {} },
            output: { $metadata: { httpStatusCode: 200 }, ...this.answer(operation, args.input) },
          };
        },
        // finalizeRequest, low priority: inside the SDK's retry loop, where the HTTP call would be.
        { step: 'finalizeRequest', priority: 'low', name: 'scriptedAws', override: true }
      );
    }
  }

  /** The next `errors.length` attempts of `operation` fail with these errors, in order. */
  public inject(operation: string, ...errors: Error[]): this {
    return this.injectAfter(operation, 0, ...errors);
  }

  /** Lets `skip` attempts of `operation` succeed, then fails the next ones with `errors`. */
  public injectAfter(operation: string, skip: number, ...errors: Error[]): this {
    this.faults.set(operation, { skip, errors });
    return this;
  }

  /** Every attempt of `operation` fails with a fresh `makeError()`. */
  public failAlways(operation: string, makeError: () => Error): this {
    return this.injectAfter(operation, 0, ...Array.from({ length: 100 }, makeError));
  }

  private nextFault(operation: string): Error | undefined {
    const plan = this.faults.get(operation);
    if (plan === undefined) return undefined;
    if (plan.skip > 0) {
      plan.skip -= 1;
      return undefined;
    }
    return plan.errors.shift();
  }

  public attemptsOf(operation: string): number {
    return this.attempts.filter((attempt) => attempt.operation === operation).length;
  }

  public liveServices(): string[] {
    return this.endpoints
      .filter((endpoint) => endpoint.State === 'available')
      .map((endpoint) => endpoint.ServiceName.split('.').slice(3).join('.'))
      .sort();
  }

  private nextId(prefix: string): string {
    this.counter += 1;
    return `${prefix}-${this.counter.toString(16).padStart(17, '0')}`;
  }

  private answer(operation: string, input: Record<string, unknown>): Record<string, unknown> {
    switch (operation) {
      // The recorded world has no centralised endpoints: no private hosted zones.
      case 'Route53.ListHostedZonesByVPC':
        return { HostedZoneSummaries: [] };
      case 'EC2.DescribeVpcEndpoints': {
        const recorded = this.recorded(operation, input).VpcEndpoints as unknown[];
        return { VpcEndpoints: [...recorded, ...structuredClone(this.endpoints)] };
      }
      case 'EC2.DescribeSecurityGroups': {
        const filters = (input.Filters ?? []) as { Name: string; Values: string[] }[];
        const own = structuredClone(this.groups);
        if (filters.some((filter) => filter.Name === 'group-name')) {
          return { SecurityGroups: own.filter((group) => group.GroupName === ENDPOINT_SECURITY_GROUP_NAME) };
        }
        return { SecurityGroups: [...(this.recorded(operation, input).SecurityGroups as unknown[]), ...own] };
      }
      case 'EC2.CreateSecurityGroup': {
        const group: FakeGroup = {
          GroupId: this.nextId('sg'),
          GroupName: String(input.GroupName),
          VpcId: String(input.VpcId),
          IpPermissions: [],
          // A new group may send anything anywhere, as in AWS.
          IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
        };
        this.groups.push(group);
        return { GroupId: group.GroupId };
      }
      case 'EC2.AuthorizeSecurityGroupIngress': {
        const group = this.groups.find((candidate) => candidate.GroupId === input.GroupId);
        group?.IpPermissions.push(...((input.IpPermissions as unknown[] | undefined) ?? []));
        return { Return: true };
      }
      case 'EC2.DescribeRouteTables': {
        // A gateway endpoint adds its prefix-list route to each of its tables (as AWS does).
        const answer = this.recorded(operation, input) as { RouteTables: { RouteTableId: string; Routes: unknown[] }[] };
        const prefixListId = (this.recorded('EC2.DescribePrefixLists', {}) as { PrefixLists: { PrefixListId: string }[] })
          .PrefixLists[0]?.PrefixListId;
        for (const endpoint of this.endpoints.filter((candidate) => candidate.VpcEndpointType === 'Gateway')) {
          for (const table of answer.RouteTables.filter((candidate) => endpoint.RouteTableIds.includes(candidate.RouteTableId))) {
            table.Routes.push({
              DestinationPrefixListId: prefixListId,
              GatewayId: endpoint.VpcEndpointId,
              Origin: 'CreateRoute',
              State: 'active',
            });
          }
        }
        return answer;
      }
      case 'EC2.ModifyVpcEndpoint':
        return { Return: true };
      case 'EC2.CreateVpcEndpoint': {
        const endpoint: FakeEndpoint = {
          VpcEndpointId: this.nextId('vpce'),
          ServiceName: String(input.ServiceName),
          VpcEndpointType: String(input.VpcEndpointType),
          State: 'available',
          VpcId: String(input.VpcId),
          SubnetIds: (input.SubnetIds as string[] | undefined) ?? [],
          RouteTableIds: (input.RouteTableIds as string[] | undefined) ?? [],
          Groups: ((input.SecurityGroupIds as string[] | undefined) ?? []).map((GroupId) => ({ GroupId, GroupName: 'x' })),
          PrivateDnsEnabled: input.PrivateDnsEnabled === true,
          Tags: ((input.TagSpecifications as { Tags: unknown[] }[] | undefined) ?? [])[0]?.Tags ?? [],
        };
        this.endpoints.push(endpoint);
        return { VpcEndpoint: structuredClone(endpoint) };
      }
      case 'SNS.Publish':
        this.published.push(String(input.Message));
        return { MessageId: this.nextId('msg') };
      case 'EventBridge.PutEvents':
        this.auditEvents.push(input.Entries);
        return { FailedEntryCount: 0, Entries: [{ EventId: this.nextId('evt') }] };
      case 'DynamoDB.GetItem': {
        const item = this.items.get(keyOf(input.Key as Item));
        return item ? { Item: structuredClone(item) } : {};
      }
      case 'DynamoDB.PutItem':
        return this.putItem(input);
      case 'DynamoDB.UpdateItem':
        return this.updateItem(input);
      case 'EC2.DescribeVpcEndpointServices': {
        // Every service the plan names is offered in the world's AZs (as moto answers).
        const names = (input.ServiceNames ?? []) as string[];
        const region = names[0]?.split('.')[2] ?? 'eu-west-1';
        return {
          ServiceDetails: names.map((name) => ({
            ServiceName: name,
            AvailabilityZones: [`${region}a`, `${region}b`, `${region}c`],
          })),
        };
      }
      // The stopped task is gone from ECS (as after an hour): the live run confirms it through its service.
      case 'ECS.DescribeTasks':
        return { tasks: [], failures: [{ arn: String((input.tasks as string[] | undefined)?.[0] ?? ''), reason: 'MISSING' }] };
      default:
        return this.recorded(operation, input);
    }
  }

  private recorded(operation: string, input: Record<string, unknown>): Record<string, unknown> {
    const candidates = world.reads.filter((read) => read.operation === operation);
    const exact = candidates.find((read) => JSON.stringify(read.input) === JSON.stringify(input)) ?? candidates[0];
    if (exact === undefined) throw awsError('UnscriptedOperation', 400, `${operation} is not scripted`);
    return structuredClone(exact.output);
  }

  private putItem(input: Record<string, unknown>): Record<string, unknown> {
    const item = input.Item as Item;
    const key = keyOf(item);
    const existing = this.items.get(key);
    const condition = String(input.ConditionExpression ?? '');
    const values = (input.ExpressionAttributeValues ?? {}) as Item;
    const holds =
      condition === 'attribute_not_exists(pk)'
        ? existing === undefined
        : condition === 'version = :expected'
          ? existing?.version?.N === values[':expected']?.N
          : true;
    if (!holds) throw awsError('ConditionalCheckFailedException', 400);
    this.items.set(key, structuredClone(item));
    return {};
  }

  /** Enough of UpdateExpression for the incident store: `SET a = :a, #b = :b ADD n :one, s :set`. */
  private updateItem(input: Record<string, unknown>): Record<string, unknown> {
    const key = keyOf(input.Key as Item);
    const existing = this.items.get(key);
    if (String(input.ConditionExpression ?? '').includes('attribute_exists(pk)') && existing === undefined) {
      throw awsError('ConditionalCheckFailedException', 400);
    }
    const item: Item = structuredClone(existing ?? (input.Key as Item));
    const values = (input.ExpressionAttributeValues ?? {}) as Item;
    const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
    const expression = String(input.UpdateExpression);
    for (const [, verb, body] of expression.matchAll(/(SET|ADD) (.*?)(?= (?:SET|ADD) |$)/g)) {
      for (const clause of (body ?? '').split(',').map((part) => part.trim())) {
        const [rawName, value] = verb === 'SET' ? clause.split(/\s*=\s*/) : clause.split(/\s+/);
        const name = names[rawName ?? ''] ?? rawName ?? '';
        const operand = values[value ?? ''];
        if (operand === undefined) continue;
        if (verb === 'SET') item[name] = operand;
        else if ('N' in operand && operand.N !== undefined)
          item[name] = { N: String(Number(item[name]?.N ?? 0) + Number(operand.N)) };
        else if ('SS' in operand && operand.SS !== undefined)
          item[name] = { SS: [...new Set([...(item[name]?.SS ?? []), ...operand.SS])] };
      }
    }
    this.items.set(key, item);
    return { Attributes: structuredClone(item) };
  }
}

function keyOf(item: Item): string {
  return `${item.pk?.S}|${item.sk?.S}`;
}

export { ScriptedAws, awsError, world };
