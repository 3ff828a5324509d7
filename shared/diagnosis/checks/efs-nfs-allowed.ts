/**
 * `efs-nfs-allowed`: NFS (TCP 2049) passes between the task and the mount target of its AZ: the
 * mount target's security groups let it in from the task, and the task's let it out.
 * https://docs.aws.amazon.com/efs/latest/ug/network-access.html
 */
import type { Check } from '../check.js';
import type { Finding } from '../finding.js';
import { explainsStopReason } from '../context.js';
import { failWith, notApplicable } from '../check.js';
import { sgAllowsTcpFrom, sgAllowsTcpTo } from '../net/sg-allows-https.js';
import { NFS_PORT, mountPlaces } from './efs-support.js';
import { makeFinding, makeFix } from './support.js';

const efsNfsAllowed: Check = {
  id: 'efs-nfs-allowed',
  codes: ['EFS_NFS_BLOCKED'],
  scope: 'network',
  evaluate: (context) => {
    const places = mountPlaces(context).filter((place) => place.target !== null && place.isTaskAz);
    if (places.length === 0) return notApplicable('no mount target in the task AZ to reach');
    const taskGroupIds = context.snapshot.network.securityGroupIds;
    const taskGroups = context.snapshot.securityGroups.filter((group) => (taskGroupIds ?? []).includes(group.groupId));
    const findings: Finding[] = [];
    for (const place of places) {
      const target = place.target;
      if (target === null || target.securityGroupIds === null) continue;
      const targetGroups = context.snapshot.securityGroups.filter((group) => target.securityGroupIds?.includes(group.groupId));
      const from = { cidrs: [place.subnet.cidrBlock], groupIds: taskGroupIds ?? [], prefixListIds: [] };
      const to = {
        cidrs: target.ipAddress === null ? [] : [`${target.ipAddress}/32`],
        groupIds: target.securityGroupIds,
        prefixListIds: [],
      };
      const inBlocked = targetGroups.length > 0 && !sgAllowsTcpFrom(targetGroups, from, NFS_PORT);
      const outBlocked = taskGroups.length > 0 && !sgAllowsTcpTo(taskGroups, to, NFS_PORT);
      if (!inBlocked && !outBlocked) continue;
      const targetGroup = target.securityGroupIds[0] ?? '<efs-sg-id>';
      const taskGroup = taskGroupIds?.[0];
      const blocks = [
        ...(inBlocked
          ? [
              `mount target ${target.mountTargetId}'s security group${targetGroups.length > 1 ? 's' : ''} ${target.securityGroupIds.join(', ')} do not allow TCP 2049 in from the task`,
            ]
          : []),
        ...(outBlocked
          ? [
              `the task security group${taskGroups.length > 1 ? 's' : ''} ${(taskGroupIds ?? []).join(', ')} do not allow TCP 2049 out to ${target.ipAddress ?? target.mountTargetId}`,
            ]
          : []),
      ];
      const cli = [
        ...(inBlocked
          ? [
              taskGroup !== undefined
                ? `aws ec2 authorize-security-group-ingress --group-id ${targetGroup} --ip-permissions IpProtocol=tcp,FromPort=2049,ToPort=2049,UserIdGroupPairs=[{GroupId=${taskGroup}}] --region ${context.region}`
                : `aws ec2 authorize-security-group-ingress --group-id ${targetGroup} --ip-permissions IpProtocol=tcp,FromPort=2049,ToPort=2049,IpRanges=[{CidrIp=${place.subnet.cidrBlock}}] --region ${context.region}`,
            ]
          : []),
        ...(outBlocked && taskGroup !== undefined
          ? [
              `aws ec2 authorize-security-group-egress --group-id ${taskGroup} --ip-permissions IpProtocol=tcp,FromPort=2049,ToPort=2049,UserIdGroupPairs=[{GroupId=${targetGroup}}] --region ${context.region}`,
            ]
          : []),
      ];
      findings.push(
        makeFinding({
          code: 'EFS_NFS_BLOCKED',
          severity: 'error',
          message: `NFS to EFS file system ${place.fileSystemId} is blocked in ${place.subnet.availabilityZone}: ${blocks.join('; and ')}, so the EFS volume mount times out.`,
          resources: [
            place.fileSystemId,
            target.mountTargetId,
            ...target.securityGroupIds,
            ...(outBlocked ? (taskGroupIds ?? []) : []),
          ],
          fix: makeFix(
            `Allow TCP 2049 from the task security group into ${targetGroup}${outBlocked ? ' and out of the task security group to it' : ''}.`,
            [
              `VPC console > Security groups > ${targetGroup} > Inbound rules > Edit > add NFS (2049) from the task security group`,
            ],
            cli,
            false
          ),
          service: 'elasticfilesystem',
          cause: explainsStopReason(context, { services: ['elasticfilesystem'] }),
        })
      );
    }
    return failWith(findings, 'NFS to an EFS mount target is blocked', 'NFS passes to the EFS mount targets of the task AZ');
  },
};

export { efsNfsAllowed };
