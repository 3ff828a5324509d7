import { describe, expect, it } from '@jest/globals';
import { cidrContains, cidrsOverlap, isPrivateIpv4 } from '../../../../shared/diagnosis/net/cidr.js';
import { egressPathForSubnet } from '../../../../shared/diagnosis/net/egress-path.js';
import { naclAllows } from '../../../../shared/diagnosis/net/nacl-allows.js';
import { routeTableForSubnet } from '../../../../shared/diagnosis/net/route-table-for-subnet.js';
import { sgAllowsHttpsFrom, sgAllowsHttpsTo } from '../../../../shared/diagnosis/net/sg-allows-https.js';
import { aSnapshot, httpsRule, naclEntry } from '../../../helpers/snapshot-builder.js';

describe('cidrContains', () => {
  it('contains a narrower range and an address inside it', () => {
    expect(cidrContains('10.0.0.0/16', '10.0.1.0/24')).toBe(true);
    expect(cidrContains('10.0.0.0/16', '10.0.255.7')).toBe(true);
    expect(cidrContains('0.0.0.0/0', '52.94.1.1')).toBe(true);
  });

  it('does not contain a wider or disjoint range, nor malformed input', () => {
    expect(cidrContains('10.0.1.0/24', '10.0.0.0/16')).toBe(false);
    expect(cidrContains('10.1.0.0/16', '10.0.1.0/24')).toBe(false);
    expect(cidrContains('10.0.0.0/33', '10.0.0.1')).toBe(false);
    expect(cidrContains('not-a-cidr', '10.0.0.1')).toBe(false);
  });

  it('tells overlaps and private addresses', () => {
    expect(cidrsOverlap('10.0.0.0/16', '10.0.128.0/17')).toBe(true);
    expect(cidrsOverlap('10.0.0.0/24', '10.0.1.0/24')).toBe(false);
    expect(isPrivateIpv4('172.31.4.5')).toBe(true);
    expect(isPrivateIpv4('52.94.1.1')).toBe(false);
  });
});

describe('routeTableForSubnet', () => {
  it('returns the explicitly associated table', () => {
    expect(routeTableForSubnet(aSnapshot().build(), 'subnet-0a')?.routeTableId).toBe('rtb-private');
  });

  it('falls back to the main table without an explicit association', () => {
    expect(routeTableForSubnet(aSnapshot().build(), 'subnet-elsewhere')?.routeTableId).toBe('rtb-main');
  });

  it('returns null when no table is known', () => {
    expect(routeTableForSubnet({ routeTables: [] }, 'subnet-0a')).toBeNull();
  });

  it('gives a subnet known to lie in another VPC no table, not the main table of this one', () => {
    const snapshot = aSnapshot()
      .tap((draft) => {
        draft.subnets.push({
          subnetId: 'subnet-0foreign',
          vpcId: 'vpc-0other',
          availabilityZone: 'eu-west-1c',
          availabilityZoneId: null,
          cidrBlock: '10.9.0.0/24',
          mapPublicIpOnLaunch: false,
          tags: {},
        });
      })
      .build();

    expect(routeTableForSubnet(snapshot, 'subnet-0foreign', 'vpc-0abc')).toBeNull();
    expect(routeTableForSubnet(snapshot, 'subnet-0a', 'vpc-0abc')?.routeTableId).toBe('rtb-private');
  });
});

describe('sgAllowsHttpsFrom / sgAllowsHttpsTo', () => {
  const group = (ingress: ReturnType<typeof httpsRule>[]) => ({
    groupId: 'sg-x',
    vpcId: 'vpc-0abc',
    groupName: 'x',
    ingress,
    egress: ingress,
    tags: {},
  });
  const fromTasks = { cidrs: ['10.0.1.0/24', '10.0.2.0/24'], groupIds: ['sg-task'], prefixListIds: [] };

  it('allows a rule naming a task group, all traffic, or a port range containing 443', () => {
    expect(sgAllowsHttpsFrom([group([httpsRule({ groupIds: ['sg-task'] })])], fromTasks)).toBe(true);
    expect(
      sgAllowsHttpsFrom([group([httpsRule({ protocol: '-1', fromPort: null, toPort: null, cidrs: ['10.0.0.0/16'] })])], fromTasks)
    ).toBe(true);
    expect(sgAllowsHttpsFrom([group([httpsRule({ fromPort: 0, toPort: 65535, cidrs: ['10.0.0.0/8'] })])], fromTasks)).toBe(true);
  });

  it('rejects other ports, UDP, and CIDRs that miss a task subnet', () => {
    expect(sgAllowsHttpsFrom([group([httpsRule({ fromPort: 80, toPort: 80, groupIds: ['sg-task'] })])], fromTasks)).toBe(false);
    expect(sgAllowsHttpsFrom([group([httpsRule({ protocol: 'udp', groupIds: ['sg-task'] })])], fromTasks)).toBe(false);
    expect(sgAllowsHttpsFrom([group([httpsRule({ cidrs: ['10.0.1.0/24'] })])], fromTasks)).toBe(false);
  });

  it('matches a prefix list destination on egress', () => {
    const s3 = { cidrs: ['0.0.0.0/0'], groupIds: [], prefixListIds: ['pl-6da54004'] };
    expect(sgAllowsHttpsTo([group([httpsRule({ prefixListIds: ['pl-6da54004'] })])], s3)).toBe(true);
    expect(sgAllowsHttpsTo([group([httpsRule({ cidrs: ['10.0.0.0/16'] })])], s3)).toBe(false);
  });
});

describe('naclAllows', () => {
  const acl = (entries: ReturnType<typeof naclEntry>[]) => ({
    networkAclId: 'acl-1',
    vpcId: 'vpc-0abc',
    isDefault: false,
    subnetIds: [],
    entries,
  });
  const out443 = { egress: true, peerCidr: '0.0.0.0/0', portFrom: 443, portTo: 443 };

  it('lets the lowest matching rule number decide, whatever the listing order', () => {
    const entries = [
      naclEntry({ ruleNumber: 200, egress: true }),
      naclEntry({ ruleNumber: 100, egress: true, action: 'deny', protocol: '6', portFrom: 443, portTo: 443 }),
    ];
    expect(naclAllows(acl(entries), out443)).toBe(false);
  });

  it('denies when no entry matches', () => {
    expect(naclAllows(acl([naclEntry({ egress: true, protocol: '6', portFrom: 80, portTo: 80 })]), out443)).toBe(false);
  });

  it('matches an entry only when its CIDR holds the whole peer, and skips an IPv6-only entry', () => {
    const toEndpoints = { egress: true, peerCidr: '10.0.5.0/24', portFrom: 443, portTo: 443 };
    // A deny for another range does not decide; the allow below it does.
    const elsewhere = [
      naclEntry({ ruleNumber: 90, egress: true, action: 'deny', cidr: '192.168.0.0/16' }),
      naclEntry({ ruleNumber: 100, egress: true }),
    ];
    expect(naclAllows(acl(elsewhere), toEndpoints)).toBe(true);
    // An allow for another range lets nothing through (the implicit deny decides).
    expect(naclAllows(acl([naclEntry({ egress: true, cidr: '172.16.0.0/12' })]), toEndpoints)).toBe(false);
    // An entry with only an IPv6 range never matches IPv4 traffic.
    expect(naclAllows(acl([naclEntry({ egress: true, cidr: null, ipv6Cidr: '::/0' })]), toEndpoints)).toBe(false);
  });

  it('requires the whole ephemeral range for return traffic', () => {
    const back = { egress: false, peerCidr: '10.0.0.0/16', portFrom: 1024, portTo: 65535 };
    expect(naclAllows(acl([naclEntry({ protocol: '6', portFrom: 1024, portTo: 65535 })]), back)).toBe(true);
    expect(naclAllows(acl([naclEntry({ protocol: '6', portFrom: 32768, portTo: 65535 })]), back)).toBe(false);
  });
});

describe('egressPathForSubnet', () => {
  it('is ok through an available NAT gateway', () => {
    const snapshot = aSnapshot().withNatGateway().build();
    expect(egressPathForSubnet({ snapshot, subnetId: 'subnet-0a' })).toMatchObject({
      via: 'nat-gateway',
      status: 'ok',
      targetId: 'nat-0abc',
    });
  });

  it('is broken when the NAT subnet has no route to an internet gateway', () => {
    const snapshot = aSnapshot()
      .withNatGateway()
      .tap((draft) => {
        const table = draft.routeTables.find((candidate) => candidate.routeTableId === 'rtb-public');
        if (table !== undefined) table.routes = table.routes.filter((route) => route.targetKind !== 'internet-gateway');
      })
      .build();
    expect(egressPathForSubnet({ snapshot, subnetId: 'subnet-0a' }).problem).toBe('nat-subnet-no-igw');
  });

  it('is broken through an internet gateway attached to another VPC, and not judged on one it could not read', () => {
    const foreign = aSnapshot()
      .withPublicSubnets(true)
      .tap((draft) => {
        for (const gateway of draft.internetGateways) gateway.attachedVpcIds = ['vpc-0other'];
      })
      .build();
    expect(egressPathForSubnet({ snapshot: foreign, subnetId: 'subnet-0a' })).toMatchObject({
      status: 'broken',
      problem: 'igw-not-attached',
    });

    const unread = aSnapshot()
      .withPublicSubnets(true)
      .tap((draft) => {
        draft.internetGateways = [];
      })
      .build();
    expect(egressPathForSubnet({ snapshot: unread, subnetId: 'subnet-0a' }).problem).not.toBe('igw-not-attached');
  });

  it('is unknown through a transit gateway', () => {
    const snapshot = aSnapshot().withDefaultRoute('transit-gateway', 'tgw-0abc').build();
    expect(egressPathForSubnet({ snapshot, subnetId: 'subnet-0a' })).toMatchObject({ via: 'other', status: 'unknown' });
  });

  it('is broken without a default route', () => {
    expect(egressPathForSubnet({ snapshot: aSnapshot().build(), subnetId: 'subnet-0a' }).problem).toBe('no-default-route');
  });
});
