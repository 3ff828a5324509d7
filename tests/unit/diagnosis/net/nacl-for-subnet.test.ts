/** A subnet without an explicit NACL association uses the default NACL of its own VPC. */
import { describe, expect, it } from '@jest/globals';
import type { NetworkAclFacts } from '../../../../shared/model/snapshot.js';
import { naclForSubnet } from '../../../../shared/diagnosis/net/nacl-allows.js';

function acl(networkAclId: string, vpcId: string, isDefault: boolean, subnetIds: string[] = []): NetworkAclFacts {
  return { networkAclId, vpcId, isDefault, subnetIds, entries: [] };
}

describe('naclForSubnet', () => {
  const networkAcls = [
    acl('acl-other-default', 'vpc-other', true),
    acl('acl-default', 'vpc-0abc', true),
    acl('acl-explicit', 'vpc-0abc', false, ['subnet-0b']),
  ];

  it('falls back to the default NACL of the VPC, not of another VPC', () => {
    expect(naclForSubnet({ networkAcls }, 'subnet-0a', 'vpc-0abc')?.networkAclId).toBe('acl-default');
  });

  it('prefers the explicit association', () => {
    expect(naclForSubnet({ networkAcls }, 'subnet-0b', 'vpc-0abc')?.networkAclId).toBe('acl-explicit');
  });

  it('knows no NACL when only another VPC has a default one', () => {
    expect(naclForSubnet({ networkAcls: [networkAcls[0] as NetworkAclFacts] }, 'subnet-0a', 'vpc-0abc')).toBeNull();
  });
});
