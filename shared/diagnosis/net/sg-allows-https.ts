/**
 * Security group rule evaluation for TCP 443. Security groups are allow-lists: traffic passes
 * when any rule of any attached group allows it.
 * https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
 */
import type { SecurityGroupFacts, SecurityGroupRuleFacts } from '../../model/snapshot.js';
import { cidrContains } from './cidr.js';

const HTTPS_PORT = 443;

/** Where traffic comes from (ingress) or goes to (egress), as a rule could name it. */
interface TrafficPeer {
  /** Every one of these ranges must be covered by a CIDR rule (e.g. each task subnet). */
  cidrs: string[];
  /** A rule naming any one of these groups matches. */
  groupIds: string[];
  /** A rule naming any one of these prefix lists matches (e.g. the S3 prefix list). */
  prefixListIds: string[];
}

/** True when the rule covers TCP on `port`: protocol -1 (all), or tcp/6 with the port in range. */
function ruleCoversTcpPort(rule: SecurityGroupRuleFacts, port: number): boolean {
  if (rule.protocol === '-1') return true;
  if (rule.protocol !== 'tcp' && rule.protocol !== '6') return false;
  const from = rule.fromPort ?? 0;
  const to = rule.toPort ?? 65535;
  return from <= port && port <= to;
}

/** True when the rule names the peer: a group of it, a prefix list of it, or a CIDR covering it. */
function ruleMatchesPeer(rule: SecurityGroupRuleFacts, peer: TrafficPeer): boolean {
  if (rule.groupIds.some((groupId) => peer.groupIds.includes(groupId))) return true;
  if (rule.prefixListIds.some((listId) => peer.prefixListIds.includes(listId))) return true;
  if (peer.cidrs.length === 0) return false;
  return peer.cidrs.every((peerCidr) => rule.cidrs.some((cidr) => cidrContains(cidr, peerCidr)));
}

function rulesAllowTcp(rules: SecurityGroupRuleFacts[], peer: TrafficPeer, port: number): boolean {
  return rules.some((rule) => ruleCoversTcpPort(rule, port) && ruleMatchesPeer(rule, peer));
}

function rulesAllowHttps(rules: SecurityGroupRuleFacts[], peer: TrafficPeer): boolean {
  return rulesAllowTcp(rules, peer, HTTPS_PORT);
}

/** True when some group's inbound rules let TCP `port` in from the peer (e.g. NFS 2049). */
function sgAllowsTcpFrom(groups: SecurityGroupFacts[], peer: TrafficPeer, port: number): boolean {
  return groups.some((group) => rulesAllowTcp(group.ingress, peer, port));
}

/** True when some group's outbound rules let TCP `port` out to the peer. */
function sgAllowsTcpTo(groups: SecurityGroupFacts[], peer: TrafficPeer, port: number): boolean {
  return groups.some((group) => rulesAllowTcp(group.egress, peer, port));
}

/** True when some group's inbound rules let TCP 443 in from the peer. */
function sgAllowsHttpsFrom(groups: SecurityGroupFacts[], peer: TrafficPeer): boolean {
  return groups.some((group) => rulesAllowHttps(group.ingress, peer));
}

/** True when some group's outbound rules let TCP 443 out to the peer. */
function sgAllowsHttpsTo(groups: SecurityGroupFacts[], peer: TrafficPeer): boolean {
  return groups.some((group) => rulesAllowHttps(group.egress, peer));
}

export { sgAllowsHttpsFrom, sgAllowsHttpsTo, sgAllowsTcpFrom, sgAllowsTcpTo };
export type { TrafficPeer };
