/**
 * Records what moto answers to every read of one diagnosis, for the fault tests' scripted AWS
 * (tests/unit/faults/scripted-aws.ts). Run by hand against a moto server when the reads change:
 *
 *   NETFIX_MOTO_URL=http://127.0.0.1:PORT AWS_ENDPOINT_URL=http://127.0.0.1:PORT \
 *     node --import tsx tests/unit/faults/record-world.ts
 */
import { writeFileSync } from 'node:fs';
import { type AwsClients, createAwsClients } from '../../../shared/aws/clients.js';
import { loadConfig } from '../../../shared/config.js';
import { clearGatherCaches } from '../../../shared/inspect/gather.js';
import { notEvaluated } from '../../../shared/model/permissions.js';
import { handleRequest } from '../../../shared/pipeline/handle-request.js';
import { buildWorld } from '../../helpers/moto-world.js';

interface Recorded {
  operation: string;
  input: unknown;
  output: unknown;
}

function record(clients: AwsClients, sink: Recorded[]): void {
  for (const [key, service] of [
    ['ec2', 'EC2'],
    ['ecs', 'ECS'],
  ] as const) {
    (clients[key] as unknown as { middlewareStack: { add: (...args: unknown[]) => void } }).middlewareStack.add(
      (next: (args: { input: unknown }) => Promise<{ output: unknown }>, context: { commandName?: string }) =>
        async (args: { input: unknown }) => {
          const result = await next(args);
          const { $metadata: _ignored, ...output } = result.output as Record<string, unknown>;
          sink.push({
            operation: `${service}.${(context.commandName ?? '').replace(/Command$/, '')}`,
            input: args.input,
            output,
          });
          return result;
        },
      { step: 'initialize', name: 'recorder', override: true }
    );
  }
}

const clients = createAwsClients({ region: 'eu-west-1', maxAttempts: 1 });
const world = await buildWorld(clients, { name: 'faults', azs: 2, taskDefinition: { image: 'ecr', awslogs: true } });
const recorded: Recorded[] = [];
record(clients, recorded);
clearGatherCaches();
const report = await handleRequest(
  { event: world.event, dryRun: true },
  {
    config: loadConfig({ DRY_RUN: 'true', PERMISSION_CHECK: 'off' }),
    clientsFor: () => clients,
    permissionsFor: () => ({ check: async (roleArn: string) => notEvaluated(roleArn, 'not evaluated') }),
    defaultRegion: 'eu-west-1',
  },
  { requestId: 'record', allowAlerts: false }
);
if (report.outcome !== 'would-fix') throw new Error(`expected would-fix, got ${report.outcome}`);
writeFileSync(
  new URL('./fixtures/private-subnets-world.json', import.meta.url),
  `${JSON.stringify({ event: world.event, vpcId: world.vpcId, reads: recorded }, null, 1)}\n`
);
console.log(`recorded ${recorded.length} reads of ${world.vpcId}`);
