/**
 * The parts of an EventBridge "ECS Task State Change" event that ecs-netfix reads.
 * Field map: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_task_events.html
 * Every field is optional here because events are validated by the intake, never trusted.
 */
interface EcsAttachmentDetail {
  name?: string;
  value?: string;
}

interface EcsAttachment {
  id?: string;
  type?: string;
  status?: string;
  details?: EcsAttachmentDetail[];
}

interface EcsContainerDetail {
  name?: string;
  image?: string;
  lastStatus?: string;
  reason?: string;
  exitCode?: number;
  containerArn?: string;
}

interface EcsTaskStateChangeDetail {
  clusterArn?: string;
  taskArn?: string;
  taskDefinitionArn?: string;
  group?: string;
  startedBy?: string;
  lastStatus?: string;
  desiredStatus?: string;
  stopCode?: string;
  stoppedReason?: string;
  stoppingAt?: string;
  stoppedAt?: string;
  createdAt?: string;
  launchType?: string;
  capacityProviderName?: string;
  containerInstanceArn?: string;
  platformVersion?: string;
  availabilityZone?: string;
  attachments?: EcsAttachment[];
  containers?: EcsContainerDetail[];
  version?: number;
}

interface EcsTaskStateChangeEvent {
  version?: string;
  id?: string;
  'detail-type': 'ECS Task State Change';
  source: 'aws.ecs';
  account?: string;
  time?: string;
  region?: string;
  resources?: string[];
  detail: EcsTaskStateChangeDetail;
}

export type { EcsTaskStateChangeEvent };
