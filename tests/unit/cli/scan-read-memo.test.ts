/**
 * The read memo `scan` puts on its clients (shared/aws/read-memo.ts). aws-sdk-client-mock replaces
 * `send` and would skip the middleware under test, so a last middleware stands in for AWS here:
 * it records what would have gone out and answers like the service.
 */
import { CreateVpcEndpointCommand, DescribeRouteTablesCommand } from '@aws-sdk/client-ec2';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { describe, expect, it } from '@jest/globals';
import { withCallLedger } from '../../../shared/aws/call-ledger.js';
import { createAwsClients } from '../../../shared/aws/clients.js';
import { memoizeReads } from '../../../shared/aws/read-memo.js';

type Handler = (args: { input: Record<string, unknown> }) => Promise<unknown>;

const CLUSTER_ARN = 'arn:aws:ecs:eu-west-1:222222222222:cluster/prod';

function serviceNamed(name: string) {
  return { serviceName: name, serviceArn: `arn:aws:ecs:eu-west-1:222222222222:service/prod/${name}`, status: 'ACTIVE' };
}

/** Clients whose calls stop at a fake AWS that records them; `failWith` makes it reject. */
function fakeAwsClients(options: { failWith?: Error } = {}) {
  const sent: { operation: string; input: Record<string, unknown> }[] = [];
  const clients = memoizeReads(
    createAwsClients({
      region: 'eu-west-1',
      credentials: async () => ({
        accessKeyId: 'a',
        secretAccessKey: 'b',
        sessionToken: 'c',
        expiration: new Date(Date.now() + 3600_000),
      }),
    })
  );
  for (const client of [clients.ec2, clients.ecs]) {
    (client.middlewareStack as unknown as { add: (m: unknown, o: unknown) => void }).add(
      (_next: Handler, context: { commandName?: string }) => async (args: { input: Record<string, unknown> }) => {
        const operation = (context.commandName ?? '').replace(/Command$/, '');
        sent.push({ operation, input: args.input });
        if (options.failWith) throw options.failWith;
        const asked = (args.input.services as string[] | undefined) ?? [];
        return { output: { services: asked.map(serviceNamed), failures: [], RouteTables: [], $metadata: {} }, response: {} };
      },
      { step: 'initialize', priority: 'low', name: 'fakeAws', override: true }
    );
  }
  return { clients, sent };
}

describe('the read memo of scan', () => {
  it('asks AWS once per question, whatever the key order, and counts only what went out', async () => {
    const { clients, sent } = fakeAwsClients();
    const question = { Filters: [{ Name: 'vpc-id', Values: ['vpc-1'] }], MaxResults: 100 };
    const sameQuestion = { MaxResults: 100, Filters: [{ Values: ['vpc-1'], Name: 'vpc-id' }] };

    const { ledger } = await withCallLedger(async () => {
      await Promise.all([
        clients.ec2.send(new DescribeRouteTablesCommand(question)),
        clients.ec2.send(new DescribeRouteTablesCommand(sameQuestion)),
      ]);
      await clients.ec2.send(new DescribeRouteTablesCommand(question));
      await clients.ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: ['vpc-2'] }] }));
    });

    expect(sent.map((call) => call.input.Filters)).toEqual([question.Filters, [{ Name: 'vpc-id', Values: ['vpc-2'] }]]);
    expect(ledger.byOperation()).toEqual({ 'EC2.DescribeRouteTables': 2 });
  });

  it('answers a one-service DescribeServices from an earlier batch, by name or ARN, cluster by name or ARN', async () => {
    const { clients, sent } = fakeAwsClients();
    const batch = Array.from({ length: 10 }, (_, index) => `svc-${index}`);
    await clients.ecs.send(new DescribeServicesCommand({ cluster: CLUSTER_ARN, services: batch, include: ['TAGS'] }));

    const byName = await clients.ecs.send(
      new DescribeServicesCommand({ cluster: 'prod', services: ['svc-3'], include: ['TAGS'] })
    );
    const byArn = await clients.ecs.send(
      new DescribeServicesCommand({ cluster: CLUSTER_ARN, services: [serviceNamed('svc-7').serviceArn], include: ['TAGS'] })
    );

    expect(byName.services?.map((service) => service.serviceName)).toEqual(['svc-3']);
    expect(byArn.services?.map((service) => service.serviceName)).toEqual(['svc-7']);
    expect(sent).toHaveLength(1);
  });

  it('still asks for a service no batch held, in another cluster, or with other `include`', async () => {
    const { clients, sent } = fakeAwsClients();
    await clients.ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['svc-0', 'svc-1'], include: ['TAGS'] }));

    await clients.ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['svc-0', 'svc-9'], include: ['TAGS'] }));
    await clients.ecs.send(new DescribeServicesCommand({ cluster: 'staging', services: ['svc-0'], include: ['TAGS'] }));
    await clients.ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['svc-1'] }));

    expect(sent.map((call) => [call.input.cluster, call.input.services])).toEqual([
      ['prod', ['svc-0', 'svc-1']],
      ['prod', ['svc-0', 'svc-9']],
      ['staging', ['svc-0']],
      ['prod', ['svc-1']],
    ]);
  });

  it('never answers a write from memory', async () => {
    const { clients, sent } = fakeAwsClients();
    const create = { VpcId: 'vpc-1', ServiceName: 'com.amazonaws.eu-west-1.logs', ClientToken: 'same' };

    await clients.ec2.send(new CreateVpcEndpointCommand(create));
    await clients.ec2.send(new CreateVpcEndpointCommand(create));

    expect(sent.map((call) => call.operation)).toEqual(['CreateVpcEndpoint', 'CreateVpcEndpoint']);
  });

  it('keeps a failed read failed for the rest of the scan instead of asking again', async () => {
    const denied = Object.assign(new Error('not authorized to perform: ec2:DescribeRouteTables'), {
      name: 'UnauthorizedOperation',
    });
    const { clients, sent } = fakeAwsClients({ failWith: denied });

    await expect(clients.ec2.send(new DescribeRouteTablesCommand({}))).rejects.toThrow('not authorized');
    await expect(clients.ec2.send(new DescribeRouteTablesCommand({}))).rejects.toThrow('not authorized');

    expect(sent).toHaveLength(1);
  });
});
