/**
 * The EFS reads of one diagnosis, only for tasks with EFS volumes: each file system's mount
 * targets (one call per file system), then the security groups of the mount targets in the
 * task's AZs (one call per mount target; a task mounts in its own AZ).
 * https://docs.aws.amazon.com/efs/latest/ug/API_DescribeMountTargets.html
 */
import {
  DescribeMountTargetSecurityGroupsCommand,
  DescribeMountTargetsCommand,
  type EFSClient,
  type MountTargetDescription,
} from '@aws-sdk/client-efs';
import type { EfsMountTargetFacts } from '../model/snapshot.js';
import { callAws, collectPages, hasErrorName } from './aws-call.js';

interface ReadOptions {
  signal?: AbortSignal;
}

function toMountTargetFacts(target: MountTargetDescription): EfsMountTargetFacts {
  return {
    mountTargetId: target.MountTargetId ?? '',
    fileSystemId: target.FileSystemId ?? '',
    subnetId: target.SubnetId ?? '',
    availabilityZone: target.AvailabilityZoneName ?? '',
    ipAddress: target.IpAddress ?? null,
    state: target.LifeCycleState ?? 'unknown',
    securityGroupIds: null,
  };
}

/** null when the file system does not exist (deleted, or in another account or region). */
async function describeMountTargets(
  efs: EFSClient,
  fileSystemId: string,
  options: ReadOptions = {}
): Promise<(EfsMountTargetFacts & { vpcId: string | null })[] | null> {
  try {
    const targets = await callAws('DescribeMountTargets', fileSystemId, () =>
      collectPages(async (token) => {
        const page = await efs.send(new DescribeMountTargetsCommand({ FileSystemId: fileSystemId, Marker: token }), {
          abortSignal: options.signal,
        });
        return { items: page.MountTargets, nextToken: page.NextMarker };
      })
    );
    return targets.map((target) => ({ ...toMountTargetFacts(target), vpcId: target.VpcId ?? null }));
  } catch (error) {
    if (hasErrorName(error, ['FileSystemNotFound'])) return null;
    throw error;
  }
}

async function describeMountTargetSecurityGroups(
  efs: EFSClient,
  mountTargetId: string,
  options: ReadOptions = {}
): Promise<string[]> {
  const response = await callAws('DescribeMountTargetSecurityGroups', mountTargetId, () =>
    efs.send(new DescribeMountTargetSecurityGroupsCommand({ MountTargetId: mountTargetId }), {
      abortSignal: options.signal,
    })
  );
  return response.SecurityGroups ?? [];
}

export { describeMountTargetSecurityGroups, describeMountTargets };
