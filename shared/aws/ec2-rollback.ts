/**
 * The only deletes ecs-netfix makes. Each one re-reads the resource right before deleting it and
 * refuses unless it still carries ManagedBy=ecs-netfix and sits in the VPC being rolled back:
 * a tag removed by a person, or an id reused, never leads to deleting someone else's resource.
 */
import {
  DeleteSecurityGroupCommand,
  DeleteVpcEndpointsCommand,
  type EC2Client,
  ModifyVpcEndpointCommand,
} from '@aws-sdk/client-ec2';
import { addedAttachments, forgetAddedAttachments } from './ec2-change-record.js';
import { callAws, hasErrorName } from './aws-call.js';
import { describeEndpointById, describeSecurityGroupById, isManagedByNetfix } from './managed-resources.js';
import { isLiveEndpointState } from './endpoint-state.js';

type DeleteStatus =
  /** Deleted now (EC2 may take a minute to finish). */
  | 'deleted'
  /** What ecs-netfix attached to an endpoint was removed; the endpoint stays. */
  | 'detached'
  /** Already gone or being deleted: nothing to do. */
  | 'gone'
  /** Lost its tag or moved VPC since it was listed: left alone. */
  | 'refused'
  /** Still used (DependencyViolation): try again once the endpoints' ENIs are gone. */
  | 'in-use'
  | 'failed';

interface DeleteResult {
  resourceId: string;
  status: DeleteStatus;
  note: string | null;
}

async function deleteManagedEndpoint(
  ec2: EC2Client,
  vpcEndpointId: string,
  vpcId: string,
  signal?: AbortSignal
): Promise<DeleteResult> {
  const current = await describeEndpointById(ec2, vpcEndpointId, signal);
  if (current === null || !isLiveEndpointState(current.state)) {
    return { resourceId: vpcEndpointId, status: 'gone', note: current === null ? 'not found' : `state ${current.state}` };
  }
  if (!isManagedByNetfix(current.tags) || current.vpcId !== vpcId) {
    return {
      resourceId: vpcEndpointId,
      status: 'refused',
      note:
        current.vpcId !== vpcId
          ? `it is in ${current.vpcId}, not ${vpcId}`
          : 'it no longer carries the tags ecs-netfix writes (ManagedBy=ecs-netfix, ecs-netfix:incident, ecs-netfix:created-at)',
    };
  }
  const response = await callAws('EC2.DeleteVpcEndpoints', vpcEndpointId, () =>
    ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [vpcEndpointId] }), { abortSignal: signal })
  );
  const failure = response.Unsuccessful?.find((item) => item.ResourceId === vpcEndpointId) ?? response.Unsuccessful?.[0];
  if (failure !== undefined) {
    return {
      resourceId: vpcEndpointId,
      status: 'failed',
      note: `${failure.Error?.Code ?? 'Unsuccessful'}: ${failure.Error?.Message ?? 'EC2 did not delete it'}`,
    };
  }
  return { resourceId: vpcEndpointId, status: 'deleted', note: null };
}

async function deleteManagedSecurityGroup(
  ec2: EC2Client,
  groupId: string,
  vpcId: string,
  signal?: AbortSignal
): Promise<DeleteResult> {
  const current = await describeSecurityGroupById(ec2, groupId, signal);
  if (current === null) return { resourceId: groupId, status: 'gone', note: 'not found' };
  if (!isManagedByNetfix(current.tags) || current.vpcId !== vpcId) {
    return {
      resourceId: groupId,
      status: 'refused',
      note:
        current.vpcId !== vpcId
          ? `it is in ${current.vpcId}, not ${vpcId}`
          : 'it no longer carries the tags ecs-netfix writes (ManagedBy=ecs-netfix, ecs-netfix:incident, ecs-netfix:created-at)',
    };
  }
  try {
    await callAws('EC2.DeleteSecurityGroup', groupId, () =>
      ec2.send(new DeleteSecurityGroupCommand({ GroupId: groupId }), { abortSignal: signal })
    );
    return { resourceId: groupId, status: 'deleted', note: null };
  } catch (error) {
    if (hasErrorName(error, ['DependencyViolation'])) {
      return { resourceId: groupId, status: 'in-use', note: 'still attached to network interfaces (endpoints being deleted?)' };
    }
    if (hasErrorName(error, ['InvalidGroup.NotFound'])) return { resourceId: groupId, status: 'gone', note: 'not found' };
    throw error;
  }
}

export { deleteManagedEndpoint, deleteManagedSecurityGroup };
export type { DeleteResult };

/**
 * Detaches from an endpoint the route tables or subnets ecs-netfix recorded as added, after
 * reading it again: only ids still attached and still recorded are removed, then their record.
 */
async function detachRecordedAttachments(
  ec2: EC2Client,
  vpcEndpointId: string,
  vpcId: string,
  ids: readonly string[],
  signal?: AbortSignal
): Promise<DeleteResult> {
  const current = await describeEndpointById(ec2, vpcEndpointId, signal);
  if (current === null || !isLiveEndpointState(current.state)) {
    return { resourceId: vpcEndpointId, status: 'gone', note: current === null ? 'not found' : `state ${current.state}` };
  }
  if (current.vpcId !== vpcId)
    return { resourceId: vpcEndpointId, status: 'refused', note: `it is in ${current.vpcId}, not ${vpcId}` };
  const gateway = current.type === 'Gateway';
  const attached = gateway ? current.routeTableIds : current.subnetIds;
  const recorded = addedAttachments(current.tags);
  const detach = ids.filter((id) => attached.includes(id) && recorded.includes(id));
  if (detach.length > 0) {
    await callAws('EC2.ModifyVpcEndpoint', vpcEndpointId, () =>
      ec2.send(
        new ModifyVpcEndpointCommand({
          VpcEndpointId: vpcEndpointId,
          ...(gateway ? { RemoveRouteTableIds: detach } : { RemoveSubnetIds: detach }),
        }),
        { abortSignal: signal }
      )
    );
  }
  await forgetAddedAttachments(
    ec2,
    vpcEndpointId,
    ids.filter((id) => recorded.includes(id)),
    signal
  );
  return {
    resourceId: vpcEndpointId,
    status: detach.length > 0 ? 'detached' : 'gone',
    note: detach.length > 0 ? `removed ${detach.join(', ')}` : 'nothing ecs-netfix added is attached any more',
  };
}

export { detachRecordedAttachments };
