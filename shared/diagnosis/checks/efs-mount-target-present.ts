/**
 * `efs-mount-target-present`: each EFS file system of the task has a mount target in the task's
 * AZ. `fs-....efs.<region>.amazonaws.com` resolves only to the mount target of the caller's AZ,
 * so without one the mount fails with `Failed to resolve "fs-....efs..."`.
 * https://docs.aws.amazon.com/efs/latest/ug/troubleshooting-efs-mounting.html
 */
import type { Check } from '../check.js';
import { explainsStopReason } from '../context.js';
import { failWith, notApplicable } from '../check.js';
import { mountPlaces } from './efs-support.js';
import { makeFinding, makeFix } from './support.js';

const efsMountTargetPresent: Check = {
  id: 'efs-mount-target-present',
  codes: ['EFS_MOUNT_TARGET_MISSING'],
  scope: 'network',
  evaluate: (context) => {
    const places = mountPlaces(context);
    if (places.length === 0) return notApplicable('the task mounts no EFS file system (or its subnets are unknown)');
    const findings = places
      .filter((place) => place.target === null)
      .map((place) =>
        makeFinding({
          code: 'EFS_MOUNT_TARGET_MISSING',
          severity: place.isTaskAz ? 'error' : 'warning',
          message: `EFS file system ${place.fileSystemId} has no mount target in ${place.subnet.availabilityZone}${place.isTaskAz ? ', where the task ran' : ', where the service places tasks'}: its DNS name resolves only to a mount target in the caller's AZ, so the EFS volume cannot be mounted there ("Failed to resolve fs-...efs...").`,
          resources: [place.fileSystemId, place.subnet.subnetId],
          fix: makeFix(
            `Create a mount target of ${place.fileSystemId} in ${place.subnet.subnetId} (${place.subnet.availabilityZone}) with a security group that allows NFS (TCP 2049) from the tasks.`,
            [
              `EFS console > File systems > ${place.fileSystemId} > Network > Manage > Add mount target > ${place.subnet.availabilityZone}, ${place.subnet.subnetId}`,
            ],
            [
              `aws efs create-mount-target --file-system-id ${place.fileSystemId} --subnet-id ${place.subnet.subnetId} --security-groups <efs-sg-id> --region ${context.region}`,
            ],
            false
          ),
          service: 'elasticfilesystem',
          cause: place.isTaskAz && explainsStopReason(context, { services: ['elasticfilesystem'], dns: true }),
        })
      );
    return failWith(
      findings,
      'an EFS file system has no mount target in a task AZ',
      'every EFS file system has a mount target in the task AZs'
    );
  },
};

export { efsMountTargetPresent };
