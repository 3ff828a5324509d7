/**
 * The demo's story, step by step, against the moto server that scripts/demo.mjs started.
 * Every step prints one progress line, then its result, and checks that it did what it should:
 * the exit code is 0 only when every check held.
 */
import { DescribeVpcEndpointsCommand } from '@aws-sdk/client-ec2';
import { GetScheduleCommand, ListSchedulesCommand } from '@aws-sdk/client-scheduler';
import { type AwsClients, createAwsClients } from '../../shared/aws/clients.js';
import { renderReport } from '../../shared/report/render-text.js';
import type { Report } from '../../shared/report/report.js';
import { failureEvent, serviceEvent } from '../../tests/helpers/ecs-events.js';
import { invokeBundle, reportOf } from '../../tests/helpers/invoke-bundle.js';
import { createLocalStack, type LocalStack, type PublishedAlert } from '../../tests/helpers/local-stack.js';
import { clientsInAccount, createSpokeRole } from '../../tests/helpers/moto.js';
import { buildWorld, stopAnotherTask, type World, type WorldSpec } from '../../tests/helpers/moto-world.js';
import { renderChatbotForTerminal } from './render-chatbot.js';

const REGION = 'ap-northeast-2';
const COLOR = process.stdout.isTTY === true && !process.env.NO_COLOR;
const paint = (code: string, text: string) => (COLOR ? `\u001b[${code}m${text}\u001b[0m` : text);

/** The two failures from the troubleshooting guide this project grew from, as ECS emits them. */
const ECR_AUTH_TIMEOUT =
  'ResourceInitializationError: unable to pull secrets or registry auth: The task cannot pull registry auth from Amazon ECR: There is a connection issue between the task and Amazon ECR. Check your task network configuration. operation error ECR: GetAuthorizationToken, exceeded maximum number of attempts, 3, https response error StatusCode: 0, RequestID: , request send failed, Post "https://api.ecr.ap-northeast-2.amazonaws.com/": dial tcp 54.180.184.238:443: i/o timeout';
const IMAGE_PULL_TIMEOUT =
  'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/demo-web:latest: failed to do request: Head "https://123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/v2/demo-web/manifests/latest": dial tcp 3.5.188.72:443: i/o timeout';
const DOCKER_HUB_TIMEOUT =
  'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref docker.io/library/nginx:1.27: failed to do request: Head "https://registry-1.docker.io/v2/library/nginx/manifests/1.27": dial tcp 54.236.113.205:443: i/o timeout';

/** A live deployment with the incident follow-up on (as the stack sets it when DryRun=false). */
function liveEnv(accountId: string): Record<string, string> {
  return {
    DRY_RUN: 'false',
    REDEPLOY_AFTER_FIX: 'true',
    SELF_FUNCTION_ARN: `arn:aws:lambda:${REGION}:${accountId}:function:ecs-netfix`,
    SCHEDULER_ROLE_ARN: `arn:aws:iam::${accountId}:role/ecs-netfix-scheduler`,
    VERIFY_DELAY_SECONDS: '120',
  };
}

interface Scenario {
  name: string;
  title: string;
  world: WorldSpec;
  /** Progress steps, the opening "broken world" step included. */
  steps: number;
  /** Hub mode: the world is built in this member account (through an assumed role, as moto keeps accounts apart). */
  member?: { accountId: string; alias: string };
  play: (demo: Demo) => Promise<void>;
}

class Demo {
  private failures = 0;
  private stepNumber = 0;
  public readonly started = Date.now();

  public constructor(
    public readonly world: World,
    public readonly stack: LocalStack,
    private readonly totalSteps: number,
    /** Clients of the account the world is in (a member account in hub mode). */
    private readonly worldClients: AwsClients,
    /** `--keep`: the story stops before anything is fixed, so the kept world is still broken. */
    public readonly keep: boolean
  ) {}

  public step(title: string): void {
    this.stepNumber += 1;
    console.log(`\n${paint('1;36', `[${this.stepNumber}/${this.totalSteps}]`)} ${paint('1', title)}`);
  }

  public check(ok: boolean, what: string): void {
    if (!ok) this.failures += 1;
    console.log(`  ${ok ? paint('32', '✔') : paint('31', '✘')} ${what}`);
  }

  public show(text: string): void {
    console.log(text.replace(/^/gm, '    ').trimEnd());
  }

  public get ok(): boolean {
    return this.failures === 0;
  }

  /**
   * Another task of the service failing with this reason, as ECS would emit it. The task really
   * ran and stopped in moto, so the commands an alert suggests for it find it.
   */
  public async failureEvent(reason: string, where: 'task' | 'container'): Promise<unknown> {
    const taskArn = await stopAnotherTask(this.worldClients, this.world, reason);
    return failureEvent(this.world.event, { reason, where, taskArn });
  }

  public async invoke(events: unknown[], env: Record<string, string> = {}, concurrent = false): Promise<Report[]> {
    const results = await invokeBundle(events, { env: { ...this.stack.env, ...env }, concurrent });
    return results.map((result) => reportOf(result));
  }

  /** Every message posted so far, in order: the Slack thread as people saw it. */
  public readonly thread: PublishedAlert[] = [];

  public async alerts(): Promise<PublishedAlert[]> {
    const fresh = await this.stack.readAlerts();
    this.thread.push(...fresh);
    return fresh;
  }

  /** The verify payloads of the schedules ecs-netfix created for this world's service. */
  public async verifySchedules(): Promise<unknown[]> {
    const clients = createAwsClients({ region: REGION, maxAttempts: 1 });
    const listed = await clients.scheduler.send(new ListSchedulesCommand({ NamePrefix: 'ecs-netfix-verify-' }));
    const payloads: unknown[] = [];
    for (const schedule of listed.Schedules ?? []) {
      const detail = await clients.scheduler.send(new GetScheduleCommand({ Name: schedule.Name }));
      const input = detail.Target?.Input ?? '{}';
      if (input.includes(`service:${this.world.serviceName}`)) payloads.push(JSON.parse(input));
    }
    return payloads;
  }

  public async endpoints(clients: AwsClients = this.worldClients) {
    const response = await clients.ec2.send(
      new DescribeVpcEndpointsCommand({
        Filters: [
          { Name: 'vpc-id', Values: [this.world.vpcId] },
          { Name: 'vpc-endpoint-state', Values: ['available', 'pending'] },
        ],
      })
    );
    return response.VpcEndpoints ?? [];
  }
}

function renderAlert(alert: PublishedAlert | undefined): string {
  if (alert === undefined) return '(no alert)';
  return renderChatbotForTerminal(alert.message, alert.attributes);
}

const privateSubnets: Scenario = {
  name: 'private-subnets',
  title: 'A Fargate service in private subnets with no NAT and no VPC endpoints (the default)',
  world: {
    region: REGION,
    name: 'demo',
    azs: 2,
    privateRouteTables: 'shared',
    taskDefinition: { image: 'ecr', awslogs: true },
    stop: { stoppedReason: ECR_AUTH_TIMEOUT },
  },
  steps: 7,
  play: async (demo) => {
    const first = await demo.failureEvent(ECR_AUTH_TIMEOUT, 'task');

    demo.step('ECS reports the first failure; ecs-netfix runs in a dry-run deployment (DRY_RUN=true)');
    const [dry] = await demo.invoke([first], { DRY_RUN: 'true' });
    demo.show(renderReport(dry as Report, { color: COLOR, commands: false }));
    demo.check(dry?.outcome === 'would-fix', `outcome is would-fix (got ${dry?.outcome})`);
    const planned = (dry?.actions ?? []).filter((result) => result.status === 'planned');
    demo.check(
      ['ecr.api', 'ecr.dkr', 'logs'].every((service) =>
        planned.some((result) => 'service' in result.action && result.action.service === service)
      ) && planned.some((result) => result.action.kind === 'create-gateway-endpoint'),
      'the plan covers ecr.api, ecr.dkr, logs and the S3 gateway: the whole path, not just the one in the message'
    );
    demo.check((await demo.endpoints()).length === 0, 'a dry run changes nothing: the VPC still has no endpoints');

    demo.step('The alert, exactly as AWS Chatbot receives it from SNS (read back through an SQS subscription)');
    const alerts = await demo.alerts();
    demo.show(renderAlert(alerts[0]));
    demo.check(alerts.length === 1, `one alert for the incident (got ${alerts.length})`);
    if (demo.keep) return;

    const second = await demo.failureEvent(IMAGE_PULL_TIMEOUT, 'container');
    demo.step('ECS reports the second failure, after DRY_RUN is switched off: ecs-netfix creates the endpoints');
    const live_ = liveEnv(demo.world.accountId);
    const [live] = await demo.invoke([second], live_);
    demo.show(renderReport(live as Report, { color: COLOR, commands: false }));
    demo.check(live?.outcome === 'fixed', `outcome is fixed (got ${live?.outcome})`);
    const created = await demo.endpoints();
    demo.show(
      created
        .map((endpoint) => `${endpoint.VpcEndpointId}  ${endpoint.ServiceName}  ${endpoint.VpcEndpointType}  ${endpoint.State}`)
        .join('\n')
    );
    demo.check(created.length === 4, `4 endpoints exist now: ecr.api, ecr.dkr, logs, s3 (got ${created.length})`);
    const liveAlerts = await demo.alerts();
    demo.check(liveAlerts.length === 1, 'one alert in the same Slack thread says what was created');
    const thread = (alert: PublishedAlert | undefined) =>
      (alert?.message.metadata as { threadId?: string } | undefined)?.threadId;
    demo.check(thread(liveAlerts[0]) === thread(alerts[0]), 'same thread id as the first alert');

    demo.step('ECS replays both failures (retries, a re-delivered event) and an operator asks for a dry run');
    const replay = await demo.invoke([first, second], live_);
    const [manual] = await demo.invoke([{ event: second, dryRun: true }], live_);
    demo.show(replay.map((report) => `replayed event → ${report.outcome}: ${report.note ?? report.summary}`).join('\n'));
    demo.show(renderReport(manual as Report, { color: COLOR, commands: false }));
    demo.check(
      replay.every((report) => report.outcome === 'deduplicated'),
      'the replays join the incident: nothing to do'
    );
    demo.check(manual?.outcome === 'healthy', `the manual dry run finds the path complete (got ${manual?.outcome})`);
    demo.check((await demo.endpoints()).length === 4, 'no duplicate endpoint was created');
    demo.check((await demo.alerts()).length === 0, 'no second alert');

    demo.step(
      'The verify schedule fires (in AWS: EventBridge Scheduler, 2 minutes later): endpoints available, new deployment forced'
    );
    const schedules = await demo.verifySchedules();
    demo.check(schedules.length === 1, `one one-time verify schedule was set after the fix (got ${schedules.length})`);
    const [verify] = await demo.invoke(schedules, live_);
    demo.show(`${verify?.outcome}: ${verify?.note ?? verify?.summary}`);
    demo.check(verify?.outcome === 'redeployed', `endpoints verified and the service redeployed (got ${verify?.outcome})`);
    const followUps = await demo.alerts();
    demo.check(
      followUps.map((alert) => alert.attributes.outcome).join(',') === 'verified,redeployed',
      'two short messages in the thread: verified, redeployed'
    );

    demo.step('ECS reports the deployment completed: ecs-netfix closes the incident in the same thread');
    const [recovered] = await demo.invoke(
      [serviceEvent(demo.world, 'ECS Deployment State Change', 'SERVICE_DEPLOYMENT_COMPLETED')],
      live_
    );
    const timeToRecovery = recovered?.incident?.timeToRecoverySeconds;
    demo.show(
      `${recovered?.outcome}: ${recovered?.incident?.failureCount} failed task(s), time to recovery ${timeToRecovery} s (first failure to running)`
    );
    demo.check(
      recovered?.outcome === 'recovered' && typeof timeToRecovery === 'number',
      'the incident is recovered, with its time to recovery'
    );
    await demo.alerts();
    const threads = new Set(demo.thread.map((alert) => thread(alert)));
    demo.show(
      [
        'The Slack thread, as people saw it:',
        ...demo.thread.map((alert, index) => `${index + 1}. ${(alert.message.content as { title?: string }).title}`),
      ].join('\n')
    );
    // Every message of the thread in full, not only the first: the words people act on.
    for (const [index, alert] of demo.thread.entries()) {
      demo.show(`\nMessage ${index + 1} of ${demo.thread.length}:\n${renderAlert(alert)}`);
    }
    demo.check(
      threads.size === 1 && demo.thread.length === 5,
      `5 messages, one thread (got ${demo.thread.length} in ${threads.size})`
    );
  },
};

const publicRegistry: Scenario = {
  name: 'public-registry',
  title: 'A service that pulls nginx from Docker Hub in private subnets without NAT',
  world: {
    region: REGION,
    name: 'demo-hub',
    azs: 2,
    taskDefinition: { image: 'docker-hub', awslogs: false },
    stop: { stoppedReason: 'Task failed to start', containerReason: DOCKER_HUB_TIMEOUT },
  },
  steps: 3,
  play: async (demo) => {
    demo.step('ECS reports the failure; ecs-netfix runs live (DRY_RUN=false)');
    const [report] = await demo.invoke([demo.world.event], { DRY_RUN: 'false' });
    demo.show(renderReport(report as Report, { color: COLOR, commands: true }));
    demo.check(report?.outcome === 'alert-only', `outcome is alert-only: no endpoint can fix this (got ${report?.outcome})`);
    demo.check(
      (report?.findings ?? []).some((finding) => finding.code === 'NO_EGRESS_ROUTE'),
      'NO_EGRESS_ROUTE names the missing NAT route'
    );
    demo.check((await demo.endpoints()).length === 0, 'nothing was created');

    demo.step('The alert explains the NAT route (as AWS Chatbot receives it)');
    const alerts = await demo.alerts();
    demo.show(renderAlert(alerts[0]));
    demo.check(alerts.length === 1, 'one alert');
    demo.check(JSON.stringify(alerts[0]?.message ?? {}).includes('nat'), 'the alert tells how to add the NAT route');
  },
};

const HUB_ACCOUNT = '123456789012';
const MEMBER_ACCOUNT = '210987654321';
const SPOKE_ROLE = 'ecs-netfix-spoke';

/** The same event, as if it came from `account` (every ARN and the `account` field). */
function eventFromAccount(event: unknown, from: string, to: string): unknown {
  return JSON.parse(JSON.stringify(event).replaceAll(from, to));
}

const multiAccount: Scenario = {
  name: 'multi-account',
  title: "One hub for the organisation: a member account's service fails, the hub fixes it in that account's VPC",
  // The default scenario's world, in a member account.
  world: { ...privateSubnets.world, name: 'demo-member' },
  steps: 4,
  member: { accountId: MEMBER_ACCOUNT, alias: 'payments-prod' },
  play: async (demo) => {
    const hubEnv = { ...liveEnv(HUB_ACCOUNT), SPOKE_ROLE_NAME: SPOKE_ROLE, ALLOWED_ACCOUNT_IDS: MEMBER_ACCOUNT };
    const hubClients = createAwsClients({ region: REGION, maxAttempts: 1 });

    demo.step(
      `The hub (account ${HUB_ACCOUNT}, SPOKE_ROLE_NAME=${SPOKE_ROLE}, ALLOWED_ACCOUNT_IDS=${MEMBER_ACCOUNT}) gets the member's event and assumes its spoke role`
    );
    const [report] = await demo.invoke([demo.world.event], hubEnv);
    demo.show(renderReport(report as Report, { color: COLOR, commands: false }));
    demo.check(report?.outcome === 'fixed', `outcome is fixed (got ${report?.outcome})`);
    const created = await demo.endpoints();
    demo.show(
      created.map((endpoint) => `${endpoint.VpcEndpointId}  ${endpoint.ServiceName}  owner ${endpoint.OwnerId}`).join('\n')
    );
    demo.check(
      created.length === 4 && created.every((endpoint) => endpoint.OwnerId === MEMBER_ACCOUNT),
      `4 endpoints in the member's VPC, owned by ${MEMBER_ACCOUNT} (got ${created.length})`
    );
    demo.check((await demo.endpoints(hubClients)).length === 0, `nothing was created in the hub account ${HUB_ACCOUNT}`);

    demo.step(
      'The alert names the member account, its alias and region (SNS attributes account and region let a subscription select one account)'
    );
    const alerts = await demo.alerts();
    demo.show(renderAlert(alerts[0]));
    demo.check(
      alerts.length === 1 && alerts[0]?.attributes.account === MEMBER_ACCOUNT,
      `one alert with attribute account=${MEMBER_ACCOUNT}`
    );
    demo.check(
      JSON.stringify(alerts[0]?.message ?? {}).includes(`${MEMBER_ACCOUNT} (payments-prod)`),
      'the alert text says the account id and alias'
    );

    demo.step('An event from an account outside ALLOWED_ACCOUNT_IDS (555555555555) is rejected: nothing is read or written');
    const [stranger] = await demo.invoke([eventFromAccount(demo.world.event, MEMBER_ACCOUNT, '555555555555')], hubEnv);
    demo.show(`${stranger?.outcome}: ${stranger?.note}`);
    demo.check(
      stranger?.outcome === 'invalid' && stranger.calls.total === 0,
      `invalid with no AWS call (got ${stranger?.outcome}, ${stranger?.calls.total} calls)`
    );
    demo.check((await demo.alerts()).length === 0, 'no alert');
  },
};

const SCENARIOS = [privateSubnets, publicRegistry, multiAccount];

/** Every `ecs-netfix ...` command line in the thread's messages, in order, once each. */
function commandsInThread(thread: PublishedAlert[]): string[] {
  const lines = thread.flatMap((alert) => ((alert.message.content as { description?: string }).description ?? '').split('\n'));
  const commands = lines.map((line) => line.replace(/^`{3}|`{3}$/g, '').trim()).filter((line) => line.startsWith('ecs-netfix '));
  return [...new Set(commands.map((command) => command.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')))];
}

/**
 * `--keep`: how to point the CLI at the kept moto, and the commands to try there: the alert's own
 * commands first (read-only before the one that applies the fix), then the other read-only ones.
 */
function commandsToTry(demo: Demo): string {
  const { world } = demo;
  const fromAlerts = commandsInThread(demo.thread);
  const taskId = world.taskArn.split('/').at(-1) ?? '';
  const others = [
    `ecs-netfix diagnose --cluster ${world.clusterName} --service ${world.serviceName}`,
    `ecs-netfix diagnose --cluster ${world.clusterName} --task ${taskId} --format mermaid`,
    `ecs-netfix check --cluster ${world.clusterName}`,
    `ecs-netfix scan --cluster ${world.clusterName}`,
    `ecs-netfix resources --vpc ${world.vpcId}`,
  ];
  const readOnly = [...fromAlerts.filter((command) => !command.includes('--apply')), ...others];
  const applying = fromAlerts.filter((command) => command.includes('--apply'));
  return [
    '',
    paint('1', 'The world is kept as it was before the fix (the failed tasks are in moto). Try, in another shell:'),
    `  export AWS_ENDPOINT_URL=${process.env.NETFIX_MOTO_URL} AWS_REGION=${REGION} AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing`,
    ...[...new Set(readOnly)].map((command) => `  npx ${command}`),
    ...applying.map((command) => `  npx ${command}    # applies the fix: creates the endpoints`),
  ].join('\n');
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log('usage: npm run demo -- [--scenario NAME] [--list] [--keep]');
    return 0;
  }
  if (args.includes('--list')) {
    for (const scenario of SCENARIOS) console.log(`${scenario.name.padEnd(18)} ${scenario.title}`);
    return 0;
  }
  const index = args.indexOf('--scenario');
  const name = index >= 0 ? args[index + 1] : SCENARIOS[0]?.name;
  const scenario = SCENARIOS.find((candidate) => candidate.name === name);
  if (scenario === undefined) {
    console.error(`demo: unknown scenario "${name}"; --list shows them`);
    return 2;
  }
  console.log(paint('1', `ecs-netfix demo: ${scenario.title}`));
  console.log(`  region ${REGION}, AWS = moto on ${process.env.NETFIX_MOTO_URL}, function = dist/remediate/index.mjs`);
  const clients = createAwsClients({ region: REGION, maxAttempts: 1 });
  const worldClients = scenario.member ? await clientsInAccount(scenario.member.accountId, REGION) : clients;
  if (scenario.member)
    await createSpokeRole(worldClients, { hubAccountId: HUB_ACCOUNT, roleName: SPOKE_ROLE, alias: scenario.member.alias });
  const world = await buildWorld(worldClients, scenario.world);
  // The hub's state (table, topic, bus) is in the hub's own account.
  const stack = await createLocalStack(clients, `${world.name}-stack`);
  const keep = args.includes('--keep');
  // `--keep` stops the default story after the dry run (3 steps), before anything is fixed.
  const stepCount = scenario === privateSubnets && keep ? 3 : scenario.steps;
  const demo = new Demo(world, stack, stepCount, worldClients, keep);
  demo.step(`The broken world, built in moto${scenario.member ? ` in member account ${scenario.member.accountId}` : ''}`);
  demo.show(
    [
      `VPC ${world.vpcId} with private subnets ${world.privateSubnetIds.join(', ')} in ${world.availabilityZones.join(', ')}`,
      `NAT gateway: ${world.natGatewayId ?? 'none'}; VPC endpoints: ${Object.keys(world.interfaceEndpointIds).length || 'none'}`,
      `cluster ${world.clusterName}, Fargate service ${world.serviceName}, image ${world.image}`,
    ].join('\n')
  );
  demo.check((await demo.endpoints()).length === 0, 'the VPC has no endpoints');
  await scenario.play(demo);
  const seconds = ((Date.now() - demo.started) / 1000).toFixed(1);
  console.log(
    `\n${demo.ok ? paint('32', 'Every step did what it should') : paint('31', 'Some steps did not do what they should')} (${seconds} s).`
  );
  console.log(`  cluster ${world.clusterName}, service ${world.serviceName}, VPC ${world.vpcId}`);
  if (keep) console.log(commandsToTry(demo));
  return demo.ok ? 0 : 1;
}

process.exitCode = await main();
