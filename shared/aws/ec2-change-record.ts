/**
 * Records on a person's own endpoint what ecs-netfix attached to it (route tables, subnets), as
 * `ecs-netfix:added:<id>` tags. Why tags, not the state table: the record lives as long as the
 * change (incident items expire), is visible in the console next to the resource, and rollback
 * needs nothing but EC2 to undo exactly it.
 */
import { CreateTagsCommand, DeleteTagsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { ADDED_TAG_PREFIX } from '../aws-names.js';
import { callAws } from './aws-call.js';

async function recordAddedAttachments(
  ec2: EC2Client,
  endpointId: string,
  attachedIds: readonly string[],
  incidentId: string,
  signal?: AbortSignal
): Promise<void> {
  if (attachedIds.length === 0) return;
  await callAws('EC2.CreateTags', endpointId, () =>
    ec2.send(
      new CreateTagsCommand({
        Resources: [endpointId],
        Tags: attachedIds.map((id) => ({ Key: `${ADDED_TAG_PREFIX}${id}`, Value: incidentId.slice(0, 255) })),
      }),
      { abortSignal: signal }
    )
  );
}

/** Forgets the record once the attachment is undone. */
async function forgetAddedAttachments(
  ec2: EC2Client,
  endpointId: string,
  attachedIds: readonly string[],
  signal?: AbortSignal
): Promise<void> {
  if (attachedIds.length === 0) return;
  await callAws('EC2.DeleteTags', endpointId, () =>
    ec2.send(
      new DeleteTagsCommand({ Resources: [endpointId], Tags: attachedIds.map((id) => ({ Key: `${ADDED_TAG_PREFIX}${id}` })) }),
      { abortSignal: signal }
    )
  );
}

/** The ids a tag set says ecs-netfix attached. */
function addedAttachments(tags: Record<string, string>): string[] {
  return Object.keys(tags)
    .filter((key) => key.startsWith(ADDED_TAG_PREFIX))
    .map((key) => key.slice(ADDED_TAG_PREFIX.length))
    .sort();
}

export { addedAttachments, forgetAddedAttachments, recordAddedAttachments };
