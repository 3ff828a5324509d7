/**
 * Bursts through the built bundle against moto: ECS stops many tasks of a broken service within
 * seconds and EventBridge hands each to its own invocation. Separate processes (cold starts) with
 * concurrent invocations each, all at once, against one state table: the VPC gets one set of
 * endpoints and one security group, Slack gets one alert per incident, and the incident counts
 * every distinct task.
 */
import { type AttributeValue, ScanCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from '@jest/globals';
import type { AwsClients } from '../../../shared/aws/clients.js';
import type { Report } from '../../../shared/report/report.js';
import { assertValidChatbotMessage } from '../../helpers/chatbot-schema.js';
import { invokeBundle, type InvokeResult } from '../../helpers/invoke-bundle.js';
import { createLocalStack, type LocalStack, type PublishedAlert } from '../../helpers/local-stack.js';
import { motoClients } from '../../helpers/moto.js';
import { liveEndpointServices, managedGroupCount } from '../../helpers/vpc-counts.js';
import { buildWorld } from '../../helpers/moto-world.js';
import { failureEvents, splitInto } from '../../helpers/ecs-events.js';

/** Every incident in the stack's state table: its id and how many distinct tasks it counts. */
async function incidents(clients: AwsClients, stack: LocalStack): Promise<{ pk: string; taskCount: number }[]> {
  const response = await clients.dynamodb.send(new ScanCommand({ TableName: stack.tableName }));
  // The table also holds the VPC lease and endpoint counter (pk VPC#...): only incidents count here.
  return (response.Items ?? [])
    .filter((item: Record<string, AttributeValue>) => item.pk?.S?.startsWith('INCIDENT#'))
    .map((item: Record<string, AttributeValue>) => ({
      pk: item.pk?.S ?? '',
      taskCount: item.taskIds?.SS?.length ?? 0,
    }));
}

/** Delivers `events` to `processes` cold-started containers at once, each running its share concurrently. */
async function deliverBurst(events: unknown[], processes: number, env: Record<string, string>): Promise<InvokeResult[]> {
  const groups = splitInto(events, processes);
  const results = await Promise.all(groups.map((group) => invokeBundle(group, { env, concurrent: true })));
  return results.flat();
}

function reportsOf(results: InvokeResult[]): Report[] {
  const failed = results.filter((result) => !result.ok);
  // The first three failures are enough to tell what went wrong (empty exactly when none failed).
  expect(failed.slice(0, 3)).toEqual([]);
  return results.flatMap((result) => (result.ok ? [result.report] : []));
}

function failureCountOf(alert: PublishedAlert | undefined): number {
  const metadata = alert?.message.metadata as { additionalContext?: Record<string, string> } | undefined;
  return Number(metadata?.additionalContext?.failureCount ?? Number.NaN);
}

describe('bursts of failures through the built bundle', () => {
  const clients = motoClients('eu-west-1');

  it('fixes a service once when 100 of its tasks fail at once in 4 containers', async () => {
    // Prepare
    const world = await buildWorld(clients, { azs: 2, taskDefinition: { image: 'ecr', awslogs: true } });
    const stack = await createLocalStack(clients);
    const events = failureEvents(world.event, 100);
    // Long enough for the whole burst to reach the state table on a 2-core machine (about 3 s with
    // moto); with 2 s the alert counts about 80 of the 100 (the incident still counts all 100).
    const env = { ...stack.env, DRY_RUN: 'false', ALERT_COALESCE_SECONDS: '5' };

    // Act
    const reports = reportsOf(await deliverBurst(events, 4, env));

    // Assess
    const outcomes = reports.map((report) => report.outcome);
    expect(outcomes.filter((outcome) => outcome === 'fixed')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'deduplicated')).toHaveLength(99);
    expect(await liveEndpointServices(clients.ec2, world.vpcId)).toEqual(['ecr.api', 'ecr.dkr', 'logs', 's3']);
    expect(await managedGroupCount(clients.ec2, world.vpcId)).toBe(1);
    const alerts = await stack.readAlerts();
    expect(alerts).toHaveLength(1);
    assertValidChatbotMessage(alerts[0]?.message);
    const leader = reports.find((report) => report.outcome === 'fixed');
    // The alert counts what the leader saw after waiting ALERT_COALESCE_SECONDS: the whole burst here.
    expect(leader?.incident?.failureCount).toBe(100);
    expect(failureCountOf(alerts[0])).toBe(100);
    expect(await incidents(clients, stack)).toEqual([{ pk: expect.stringContaining(world.serviceName ?? ''), taskCount: 100 }]);
    expect((await stack.readAuditEvents()).length).toBe(1);
  });

  it('handles 20 services failing at once: each once, one alert each', async () => {
    // Prepare: 20 worlds (a VPC, cluster and service each), three failed tasks per service.
    const worlds = await Promise.all(
      Array.from({ length: 20 }, () => buildWorld(clients, { azs: 1, taskDefinition: { image: 'ecr', awslogs: false } }))
    );
    const stack = await createLocalStack(clients);
    const events = worlds.flatMap((world) => failureEvents(world.event, 3));
    const env = { ...stack.env, DRY_RUN: 'true', ALERT_COALESCE_SECONDS: '1' };

    // Act
    const reports = reportsOf(await deliverBurst(events, 4, env));

    // Assess
    expect(reports.filter((report) => report.outcome === 'would-fix')).toHaveLength(20);
    expect(reports.filter((report) => report.outcome === 'deduplicated')).toHaveLength(40);
    const alerts = await stack.readAlerts();
    expect(alerts).toHaveLength(20);
    const threads = new Set(alerts.map((alert) => (alert.message.metadata as { threadId?: string }).threadId));
    expect(threads.size).toBe(20);
    const counted = await incidents(clients, stack);
    expect(counted).toHaveLength(20);
    expect(counted.every((incident) => incident.taskCount === 3)).toBe(true);
  });
});
