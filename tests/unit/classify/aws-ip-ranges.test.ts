import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';

import { useTempDirs } from '../../helpers/temp-dir.js';
import { awsOwnerOf } from '../../../shared/classify/aws-ip-ranges.js';
import { classifyStopReason } from '../../../shared/classify/classify.js';

describe('awsOwnerOf (the checked-in AWS ranges table, 2026-08-22)', () => {
  it.each([
    // From the ECS troubleshooting guide: the layer download in ap-northeast-2.
    { address: '3.5.188.72', owner: { kind: 's3', region: 'ap-northeast-2' } },
    { address: '52.217.12.30', owner: { kind: 's3', region: 'us-east-1' } },
    { address: '54.231.120.227', owner: { kind: 's3', region: 'us-east-1' } },
    // CloudFront (Docker Hub's old layer CDN) and an ECR API address: AWS, not S3.
    { address: '54.230.175.216', owner: { kind: 'aws' } },
    { address: '52.95.120.14', owner: { kind: 'aws' } },
    // Docker Hub on EC2: AWS, not S3. GitHub and Google DNS: not AWS.
    { address: '34.205.13.154', owner: { kind: 'aws' } },
    { address: '140.82.113.34', owner: { kind: 'not-aws' } },
    { address: '8.8.8.8', owner: { kind: 'not-aws' } },
    { address: '0.0.0.0', owner: { kind: 'not-aws' } },
    { address: '255.255.255.255', owner: { kind: 'not-aws' } },
  ])('says $address belongs to $owner.kind', ({ address, owner }) => {
    // Act
    const result = awsOwnerOf(address);

    // Assess
    expect(result).toEqual(owner);
  });

  it.each(['2600:1f18::1', '256.1.1.1', '1.2.3', 'not an address', '', '1.2.3.4.5'])('gives null for %j', (address) => {
    // Act
    const result = awsOwnerOf(address);

    // Assess
    expect(result).toBeNull();
  });
});

describe('the address decides over the host name', () => {
  it('reads a timeout to an S3 address behind a dkr.ecr request as the layer download', () => {
    // Act: the troubleshooting guide's example wording, with its S3 address.
    const result = classifyStopReason(
      'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/app:1: failed to do request: Head "https://123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/v2/app/manifests/1": dial tcp 3.5.188.72:443: i/o timeout'
    );

    // Assess
    expect(result).toMatchObject({ category: 's3_layer_unreachable', service: 's3', endpointFixable: true });
    expect(result.evidence).toMatchObject({ ip: '3.5.188.72', ipOwner: 's3', ipRegion: 'ap-northeast-2' });
    expect(result.evidence.notes?.[0]).toMatch(/S3 address in ap-northeast-2: the image layer download failed/);
  });

  it('keeps the registry when the dkr.ecr address is not S3', () => {
    // Act
    const result = classifyStopReason(
      'CannotPullContainerError: Error response from daemon: Get https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/v2/: dial tcp 52.95.120.14:443: i/o timeout'
    );

    // Assess
    expect(result).toMatchObject({ category: 'ecr_dkr_unreachable', endpointFixable: true });
    expect(result.evidence.ipOwner).toBe('aws');
  });

  it('notes an AWS service name answered by an address outside the published ranges', () => {
    // Act
    const result = classifyStopReason(
      'ResourceInitializationError: unable to pull secrets or registry auth: The task cannot pull registry auth from Amazon ECR: There is a connection issue between the task and Amazon ECR. Check your task network configuration. RequestError: send request failed caused by: Post "https://api.ecr.us-east-1.amazonaws.com/": dial tcp 8.8.4.4:443: i/o timeout'
    );

    // Assess
    expect(result.category).toBe('ecr_api_unreachable');
    expect(result.evidence.notes?.join(' ')).toMatch(/outside AWS's published ranges of 2026-08-22/);
  });

  it('reads a reset to an S3 address with no request named as S3, without proposing a fix', () => {
    // Act
    const result = classifyStopReason('read tcp 10.0.2.15:40602->54.231.120.227:443: read: connection reset by peer');

    // Assess: the address is all there is; it says S3, the text names no request to fix.
    expect(result).toMatchObject({ category: 's3_layer_unreachable', service: 's3', endpointFixable: false });
    expect(result.evidence).toMatchObject({ ip: '54.231.120.227', ipOwner: 's3', ipRegion: 'us-east-1' });
  });

  it('never proposes a fix when the failing request went to a host that is not AWS', () => {
    // Act: Docker Hub's layer storage on Cloudflare, reached through the containerd copy phrase.
    const result = classifyStopReason(
      'failed to copy: httpReadSeeker: failed open: failed to do request: Get "https://docker-images-prod.example.r2.cloudflarestorage.com/registry-v2/blobs/data": dial tcp 104.18.1.1:443: i/o timeout'
    );

    // Assess
    expect(result.endpointFixable).toBe(false);
    expect(result.category).not.toBe('s3_layer_unreachable');
  });
});

describe('scripts/gen-ip-ranges.mjs', () => {
  const makeTempDir = useTempDirs();

  it('merges adjacent and nested prefixes and keeps S3 regions apart', () => {
    // Prepare: two adjacent /24s (one /23), a nested /25, an S3 block, an IPv6 prefix list ignored.
    const directory = makeTempDir('netfix-ranges-');
    const input = join(directory, 'ip-ranges.json');
    const output = join(directory, 'table.ts');
    writeFileSync(
      input,
      JSON.stringify({
        createDate: '2030-01-01-00-00-00',
        prefixes: [
          { ip_prefix: '10.0.0.0/24', region: 'eu-west-1', service: 'AMAZON' },
          { ip_prefix: '10.0.1.0/24', region: 'eu-west-1', service: 'AMAZON' },
          { ip_prefix: '10.0.1.0/25', region: 'eu-west-1', service: 'EC2' },
          { ip_prefix: '10.0.2.0/24', region: 'eu-west-2', service: 'S3' },
        ],
      })
    );

    // Act
    execFileSync(process.execPath, ['scripts/gen-ip-ranges.mjs', input, output], { encoding: 'utf8' });
    const table = readFileSync(output, 'utf8');

    // Assess: 10.0.0.0 = 2qkssg in base 36; the /23 and the /24 that follows merge to one /23 + /24.
    expect(table).toContain("AWS_IP_RANGES_CREATE_DATE = '2030-01-01-00-00-00'");
    expect(table).toContain("S3_REGIONS: readonly string[] = ['eu-west-2']");
    expect(table).toContain(`S3_RANGES = '${(0x0a000200).toString(36)}/24/0'`);
    expect(table).toContain(`AWS_RANGES = '${(0x0a000000).toString(36)}/23,0/24'`);
  });

  it('refuses a file that is not ip-ranges.json', () => {
    // Prepare
    const directory = makeTempDir('netfix-ranges-');
    const input = join(directory, 'other.json');
    writeFileSync(input, JSON.stringify({ hello: 'world' }));

    // Act / Assess
    expect(() =>
      execFileSync(process.execPath, ['scripts/gen-ip-ranges.mjs', input, join(directory, 'x.ts')], { stdio: 'pipe' })
    ).toThrow(/no "prefixes" array/);
  });
});
