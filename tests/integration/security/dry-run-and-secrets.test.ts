/**
 * Security properties of the built bundle against moto: a dry run never changes a VPC (full
 * describes before and after, for several kinds of broken VPC), a manual `{event, dryRun: false}`
 * cannot switch dry-run off in a DRY_RUN=true deployment, and credentials never reach the logs
 * (at DEBUG), the alert or the audit event.
 */
import { describeVpcState as describeVpc } from '../../helpers/describe-vpc.js';
import { describe, expect, it } from '@jest/globals';
import { invokeBundle, invokeBundleWithLogs, reportOf } from '../../helpers/invoke-bundle.js';
import { createLocalStack } from '../../helpers/local-stack.js';
import { motoClients } from '../../helpers/moto.js';
import { buildWorld, type WorldSpec } from '../../helpers/moto-world.js';

const WORLDS: [string, WorldSpec][] = [
  ['no endpoints at all', { azs: 2 }],
  ['some endpoints, in one AZ only', { azs: 2, interfaceEndpoints: { services: ['ecr.api'], subnetIndexes: [0] } }],
  [
    'endpoints whose security group blocks HTTPS',
    { azs: 2, interfaceEndpoints: { services: ['ecr.api', 'ecr.dkr'] }, endpointIngress: 'none', s3Gateway: { on: 'other' } },
  ],
  ['a custom NACL that denies HTTPS', { azs: 1, naclDenyHttps: true, privateRouteTables: 'per-subnet' }],
  ['secrets from Secrets Manager and SSM', { azs: 2, taskDefinition: { secrets: ['secretsmanager', 'ssm', 'ssm-name'] } }],
];

/** Logging as verbose as a deployment can make it, in Lambda's one-line JSON format. */
const VERBOSE = { POWERTOOLS_LOG_LEVEL: 'DEBUG', POWERTOOLS_LOGGER_LOG_EVENT: 'true', POWERTOOLS_DEV: 'false' };

const CANARIES = {
  AWS_SECRET_ACCESS_KEY: 'CanarySecretKey0000DoNotLog/aB3dE5fG7hI9jK1lM3nO5',
  AWS_SESSION_TOKEN: 'CanarySessionToken0000DoNotLog//IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJH',
} as const;

describe('security of the built bundle against moto', () => {
  const clients = motoClients('eu-west-1');

  it.each(WORLDS)('changes nothing in a VPC with %s in a dry run, whatever the request asks', async (_name, spec) => {
    // Prepare
    const world = await buildWorld(clients, spec);
    const stack = await createLocalStack(clients);
    const before = await describeVpc(clients.ec2, world.vpcId);

    // Act: the event as ECS sends it, then a person asking to apply.
    const results = await invokeBundle([world.event, { event: world.event, dryRun: false }], {
      env: { ...stack.env, DRY_RUN: 'true' },
    });

    // Assess
    const reports = results.map((result) => reportOf(result));
    expect(reports.every((report) => report.dryRun)).toBe(true);
    expect(
      reports.flatMap((report) => report.actions).filter((action) => action.status !== 'planned' && action.status !== 'skipped')
    ).toEqual([]);
    expect(await describeVpc(clients.ec2, world.vpcId)).toBe(before);
  });

  it('keeps credentials out of the logs at DEBUG, the alert and the audit event', async () => {
    // Prepare
    const world = await buildWorld(clients, { azs: 2, taskDefinition: { secrets: ['secretsmanager', 'ssm'], awslogs: true } });
    const stack = await createLocalStack(clients);

    // Act: a dry run and a live run, each alerting; moto accepts any credentials.
    const dry = await invokeBundleWithLogs([world.event], {
      env: { ...stack.env, ...CANARIES, DRY_RUN: 'true', ...VERBOSE },
    });
    const live = await invokeBundleWithLogs([{ event: world.event, dryRun: false }, world.event], {
      env: { ...stack.env, ...CANARIES, DRY_RUN: 'false', ...VERBOSE },
    });

    // Assess: the runs did their work and logged it...
    expect(reportOf(dry.results[0]).outcome).toBe('would-fix');
    expect(reportOf(live.results[0]).outcome).toBe('fixed');
    const logs = [dry.stdout, dry.stderr, live.stdout, live.stderr].join('\n');
    expect(logs).toMatch(/"level":"DEBUG"|"message":"Lambda invocation event"/);
    expect(logs).toContain('"message":"Report"');
    expect(logs).toContain(world.taskArn.split('/').at(-1));
    // ...and no credential reached the logs, the reports, the alerts or the audit events.
    const alerts = JSON.stringify(await stack.readAlerts());
    const audit = JSON.stringify(await stack.readAuditEvents());
    expect(alerts.length).toBeGreaterThan(100);
    const reports = JSON.stringify([...dry.results, ...live.results]);
    for (const canary of Object.values(CANARIES)) {
      for (const [where, text] of Object.entries({ logs, alerts, audit, reports })) {
        expect({ where, credential: text.includes(canary) }).toEqual({ where, credential: false });
        // A prefix alone would already be a leak (truncated into a field).
        expect({ where, partOfCredential: text.includes(canary.slice(0, 24)) }).toEqual({ where, partOfCredential: false });
      }
    }
  });
});
