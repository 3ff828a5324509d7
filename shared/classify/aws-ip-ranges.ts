import { AWS_IP_RANGES_CREATE_DATE, AWS_RANGES, S3_RANGES, S3_REGIONS } from './aws-ip-ranges.generated.js';

/**
 * Who owns a public IPv4 address, from AWS's published ranges (the generated, dated table).
 *
 * Why it matters: a stop reason often names one host (`dkr.ecr...`) while the address that timed
 * out belongs to another service. `dial tcp 3.5.188.72:443: i/o timeout` is an S3 address in
 * ap-northeast-2: the layer download from the ECR layer bucket failed, not the registry call.
 * An address outside every AWS range (Docker Hub on another cloud, a proxy) is no AWS endpoint.
 *
 * The table is decoded once, on first use, into sorted arrays searched in O(log n).
 * IPv6 is not in the table (the dated copy keeps IPv4 prefixes only): IPv6 gives `null`.
 */

type AwsAddressOwner =
  /** An S3 prefix: `region` is where the bucket endpoint lives (`GLOBAL` for some prefixes). */
  | { kind: 's3'; region: string }
  /** An AWS prefix that is not S3 (service APIs such as ECR, EC2 hosts, CloudFront...). */
  | { kind: 'aws' }
  /** A public address in no AWS range. */
  | { kind: 'not-aws' };

interface DecodedRanges {
  starts: Uint32Array;
  ends: Uint32Array;
  tags: Uint16Array;
}

function decode(encoded: string): DecodedRanges {
  const entries = encoded.length === 0 ? [] : encoded.split(',');
  const starts = new Uint32Array(entries.length);
  const ends = new Uint32Array(entries.length);
  const tags = new Uint16Array(entries.length);
  let previousEnd = 0;
  entries.forEach((entry, index) => {
    const [gap = '', bits = '', tag = '0'] = entry.split('/');
    const start = previousEnd + Number.parseInt(gap, 36);
    // Ends can reach 2^32, which a Uint32Array cannot hold: store the last address instead.
    const last = start + 2 ** (32 - Number(bits)) - 1;
    starts[index] = start;
    ends[index] = last;
    tags[index] = Number.parseInt(tag, 36);
    previousEnd = last + 1;
  });
  return { starts, ends, tags };
}

let s3Ranges: DecodedRanges | undefined;
let awsRanges: DecodedRanges | undefined;

/** Index of the block holding `address`, or -1. Blocks are sorted and disjoint. */
function findBlock(ranges: DecodedRanges, address: number): number {
  let low = 0;
  let high = ranges.starts.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const start = ranges.starts[middle] ?? 0;
    if (address < start) {
      high = middle - 1;
    } else if (address > (ranges.ends[middle] ?? 0)) {
      low = middle + 1;
    } else {
      return middle;
    }
  }
  return -1;
}

function ipv4ToNumber(address: string): number | null {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  if (match === null) {
    return null;
  }
  const octets = match.slice(1, 5).map(Number);
  if (octets.some((octet) => octet > 255)) {
    return null;
  }
  return octets.reduce((value, octet) => value * 256 + octet, 0);
}

/** Owner of a public IPv4 literal per the table; `null` for anything else (IPv6, junk). */
function awsOwnerOf(address: string): AwsAddressOwner | null {
  const value = ipv4ToNumber(address);
  if (value === null) {
    return null;
  }
  s3Ranges ??= decode(S3_RANGES);
  const s3Block = findBlock(s3Ranges, value);
  if (s3Block >= 0) {
    return { kind: 's3', region: S3_REGIONS[s3Ranges.tags[s3Block] ?? 0] ?? 'GLOBAL' };
  }
  awsRanges ??= decode(AWS_RANGES);
  return findBlock(awsRanges, value) >= 0 ? { kind: 'aws' } : { kind: 'not-aws' };
}

export { AWS_IP_RANGES_CREATE_DATE, awsOwnerOf };
