/** What the EFS checks share: the task's AZs, and each file system's mount target per AZ. */
import type { EfsMountTargetFacts, SubnetFacts } from '../../model/snapshot.js';
import type { DiagnosisContext } from '../context.js';
import { oneSubnetPerAz } from '../context.js';

interface MountPlace {
  fileSystemId: string;
  subnet: SubnetFacts;
  /** The failed task's own AZ (an error there; elsewhere a warning for the next placement). */
  isTaskAz: boolean;
  target: EfsMountTargetFacts | null;
}

/** One entry per file system and task AZ, the failed task's AZ first. */
function mountPlaces(context: DiagnosisContext): MountPlace[] {
  const taskAz = context.taskSubnets[0]?.availabilityZone ?? null;
  return context.snapshot.efsFileSystems.flatMap((fileSystem) =>
    oneSubnetPerAz(context.taskSubnets).map((subnet) => ({
      fileSystemId: fileSystem.fileSystemId,
      subnet,
      isTaskAz: subnet.availabilityZone === taskAz,
      target:
        fileSystem.mountTargets.find(
          (candidate) =>
            candidate.availabilityZone === subnet.availabilityZone &&
            candidate.state !== 'deleted' &&
            candidate.state !== 'deleting'
        ) ?? null,
    }))
  );
}

const NFS_PORT = 2049;

export { NFS_PORT, mountPlaces };
