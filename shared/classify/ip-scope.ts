import type { IpScope } from './classification.js';

/**
 * Tells whether an address seen in `dial tcp A.B.C.D:443` lies inside a VPC-style private range.
 *
 * Why it matters: when an AWS service name resolves to a private address, an interface endpoint
 * (or another private path) already answers for that name, so creating one more endpoint fixes
 * nothing; a security group, NACL or endpoint policy blocks the path instead.
 * Ranges: RFC 1918, 100.64.0.0/10 (RFC 6598 shared space, used for secondary VPC CIDRs),
 * 169.254.0.0/16 link-local, 127.0.0.0/8 loopback; IPv6 fc00::/7, fe80::/10 and ::1.
 */

function parseIpv4(address: string): number[] | null {
  const parts = address.split('.');
  if (parts.length !== 4) {
    return null;
  }
  const octets = parts.map((part) => (/^\d{1,3}$/.test(part) ? Number(part) : Number.NaN));
  return octets.every((octet) => octet >= 0 && octet <= 255) ? octets : null;
}

function isPrivateIpv4([a, b]: number[]): boolean {
  if (a === undefined || b === undefined) {
    return false;
  }
  return (
    a === 10 ||
    a === 127 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254)
  );
}

function isPrivateIpv6(address: string): boolean {
  const lower = address.toLowerCase();
  return lower === '::1' || /^f[cd][0-9a-f]{0,2}:/.test(lower) || /^fe[89ab][0-9a-f]?:/.test(lower);
}

/** Returns `private` or `public` for a valid IPv4/IPv6 literal, `null` when it is not one. */
function scopeOfIp(address: string): IpScope | null {
  if (address.includes(':')) {
    return /^[0-9a-f:.]+$/i.test(address) ? (isPrivateIpv6(address) ? 'private' : 'public') : null;
  }
  const octets = parseIpv4(address);
  if (octets === null) {
    return null;
  }
  return isPrivateIpv4(octets) ? 'private' : 'public';
}

export { scopeOfIp };
