/** The network path from the task to what it needs, hop by hop, for people to read. */

type HopKind =
  | 'subnet'
  | 'route-table'
  | 'nat-gateway'
  | 'internet-gateway'
  | 'endpoint'
  | 'security-group'
  | 'network-acl'
  | 'dns'
  | 'iam';

type HopStatus = 'ok' | 'broken' | 'warning' | 'unknown' | 'not-needed';

interface PathHop {
  kind: HopKind;
  /** What this hop is, e.g. `subnet-0abc (eu-west-1a)` or `ecr.dkr endpoint`. */
  label: string;
  status: HopStatus;
  /** One line: why the status. */
  detail: string;
  /**
   * What in the task needs this hop (`image … (container app)`, `awslogs driver (container app)`),
   * kept apart from `detail` so a renderer can name a reason once for the hops it shares.
   */
  neededFor?: string[];
  /** Finding codes that this hop explains. */
  findings: string[];
}

/** The hop's detail with what needs it, one line: `no path; needed for awslogs driver (container app)`. */
function hopDetailLine(hop: PathHop): string {
  const needs = hop.neededFor ?? [];
  if (needs.length === 0) return hop.detail;
  return `${hop.detail}; needed for ${needs.join('; ')}`;
}

export { hopDetailLine };
export type { HopKind, HopStatus, PathHop };
