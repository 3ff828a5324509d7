/**
 * The Route 53 reads of one diagnosis: the private hosted zones associated with the task's VPC,
 * and the records of the few that cover an AWS service name the task needs (centralised "hub"
 * endpoints). Route 53 allows five requests per second per account, so these run only when a
 * needed interface service has no endpoint of its own, and only for the zones that matter.
 * https://docs.aws.amazon.com/Route53/latest/APIReference/API_ListHostedZonesByVPC.html
 */
import {
  ListHostedZonesByVPCCommand,
  ListResourceRecordSetsCommand,
  type ResourceRecordSet,
  type Route53Client,
  type VPCRegion,
} from '@aws-sdk/client-route-53';
import type { PrivateZoneRecordFacts } from '../model/snapshot.js';
import { callAws, collectPages } from './aws-call.js';

interface ReadOptions {
  signal?: AbortSignal;
}

interface HostedZoneSummaryFacts {
  hostedZoneId: string;
  zoneName: string;
  ownerAccount: string | null;
}

/** `Example.COM.` -> `example.com`; Route 53 writes `*` as `\052`. */
function normaliseDnsName(name: string): string {
  return name.replace(/\\052/g, '*').replace(/\.$/, '').toLowerCase();
}

/** `/hostedzone/Z123` -> `Z123` (ListResourceRecordSets accepts both; evidence reads better bare). */
function bareZoneId(id: string): string {
  return id.replace(/^\/hostedzone\//, '');
}

async function listPrivateZonesOfVpc(
  route53: Route53Client,
  vpcId: string,
  region: string,
  options: ReadOptions = {}
): Promise<HostedZoneSummaryFacts[]> {
  const summaries = await callAws('ListHostedZonesByVPC', vpcId, () =>
    collectPages(async (token) => {
      const page = await route53.send(
        new ListHostedZonesByVPCCommand({ VPCId: vpcId, VPCRegion: region as VPCRegion, NextToken: token }),
        { abortSignal: options.signal }
      );
      return { items: page.HostedZoneSummaries, nextToken: page.NextToken };
    })
  );
  return summaries.map((summary) => ({
    hostedZoneId: bareZoneId(summary.HostedZoneId ?? ''),
    zoneName: normaliseDnsName(summary.Name ?? ''),
    ownerAccount: summary.Owner?.OwningAccount ?? null,
  }));
}

function toRecordFacts(record: ResourceRecordSet): PrivateZoneRecordFacts {
  return {
    name: normaliseDnsName(record.Name ?? ''),
    type: record.Type ?? '',
    values: (record.ResourceRecords ?? []).map((value) => value.Value ?? '').filter((value) => value !== ''),
    aliasTarget: record.AliasTarget?.DNSName ? normaliseDnsName(record.AliasTarget.DNSName) : null,
  };
}

/** The A, AAAA and CNAME records of one zone (a service zone holds a handful: one page). */
async function listZoneRecords(
  route53: Route53Client,
  hostedZoneId: string,
  options: ReadOptions = {}
): Promise<PrivateZoneRecordFacts[]> {
  const response = await callAws('ListResourceRecordSets', hostedZoneId, () =>
    route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: hostedZoneId, MaxItems: 300 }), {
      abortSignal: options.signal,
    })
  );
  return (response.ResourceRecordSets ?? [])
    .map(toRecordFacts)
    .filter((record) => record.type === 'A' || record.type === 'AAAA' || record.type === 'CNAME');
}

export { listPrivateZonesOfVpc, listZoneRecords };
