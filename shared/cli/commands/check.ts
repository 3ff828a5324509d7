/**
 * `ecs-netfix check`: before a deployment, would each service's next task start? Reads the
 * service and its task definition, derives what the task needs (ECR, S3 layers, logs, secrets,
 * environment files) and checks its subnets' path to each, today. Read-only.
 */
import { regionFromProfile } from '../../aws/profile-region.js';
import { AWS_OPTIONS, resolveAwsTarget, stringListOption, stringOption } from '../aws-options.js';
import { ACCOUNT_OPTIONS, openAccountSession, readAccountTarget } from '../spoke-options.js';
import { assessClusterServices, findClusterServices } from '../assess-services.js';
import type { CliCommand, CommandContext } from '../command.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { ExitCode } from '../exit-codes.js';
import { renderCheck } from '../render-readiness.js';
import { runAwsCommand } from '../run-aws-command.js';
import { sortByRisk } from '../service-readiness.js';
import { loadTaskDefinitionFile } from '../task-definition-file.js';
import { UsageError } from '../../errors.js';
import { commandLine } from '../../diagnosis/fix-commands.js';
import { TOOL } from '../help.js';

const NAME = 'check';

const checkCommand: CliCommand = {
  name: NAME,
  summary: "check that a service's next tasks can start (before a deployment)",
  description: [
    'For each service: reads its network configuration and task definition, derives what the task',
    'needs (ECR auth, image manifest, S3 layers, CloudWatch Logs, secrets, environment files), and',
    'checks that its subnets reach each of them now (endpoints, gateway routes, NAT, security',
    'groups, NACLs, DNS, execution role). Prints "ready" or "would fail" with the fixes. Read-only.',
    'Without --service, checks every service of the cluster.',
  ].join('\n'),
  options: {
    cluster: { type: 'string', valueName: 'CLUSTER', description: 'cluster name or ARN (required)' },
    service: {
      type: 'string',
      valueName: 'SERVICE',
      multiple: true,
      description: 'service to check; repeat for several (default: all)',
    },
    'task-definition-file': {
      type: 'string',
      valueName: 'FILE',
      description: 'check this task definition JSON (about to be deployed) instead of the current one; needs one --service',
    },
    ...AWS_OPTIONS,
    ...ACCOUNT_OPTIONS,
  },
  arguments: [],
  examples: [
    'ecs-netfix check --cluster prod --service orders-api',
    'ecs-netfix check --cluster prod --service orders-api --service payments --json',
    'ecs-netfix check --cluster prod --service orders-api --task-definition-file task-definition.json',
  ],
  run: runCheck,
};

async function runCheck(context: CommandContext): Promise<ExitCode> {
  const { values, io, style } = context;
  const cluster = stringOption(values, 'cluster');
  if (cluster === null) throw new UsageError('--cluster CLUSTER is required', NAME);
  const names = stringListOption(values, 'service');
  const definitionFile = stringOption(values, 'task-definition-file');
  if (definitionFile !== null && names.length !== 1) {
    throw new UsageError('--task-definition-file needs exactly one --service (the one it will be deployed to)', NAME);
  }
  const spoke = readAccountTarget(values, NAME);
  const target = await resolveAwsTarget(values, io, NAME, regionFromProfile);
  const definitionKey = definitionFile === null ? null : await loadTaskDefinitionFile(definitionFile, target.region, NAME);
  return runAwsCommand(io, NAME, target, async () => {
    const session = await openAccountSession(target, spoke, `cli-${NAME}`);
    const clients = session.clientsFor(target.region);
    const listed = await findClusterServices(clients, cluster, names.length > 0 ? names : null);
    // A named service that does not exist is a typo, not a service that would fail.
    const missing = listed.failures.filter((failure) => failure.reason === 'MISSING');
    const found = { ...listed, failures: listed.failures.filter((failure) => failure.reason !== 'MISSING') };
    const services =
      definitionKey === null
        ? found
        : { ...found, services: found.services.map((service) => ({ ...service, taskDefinitionArn: definitionKey })) };
    const results = sortByRisk(
      await assessClusterServices(clients, [services], { permissions: session.permissionsFor(clients), region: target.region })
    );
    if (values.json === true) io.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    else if (results.length === 0 && missing.length === 0) io.stdout.write(`No services in cluster ${cluster}.\n`);
    else if (results.length > 0) io.stdout.write(renderCheck(results, style));
    if (missing.length > 0) {
      const listServices = commandLine([
        { flag: 'aws' },
        { flag: 'ecs' },
        { flag: 'list-services' },
        { flag: '--cluster' },
        cluster,
        { flag: '--region' },
        target.region,
      ]);
      for (const failure of missing) {
        const service = failure.service.split('/').at(-1) ?? failure.service;
        io.stderr.write(
          `${TOOL} ${NAME}: service ${service} does not exist in cluster ${cluster} (${target.region})\n  fix: check the name; '${listServices}' lists the services\n`
        );
      }
      return EXIT_CODES.usage;
    }
    return results.some((result) => result.status !== 'ready') ? EXIT_CODES.problems : EXIT_CODES.ok;
  });
}

export { checkCommand };
