import { afterEach, describe, expect, it } from '@jest/globals';
import {
  SUBNET_TTL_MS,
  VPC_SETTINGS_TTL_MS,
  cachedSubnets,
  cachedVpcSettings,
  clearVpcFactsCache,
  rememberSubnets,
  rememberVpcSettings,
} from '../../../shared/inspect/vpc-facts-cache.js';
import type { SubnetFacts } from '../../../shared/model/snapshot.js';

const NOW = 1_800_000_000_000;
const IRELAND = { accountId: '111111111111', region: 'eu-west-1' };
const VIRGINIA = { accountId: '111111111111', region: 'us-east-1' };
/** Another member account of a hub, with a subnet and a VPC of the same ids. */
const OTHER_ACCOUNT = { accountId: '222222222222', region: 'eu-west-1' };

function aSubnet(subnetId: string): SubnetFacts {
  return {
    subnetId,
    vpcId: 'vpc-0abc',
    availabilityZone: 'eu-west-1a',
    availabilityZoneId: 'euw1-az1',
    cidrBlock: '10.0.1.0/24',
    mapPublicIpOnLaunch: false,
    tags: {},
  };
}

const SETTINGS = {
  vpc: {
    vpcId: 'vpc-0abc',
    cidrBlocks: ['10.0.0.0/16'],
    enableDnsSupport: true,
    enableDnsHostnames: true,
    dhcpOptionsId: 'dopt-1',
    domainNameServers: ['AmazonProvidedDNS'],
    tags: {},
  },
  internetGateways: [],
  unknowns: [],
};

describe('vpc facts cache', () => {
  afterEach(() => clearVpcFactsCache());

  it('returns the cached subnets and names the ones still to read', () => {
    rememberSubnets(IRELAND, [aSubnet('subnet-a')], NOW);

    const result = cachedSubnets(IRELAND, ['subnet-a', 'subnet-b'], NOW + 1000);

    expect(result.known.map((subnet) => subnet.subnetId)).toEqual(['subnet-a']);
    expect(result.missing).toEqual(['subnet-b']);
  });

  it('keeps regions apart and forgets subnets after their time to live', () => {
    rememberSubnets(IRELAND, [aSubnet('subnet-a')], NOW);

    expect(cachedSubnets(VIRGINIA, ['subnet-a'], NOW).missing).toEqual(['subnet-a']);
    expect(cachedSubnets(IRELAND, ['subnet-a'], NOW + SUBNET_TTL_MS).missing).toEqual(['subnet-a']);
  });

  it("keeps accounts apart (a hub reads many): a fact never answers for another account's id", () => {
    rememberSubnets(IRELAND, [aSubnet('subnet-a')], NOW);
    rememberVpcSettings(IRELAND, SETTINGS, NOW);

    expect(cachedSubnets(OTHER_ACCOUNT, ['subnet-a'], NOW).missing).toEqual(['subnet-a']);
    expect(cachedVpcSettings(OTHER_ACCOUNT, 'vpc-0abc', NOW)).toBeUndefined();
    expect(cachedSubnets({ accountId: null, region: 'eu-west-1' }, ['subnet-a'], NOW).missing).toEqual(['subnet-a']);
  });

  it('serves VPC settings for one minute only, so a person fixing DNS sees it soon', () => {
    rememberVpcSettings(IRELAND, SETTINGS, NOW);

    expect(cachedVpcSettings(IRELAND, 'vpc-0abc', NOW + VPC_SETTINGS_TTL_MS - 1)).toEqual(SETTINGS);
    expect(cachedVpcSettings(IRELAND, 'vpc-0abc', NOW + VPC_SETTINGS_TTL_MS)).toBeUndefined();
  });
});
