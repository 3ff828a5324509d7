/**
 * Network ACL evaluation. NACLs are stateless and ordered: the lowest-numbered entry that
 * matches decides, and return traffic needs its own rule in the other direction.
 * https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
 */
import type { NetworkAclEntryFacts, NetworkAclFacts, Snapshot } from '../../model/snapshot.js';
import { cidrContains } from './cidr.js';

/** Ports a client uses for replies; AWS recommends allowing 1024-65535 back in. */
const EPHEMERAL_PORTS = { from: 1024, to: 65535 } as const;

interface NaclQuery {
  /** true: traffic leaving the subnet. */
  egress: boolean;
  /** The other end of the traffic (destination when egress, source when ingress). */
  peerCidr: string;
  portFrom: number;
  portTo: number;
}

/**
 * True when the entry applies to all of the queried traffic. Partial overlaps are not matched:
 * they are rare, and matching them would need per-address evaluation.
 */
function entryMatches(entry: NetworkAclEntryFacts, query: NaclQuery): boolean {
  if (entry.egress !== query.egress) return false;
  if (entry.cidr === null || !cidrContains(entry.cidr, query.peerCidr)) return false;
  if (entry.protocol === '-1') return true;
  if (entry.protocol !== '6' && entry.protocol !== 'tcp') return false;
  const from = entry.portFrom ?? 0;
  const to = entry.portTo ?? 65535;
  return from <= query.portFrom && query.portTo <= to;
}

/** True when the ACL lets the traffic through: first matching entry by rule number decides. */
function naclAllows(acl: NetworkAclFacts, query: NaclQuery): boolean {
  const ordered = [...acl.entries].sort((a, b) => a.ruleNumber - b.ruleNumber);
  const decisive = ordered.find((entry) => entryMatches(entry, query));
  // No matching entry: the implicit final `*` rule denies.
  return decisive?.action === 'allow';
}

/** The ACL of a subnet: the one listing it, else the VPC's default ACL; null when unknown. */
function naclForSubnet(snapshot: Pick<Snapshot, 'networkAcls'>, subnetId: string, vpcId: string | null): NetworkAclFacts | null {
  const explicit = snapshot.networkAcls.find((acl) => acl.subnetIds.includes(subnetId));
  if (explicit !== undefined) return explicit;
  return snapshot.networkAcls.find((acl) => acl.isDefault && (vpcId === null || acl.vpcId === vpcId)) ?? null;
}

/** Problems an HTTPS client in a subnet would meet talking to `peerCidr`, in words. */
function httpsClientBlocks(acl: NetworkAclFacts, peerCidr: string): string[] {
  const blocks: string[] = [];
  if (!naclAllows(acl, { egress: true, peerCidr, portFrom: 443, portTo: 443 })) {
    blocks.push(`outbound TCP 443 to ${peerCidr}`);
  }
  const back = { egress: false, peerCidr, portFrom: EPHEMERAL_PORTS.from, portTo: EPHEMERAL_PORTS.to };
  if (!naclAllows(acl, back)) {
    blocks.push(`inbound TCP ${EPHEMERAL_PORTS.from}-${EPHEMERAL_PORTS.to} from ${peerCidr}`);
  }
  return blocks;
}

/** Problems an HTTPS server (an endpoint's subnet) would meet serving clients in `peerCidr`. */
function httpsServerBlocks(acl: NetworkAclFacts, peerCidr: string): string[] {
  const blocks: string[] = [];
  if (!naclAllows(acl, { egress: false, peerCidr, portFrom: 443, portTo: 443 })) {
    blocks.push(`inbound TCP 443 from ${peerCidr}`);
  }
  const back = { egress: true, peerCidr, portFrom: EPHEMERAL_PORTS.from, portTo: EPHEMERAL_PORTS.to };
  if (!naclAllows(acl, back)) {
    blocks.push(`outbound TCP ${EPHEMERAL_PORTS.from}-${EPHEMERAL_PORTS.to} to ${peerCidr}`);
  }
  return blocks;
}

export { EPHEMERAL_PORTS, httpsClientBlocks, httpsServerBlocks, naclAllows, naclForSubnet };
