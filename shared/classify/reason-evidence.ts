import { awsOwnerOf } from './aws-ip-ranges.js';
import type { IpOwner, IpScope } from './classification.js';
import { scopeOfIp } from './ip-scope.js';
import { OTHER_FAMILIES, STARTUP_FAILURE_FAMILIES } from './patterns.js';

/**
 * Facts read out of a normalised, lower-cased stop reason: the error family, the hosts, the
 * address that did not answer, the region, and the host of the request that failed.
 * Every regex here is bounded and free of nested quantifiers (the text is capped at 8 KB).
 */

interface ReasonFacts {
  family: string | null;
  hosts: string[];
  /** Host of the last URL or DNS lookup in the text: the request that failed, in practice. */
  failingHost: string | null;
  ip: string | null;
  ipScope: IpScope | null;
  /** For a public IPv4 `ip`: who owns it per the AWS ranges table. */
  ipOwner: IpOwner | null;
  /** For an S3 `ip`: the region of its S3 prefix. */
  ipRegion: string | null;
  region: string | null;
  /** The text was cut off: it ends with "..." or inside the URL of a request. */
  truncated: boolean;
  /** A request to `failingHost` was under way (Get/Post/Head URL) when the text was cut off. */
  cutDuringRequest: boolean;
}

const MAX_HOSTS = 10;

const FAMILY_NAMES: Readonly<Record<string, string>> = { ...STARTUP_FAILURE_FAMILIES, ...OTHER_FAMILIES };
const FAMILY_PATTERN = new RegExp(Object.keys(FAMILY_NAMES).join('|'));

// Hosts under suffixes that matter here. `*` keeps redacted hosts such as `***.dkr.ecr.***.amazonaws.com`.
const HOST_PATTERN =
  /(?<![a-z0-9*.-])(?:[a-z0-9*][a-z0-9*-]{0,62}\.){0,8}(?:amazonaws\.com(?:\.cn)?|docker\.io|docker\.com|ghcr\.io|quay\.io|public\.ecr\.aws|gcr\.io|pkg\.dev|azurecr\.io|mcr\.microsoft\.com|registry\.gitlab\.com)(?![a-z0-9-])/g;

// The request that failed: `Post "https://api.ecr...`, `Get https://...`, `lookup host on ...`.
const REQUEST_HOST_PATTERN = /(?:https?:\/\/|lookup )([a-z0-9*][a-z0-9*.-]{0,252})/g;

const DIAL_TCP_IPV4 = /dial tcp (\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}):\d{1,5}/g;
const DIAL_TCP_IPV6 = /dial tcp \[([0-9a-f:.]{2,45})\]:\d{1,5}/g;
// An established connection that broke: "read tcp 10.0.2.15:35986->54.230.175.216:443: ... reset".
const READ_TCP_IPV4 = /(?:read|write) tcp [0-9a-f.:*]{1,60}->(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}):\d{1,5}/g;

// ECS cuts long reasons with "..."; a URL with nothing after it is a cut in the middle of a request.
const ENDS_WITH_ELLIPSIS = /(?:\.\.\.|\u2026)$/;
const ENDS_INSIDE_URL = /(?:^|\s)"?https?:\/\/[^\s"]{1,2048}$/;
const REQUEST_VERB_BEFORE_URL = /(?:get|post|head|put) "?https?:\/\//;

const REGION = '[a-z]{2}(?:-gov|-iso|-isob)?-(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-\\d';
const REGION_IN_HOST = new RegExp(`(?:^|[.-])(${REGION})(?:[.-]|$)`);
const REGION_IN_ARN = new RegExp(`arn:aws[a-z-]{0,10}:[a-z0-9-]{1,30}:(${REGION}):`);

function firstFamily(lowerText: string): string | null {
  const match = FAMILY_PATTERN.exec(lowerText);
  return match === null ? null : (FAMILY_NAMES[match[0]] ?? null);
}

function hostsIn(lowerText: string): string[] {
  const hosts = new Set<string>();
  for (const match of lowerText.matchAll(HOST_PATTERN)) {
    hosts.add(match[0]);
    if (hosts.size >= MAX_HOSTS) {
      break;
    }
  }
  return [...hosts];
}

function lastCapture(lowerText: string, pattern: RegExp): string | null {
  let last: string | null = null;
  for (const match of lowerText.matchAll(pattern)) {
    last = match[1] ?? last;
  }
  return last;
}

/** Trailing dots come from truncation (`https://api.ecr....`) or the end of a sentence. */
function trimHost(host: string | null): string | null {
  if (host === null) {
    return null;
  }
  const trimmed = host.replace(/[.-]{1,253}$/, '');
  return trimmed.length > 0 ? trimmed : null;
}

/** The last address in `dial tcp ...`, the one closest to the failure; `null` when redacted. */
function dialedIp(lowerText: string): string | null {
  return lastCapture(lowerText, DIAL_TCP_IPV4) ?? lastCapture(lowerText, READ_TCP_IPV4) ?? lastCapture(lowerText, DIAL_TCP_IPV6);
}

function regionIn(hosts: string[], lowerText: string): string | null {
  for (const host of hosts) {
    const match = REGION_IN_HOST.exec(host);
    if (match?.[1] !== undefined) {
      return match[1];
    }
  }
  return REGION_IN_ARN.exec(lowerText)?.[1] ?? null;
}

/** The ranges table knows public IPv4 only; private and IPv6 addresses get no owner. */
function ownerOf(ip: string | null, ipScope: IpScope | null): { ipOwner: IpOwner | null; ipRegion: string | null } {
  if (ip === null || ipScope !== 'public') {
    return { ipOwner: null, ipRegion: null };
  }
  const owner = awsOwnerOf(ip);
  if (owner === null) {
    return { ipOwner: null, ipRegion: null };
  }
  return { ipOwner: owner.kind, ipRegion: owner.kind === 's3' ? owner.region : null };
}

function readReasonFacts(lowerText: string): ReasonFacts {
  const hosts = hostsIn(lowerText);
  const candidateIp = dialedIp(lowerText);
  const ipScope = candidateIp === null ? null : scopeOfIp(candidateIp);
  const ip = ipScope === null ? null : candidateIp;
  const failingHost = trimHost(lastCapture(lowerText, REQUEST_HOST_PATTERN));
  const truncated = ENDS_WITH_ELLIPSIS.test(lowerText) || ENDS_INSIDE_URL.test(lowerText);
  return {
    family: firstFamily(lowerText),
    hosts,
    failingHost,
    ip,
    ipScope,
    ...ownerOf(ip, ipScope),
    region: regionIn(hosts, lowerText),
    truncated,
    cutDuringRequest: truncated && failingHost !== null && REQUEST_VERB_BEFORE_URL.test(lowerText),
  };
}

export { readReasonFacts };
export type { ReasonFacts };
