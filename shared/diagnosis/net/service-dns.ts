/**
 * The public DNS names a task resolves for each AWS service, and whether a Route 53 private
 * hosted zone (a centralised endpoint's zone) answers for them. Partition-aware: China regions
 * use `amazonaws.com.cn`.
 * https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html#private-dns
 */
import type { EndpointService, PrivateZoneFacts, PrivateZoneRecordFacts } from '../../model/snapshot.js';

function dnsSuffixOf(region: string): string {
  return region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
}

/**
 * The host a task calls for the service. ECR's registry host carries the account
 * (`<account>.dkr.ecr...`); a zone for `dkr.ecr...` answers it with a `*` record.
 * null for services reached without a name of that form (EFS mounts by file system name).
 */
function serviceHostname(region: string, service: EndpointService, accountId: string | null): string | null {
  const suffix = dnsSuffixOf(region);
  switch (service) {
    case 'ecr.api':
      return `api.ecr.${region}.${suffix}`;
    case 'ecr.dkr':
      return `${accountId ?? '000000000000'}.dkr.ecr.${region}.${suffix}`;
    case 'elasticfilesystem':
      return null;
    default:
      return `${service}.${region}.${suffix}`;
  }
}

/** True when `zone` (lower case, no trailing dot) is the host or one of its parent domains. */
function zoneCoversHost(zoneName: string, host: string): boolean {
  return host === zoneName || host.endsWith(`.${zoneName}`);
}

/** True when a record named `name` (maybe `*.x`) answers `host`. */
function recordAnswersHost(name: string, host: string): boolean {
  if (name === host) return true;
  return name.startsWith('*.') && host.endsWith(name.slice(1));
}

interface ZoneAnswer {
  zone: PrivateZoneFacts;
  /** The record that answers, or null when the zone covers the name but has no such record. */
  record: PrivateZoneRecordFacts | null;
}

/**
 * The private zone that answers `host` in the VPC: the most specific zone covering it (Route 53
 * Resolver picks the longest matching private zone), with its answering record.
 */
function privateZoneAnswer(zones: PrivateZoneFacts[], host: string): ZoneAnswer | null {
  const covering = zones
    .filter((zone) => zoneCoversHost(zone.zoneName, host))
    .sort((a, b) => b.zoneName.length - a.zoneName.length);
  const zone = covering[0];
  if (zone === undefined) return null;
  const exact = zone.records.find((record) => record.name === host);
  const record = exact ?? zone.records.find((record) => recordAnswersHost(record.name, host)) ?? null;
  return { zone, record };
}

/** The IPv4 addresses a record gives directly (A records); alias targets need DNS to resolve. */
function recordAddresses(record: PrivateZoneRecordFacts): string[] {
  if (record.type !== 'A' || record.aliasTarget !== null) return [];
  return record.values.filter((value) => /^\d{1,3}(\.\d{1,3}){3}$/.test(value));
}

export { privateZoneAnswer, recordAddresses, serviceHostname, zoneCoversHost };
