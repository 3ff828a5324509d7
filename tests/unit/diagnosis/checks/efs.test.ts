import { describe, expect, it } from '@jest/globals';
import { efsMountTargetPresent } from '../../../../shared/diagnosis/checks/efs-mount-target-present.js';
import { efsNfsAllowed } from '../../../../shared/diagnosis/checks/efs-nfs-allowed.js';
import { diagnose } from '../../../../shared/diagnosis/diagnose.js';
import { planRemediation } from '../../../../shared/remediation/plan.js';
import { aClassification, aSnapshot, aStoppedTask, httpsRule } from '../../../helpers/snapshot-builder.js';
import { runCheck } from '../run-check.js';

const FS = 'fs-0123abcd';
const EFS_REASON = { classification: aClassification('ambiguous_network', { service: 'efs' }) };

describe('efsMountTargetPresent', () => {
  it("reports EFS_MOUNT_TARGET_MISSING in the task's AZ as the cause, and a warning for the service's other AZ", () => {
    const snapshot = aSnapshot().withEfs(FS, []).build();
    const findings = runCheck(efsMountTargetPresent, snapshot, EFS_REASON).findings;
    expect(findings.map((finding) => [finding.code, finding.severity, finding.cause, finding.resources])).toEqual([
      ['EFS_MOUNT_TARGET_MISSING', 'error', true, [FS, 'subnet-0a']],
      ['EFS_MOUNT_TARGET_MISSING', 'warning', false, [FS, 'subnet-0b']],
    ]);
    expect(findings[0]?.fix.cli[0]).toBe(
      `aws efs create-mount-target --file-system-id ${FS} --subnet-id subnet-0a --security-groups <efs-sg-id> --region eu-west-1`
    );
    expect(findings[0]?.fix.automatic).toBe(false);
  });

  it('passes with a mount target in every task AZ, and is not applicable without EFS', () => {
    expect(runCheck(efsMountTargetPresent, aSnapshot().withEfs(FS, ['subnet-0a', 'subnet-0b']).build(), EFS_REASON).status).toBe(
      'pass'
    );
    expect(runCheck(efsMountTargetPresent, aSnapshot().build(), EFS_REASON).status).toBe('not-applicable');
  });
});

describe('efsNfsAllowed', () => {
  it('reports EFS_NFS_BLOCKED when the mount target group allows HTTPS but not NFS', () => {
    const snapshot = aSnapshot()
      .withEfs(FS, ['subnet-0a', 'subnet-0b'], [httpsRule({ groupIds: ['sg-task'] })])
      .build();
    const [finding] = runCheck(efsNfsAllowed, snapshot, EFS_REASON).findings;
    expect(finding).toMatchObject({ code: 'EFS_NFS_BLOCKED', severity: 'error', cause: true, service: 'elasticfilesystem' });
    expect(finding?.fix.cli).toEqual([
      'aws ec2 authorize-security-group-ingress --group-id sg-efs --ip-permissions IpProtocol=tcp,FromPort=2049,ToPort=2049,UserIdGroupPairs=[{GroupId=sg-task}] --region eu-west-1',
    ]);
  });

  it("reports the task's egress when it allows only HTTPS", () => {
    const snapshot = aSnapshot()
      .withEfs(FS, ['subnet-0a'])
      .withSecurityGroupRules('sg-task', { egress: [httpsRule({ cidrs: ['0.0.0.0/0'] })] })
      .build();
    const [finding] = runCheck(efsNfsAllowed, snapshot, EFS_REASON).findings;
    expect(finding?.message).toContain('do not allow TCP 2049 out to 10.0.1.200');
  });

  it('passes NFS from the task group', () => {
    expect(runCheck(efsNfsAllowed, aSnapshot().withEfs(FS, ['subnet-0a']).build(), EFS_REASON).status).toBe('pass');
  });

  it('is alert-only: the plan creates nothing for EFS findings', () => {
    const snapshot = aSnapshot().withEfs(FS, []).build();
    const diagnosis = diagnose({ ...EFS_REASON, snapshot, task: aStoppedTask() });
    expect(diagnosis.findings.map((finding) => finding.code)).toContain('EFS_MOUNT_TARGET_MISSING');
    const plan = planRemediation(diagnosis.findings, snapshot, { region: 'eu-west-1', maxEndpointsPerRun: 4 });
    expect(plan.actions).toEqual([]);
    expect(plan.manual.map((finding) => finding.code)).toContain('EFS_MOUNT_TARGET_MISSING');
  });
});
