/**
 * Reconciles an incident's write-ahead record with what exists: every change an earlier attempt
 * intended (its reply lost, its run out of time, its report lost to a failed store write) is looked
 * up in EC2 by the `ecs-netfix:incident` tag (or on the person's endpoint it changed) and reported
 * with this run's results, so the alert names everything that was created, whoever created it.
 */
import type { AwsClients } from '../aws/clients.js';
import { recordAddedAttachments } from '../aws/ec2-change-record.js';
import { describeEndpointById, findIncidentResources } from '../aws/managed-resources.js';
import { logger } from '../observability.js';
import type { Incident } from '../incidents/incident.js';
import type { ActionResult } from '../remediation/action.js';
import {
  type UnreportedWrite,
  WRITING_STATUSES,
  mergeEarlierWrites,
  parseEntries,
  unreportedWrites,
} from '../remediation/write-ahead.js';

interface Found {
  write: UnreportedWrite;
  resourceId: string;
  state: string | null;
}

/** Writes that may have changed something: no answer came, or the answer was a change. */
function mayHaveWritten(write: UnreportedWrite): boolean {
  return write.outcome === null || WRITING_STATUSES.has(write.outcome.status);
}

async function reconcileEarlierWrites(
  ec2: AwsClients['ec2'],
  incident: Incident,
  vpcId: string,
  results: readonly ActionResult[],
  signal?: AbortSignal
): Promise<ActionResult[]> {
  const writes = unreportedWrites(parseEntries(incident.writeAhead ?? [])).filter(
    (write) => write.action.vpcId === vpcId && mayHaveWritten(write)
  );
  if (writes.length === 0) return [...results];
  const tagged = await findIncidentResources(ec2, vpcId, incident.incidentId, signal);
  const found: Found[] = [];
  for (const write of writes) {
    const { action } = write;
    if (action.kind === 'create-endpoint-security-group') {
      const group = tagged.groups[0];
      if (group) found.push({ write, resourceId: group.groupId, state: null });
    } else if (action.kind === 'create-interface-endpoint' || action.kind === 'create-gateway-endpoint') {
      const type = action.kind === 'create-gateway-endpoint' ? 'Gateway' : 'Interface';
      const endpoint = tagged.endpoints.find(
        (candidate) => candidate.serviceName === action.serviceName && candidate.type === type
      );
      if (endpoint) found.push({ write, resourceId: endpoint.vpcEndpointId, state: endpoint.state });
    } else {
      const endpoint = await describeEndpointById(ec2, action.vpcEndpointId, signal);
      const attached = action.kind === 'add-route-tables-to-gateway-endpoint' ? endpoint?.routeTableIds : endpoint?.subnetIds;
      const wanted = action.kind === 'add-route-tables-to-gateway-endpoint' ? action.routeTableIds : action.subnetIds;
      if (endpoint && attached && wanted.every((id) => attached.includes(id))) {
        found.push({ write, resourceId: endpoint.vpcEndpointId, state: endpoint.state });
        // The earlier attempt's change (its answer lost) is recorded for rollback as any other.
        await recordAddedAttachments(ec2, endpoint.vpcEndpointId, wanted, incident.incidentId, signal).catch((error: unknown) => {
          logger.error('Recording an earlier change for rollback failed', {
            endpoint: endpoint.vpcEndpointId,
            error: String(error),
          });
        });
      }
    }
  }
  return mergeEarlierWrites(results, found);
}

export { reconcileEarlierWrites };
