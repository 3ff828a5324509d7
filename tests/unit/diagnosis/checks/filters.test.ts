import { describe, expect, it } from '@jest/globals';
import { naclAllowsHttps } from '../../../../shared/diagnosis/checks/nacl-allows-https.js';
import { networkConfigKnown } from '../../../../shared/diagnosis/checks/network-config-known.js';
import { taskSgAllowsHttps } from '../../../../shared/diagnosis/checks/task-sg-allows-https.js';
import { aSnapshot, httpsRule, naclEntry, publicImage } from '../../../helpers/snapshot-builder.js';
import { runCheck } from '../run-check.js';

describe('taskSgAllowsHttps', () => {
  it('reports TASK_SG_BLOCKS_HTTPS naming the destinations the task cannot reach', () => {
    const snapshot = aSnapshot()
      .withSecurityGroupRules('sg-task', { egress: [httpsRule({ groupIds: ['sg-endpoints'] })] })
      .build();
    const [finding] = runCheck(taskSgAllowsHttps, snapshot, { category: 's3_layer_unreachable' }).findings;
    expect(finding).toMatchObject({ code: 'TASK_SG_BLOCKS_HTTPS', severity: 'error', service: 's3', cause: true });
    expect(finding?.fix.cli).toEqual([
      "aws ec2 authorize-security-group-egress --group-id sg-task --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,PrefixListIds=[{PrefixListId=pl-6da54004}]' --region eu-west-1",
    ]);
  });

  it('accepts the S3 prefix list and the endpoint group as destinations', () => {
    const snapshot = aSnapshot()
      .withSecurityGroupRules('sg-task', {
        egress: [httpsRule({ groupIds: ['sg-endpoints'] }), httpsRule({ prefixListIds: ['pl-6da54004'] })],
      })
      .build();
    expect(runCheck(taskSgAllowsHttps, snapshot).status).toBe('pass');
  });

  it('requires 0.0.0.0/0 for public images pulled through NAT', () => {
    const snapshot = aSnapshot()
      .withNatGateway()
      .withImages(publicImage())
      .withSecurityGroupRules('sg-task', {
        egress: [httpsRule({ cidrs: ['10.0.0.0/16'] }), httpsRule({ prefixListIds: ['pl-6da54004'] })],
      })
      .build();
    const [finding] = runCheck(taskSgAllowsHttps, snapshot, { category: 'public_registry_unreachable' }).findings;
    expect(finding?.message).toContain('the internet (NAT/internet gateway)');
    expect(finding?.cause).toBe(true);
  });

  it('passes with the default allow-all egress', () => {
    expect(runCheck(taskSgAllowsHttps, aSnapshot().build()).status).toBe('pass');
  });
});

describe('naclAllowsHttps', () => {
  it('reports NACL_BLOCKS_HTTPS when return traffic on ephemeral ports is denied', () => {
    const snapshot = aSnapshot()
      .withNaclEntries([
        naclEntry({ ruleNumber: 100, egress: true }),
        naclEntry({ ruleNumber: 100, egress: false, protocol: '6', portFrom: 443, portTo: 443 }),
        naclEntry({ ruleNumber: 32767, egress: false, action: 'deny' }),
      ])
      .build();
    const [finding] = runCheck(naclAllowsHttps, snapshot).findings;
    expect(finding).toMatchObject({ code: 'NACL_BLOCKS_HTTPS', severity: 'error', cause: true });
    expect(finding?.message).toContain('inbound TCP 1024-65535 from 10.0.1.0/24');
    expect(finding?.fix.cli[0]).toBe(
      'aws ec2 create-network-acl-entry --network-acl-id acl-default --rule-number 99 --ingress --protocol tcp --port-range From=1024,To=65535 --cidr-block 10.0.1.0/24 --rule-action allow --region eu-west-1'
    );
  });

  it('honours rule order: a lower deny beats a later allow', () => {
    const snapshot = aSnapshot()
      .withNaclEntries([
        naclEntry({ ruleNumber: 50, egress: true, action: 'deny', protocol: '6', portFrom: 443, portTo: 443 }),
        naclEntry({ ruleNumber: 100, egress: true }),
        naclEntry({ ruleNumber: 100, egress: false }),
      ])
      .build();
    expect(runCheck(naclAllowsHttps, snapshot).findings[0]?.message).toContain('outbound TCP 443');
  });

  it("checks the endpoint subnet's own NACL for inbound 443", () => {
    const snapshot = aSnapshot()
      .withEndpointChanges('ecr.api', { subnetIds: ['subnet-0e'] })
      .withExtraNacl('acl-endpoints', ['subnet-0e'], [naclEntry({ ruleNumber: 100, egress: true })])
      .build();
    const [finding] = runCheck(naclAllowsHttps, snapshot).findings;
    expect(finding?.resources).toEqual(['acl-endpoints', 'subnet-0e']);
    expect(finding?.message).toContain('inbound TCP 443 from 10.0.1.0/24');
  });

  it('passes with an allow-all NACL', () => {
    expect(runCheck(naclAllowsHttps, aSnapshot().build()).status).toBe('pass');
  });
});

describe('networkConfigKnown', () => {
  it('reports NETWORK_CONFIG_UNKNOWN for a standalone task, naming what was not checked', () => {
    const [finding] = runCheck(networkConfigKnown, aSnapshot().withUnknownSecurityGroups().build()).findings;
    expect(finding).toMatchObject({ code: 'NETWORK_CONFIG_UNKNOWN', severity: 'info', cause: false });
    expect(finding?.message).toContain("the task security groups' outbound HTTPS rules");
  });

  it('passes when the service gave the security groups', () => {
    expect(runCheck(networkConfigKnown, aSnapshot().build()).status).toBe('pass');
  });
});
