/** IPv4 CIDR arithmetic, enough to compare security group, NACL and subnet ranges. */

interface Ipv4Range {
  /** First address as an unsigned 32-bit number. */
  first: number;
  /** Last address as an unsigned 32-bit number. */
  last: number;
}

/** Parses `10.0.1.7` to an unsigned number, or null when it is not a dotted IPv4 address. */
function parseIpv4(address: string): number | null {
  const parts = address.trim().split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

/** `10.0.0.0/16` (or a bare address, as a /32) to its address range; null when malformed. */
function parseCidr(cidr: string): Ipv4Range | null {
  const [address, bitsText] = cidr.trim().split('/');
  if (address === undefined) return null;
  const base = parseIpv4(address);
  if (base === null) return null;
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > 32) return null;
  const size = 2 ** (32 - bits);
  const first = Math.floor(base / size) * size;
  return { first, last: first + size - 1 };
}

/** True when every address of `inner` (a CIDR or an address) lies inside `outer`. */
function cidrContains(outer: string, inner: string): boolean {
  const outerRange = parseCidr(outer);
  const innerRange = parseCidr(inner);
  if (outerRange === null || innerRange === null) return false;
  return outerRange.first <= innerRange.first && innerRange.last <= outerRange.last;
}

/** True when the two ranges share at least one address. */
function cidrsOverlap(left: string, right: string): boolean {
  const a = parseCidr(left);
  const b = parseCidr(right);
  if (a === null || b === null) return false;
  return a.first <= b.last && b.first <= a.last;
}

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'];

/** RFC 1918 and carrier-grade NAT space: addresses that only exist inside a network. */
function isPrivateIpv4(address: string): boolean {
  return PRIVATE_RANGES.some((range) => cidrContains(range, address));
}

export { cidrContains, cidrsOverlap, isPrivateIpv4, parseCidr };
