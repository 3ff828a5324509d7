/**
 * The AWS calls of an incident's follow-up: a one-time EventBridge Scheduler schedule that
 * re-invokes the function to verify, the endpoints' states, and forcing a new deployment.
 *
 * Why a schedule and not a wait: endpoints take minutes to become available; a Lambda that sleeps
 * pays for the wait and may time out. A one-time `at()` schedule with ActionAfterCompletion=DELETE
 * invokes the function once, at the time given, and removes itself.
 */
import { DescribeVpcEndpointsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { type ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { CreateScheduleCommand, type SchedulerClient } from '@aws-sdk/client-scheduler';
import { callAws, hasErrorName } from './aws-call.js';

interface VerifySchedule {
  groupName: string;
  /** Unique per incident and attempt; at most 64 characters. */
  name: string;
  at: Date;
  functionArn: string;
  roleArn: string;
  payload: object;
}

/** `at(yyyy-mm-ddThh:mm:ss)` in UTC, as EventBridge Scheduler wants it. */
function atExpression(when: Date): string {
  return `at(${when.toISOString().slice(0, 19)})`;
}

async function scheduleVerify(
  scheduler: SchedulerClient,
  schedule: VerifySchedule,
  signal?: AbortSignal
): Promise<'created' | 'already-exists'> {
  try {
    await callAws('Scheduler.CreateSchedule', schedule.name, () =>
      scheduler.send(
        new CreateScheduleCommand({
          Name: schedule.name,
          GroupName: schedule.groupName,
          ScheduleExpression: atExpression(schedule.at),
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          Description: 'ecs-netfix: verify the endpoints created for an incident',
          Target: {
            Arn: schedule.functionArn,
            RoleArn: schedule.roleArn,
            Input: JSON.stringify(schedule.payload),
            RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
          },
        }),
        { abortSignal: signal }
      )
    );
    return 'created';
  } catch (error) {
    // The same incident and attempt was scheduled by an earlier try of this event.
    if (hasErrorName(error, ['ConflictException'])) return 'already-exists';
    throw error;
  }
}

/** The state of each endpoint by id (`missing` when EC2 no longer knows it). */
async function describeEndpointStates(
  ec2: EC2Client,
  endpointIds: string[],
  signal?: AbortSignal
): Promise<{ id: string; service: string; state: string }[]> {
  if (endpointIds.length === 0) return [];
  try {
    const response = await callAws('EC2.DescribeVpcEndpoints', endpointIds.join(','), () =>
      ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: endpointIds }), { abortSignal: signal })
    );
    const byId = new Map((response.VpcEndpoints ?? []).map((endpoint) => [endpoint.VpcEndpointId ?? '', endpoint]));
    return endpointIds.map((id) => {
      const endpoint = byId.get(id);
      return {
        id,
        service: endpoint?.ServiceName?.split('.').slice(3).join('.') ?? 'unknown',
        state: endpoint?.State?.toLowerCase() ?? 'missing',
      };
    });
  } catch (error) {
    if (hasErrorName(error, ['InvalidVpcEndpointId.NotFound'])) {
      return endpointIds.map((id) => ({ id, service: 'unknown', state: 'missing' }));
    }
    throw error;
  }
}

/** Starts the service's tasks now instead of after ECS's back-off. */
async function forceNewDeployment(
  ecs: ECSClient,
  cluster: string,
  service: string,
  signal?: AbortSignal
): Promise<string | null> {
  const response = await callAws('ECS.UpdateService', `${cluster}/${service}`, () =>
    ecs.send(new UpdateServiceCommand({ cluster, service, forceNewDeployment: true }), { abortSignal: signal })
  );
  return response.service?.deployments?.[0]?.id ?? null;
}

export { describeEndpointStates, forceNewDeployment, scheduleVerify };
