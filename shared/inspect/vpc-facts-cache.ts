/**
 * Facts that do not change between two failures a few seconds apart, remembered by the Lambda
 * container so that the next event (another service in the same VPC, a burst's re-diagnosis, a
 * verify run) reads only what can change: routes, NAT gateways, endpoints, security groups, NACLs.
 *
 * - A subnet's VPC, AZ and CIDR never change once it exists: cached for 15 minutes.
 * - A VPC's CIDRs, tags, DNS attributes, DHCP servers and internet gateways rarely do, and a person
 *   fixing one of them expects to see it soon: cached for 60 seconds.
 * EC2's Describe rate limit is a token bucket per API and account, so fewer calls per event keep a
 * failing fleet from throttling everything else in the account.
 */
import type { InternetGatewayFacts, SubnetFacts, VpcFacts } from '../model/snapshot.js';

const SUBNET_TTL_MS = 15 * 60 * 1000;
const VPC_SETTINGS_TTL_MS = 60 * 1000;
const MAX_ENTRIES = 500;

/** Everything about a VPC that is read VPC-wide but changes rarely. */
interface VpcSettings {
  vpc: VpcFacts;
  internetGateways: InternetGatewayFacts[];
  /** Problems found while reading them (e.g. an unknown DHCP option set), replayed with the facts. */
  unknowns: string[];
}

interface Entry<T> {
  value: T;
  expiresAt: number;
}

class TtlCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  public constructor(private readonly ttlMs: number) {}

  public get(key: string, nowMs: number): T | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= nowMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  public set(key: string, value: T, nowMs: number): void {
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { value, expiresAt: nowMs + this.ttlMs });
  }

  public clear(): void {
    this.entries.clear();
  }
}

/**
 * Whose VPC: the account (a hub reads many) and the region. EC2 ids are unique in practice, but a
 * cached fact must never answer for another account's resource of the same id.
 */
interface CacheScope {
  accountId: string | null;
  region: string;
}

function scoped(scope: CacheScope, id: string): string {
  return `${scope.accountId ?? 'home'}/${scope.region}/${id}`;
}

const subnets = new TtlCache<SubnetFacts>(SUBNET_TTL_MS);
const vpcSettings = new TtlCache<VpcSettings>(VPC_SETTINGS_TTL_MS);

/** The cached subnets of `subnetIds`, and the ids still to read. */
function cachedSubnets(scope: CacheScope, subnetIds: string[], nowMs: number): { known: SubnetFacts[]; missing: string[] } {
  const known: SubnetFacts[] = [];
  const missing: string[] = [];
  for (const id of subnetIds) {
    const facts = subnets.get(scoped(scope, id), nowMs);
    if (facts) known.push(facts);
    else missing.push(id);
  }
  return { known, missing };
}

function rememberSubnets(scope: CacheScope, facts: SubnetFacts[], nowMs: number): void {
  for (const subnet of facts) subnets.set(scoped(scope, subnet.subnetId), subnet, nowMs);
}

function cachedVpcSettings(scope: CacheScope, vpcId: string, nowMs: number): VpcSettings | undefined {
  return vpcSettings.get(scoped(scope, vpcId), nowMs);
}

function rememberVpcSettings(scope: CacheScope, settings: VpcSettings, nowMs: number): void {
  vpcSettings.set(scoped(scope, settings.vpc.vpcId), settings, nowMs);
}

function clearVpcFactsCache(): void {
  subnets.clear();
  vpcSettings.clear();
}

export {
  SUBNET_TTL_MS,
  VPC_SETTINGS_TTL_MS,
  cachedSubnets,
  cachedVpcSettings,
  clearVpcFactsCache,
  rememberSubnets,
  rememberVpcSettings,
};
export type { CacheScope, VpcSettings };
