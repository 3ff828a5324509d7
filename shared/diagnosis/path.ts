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
  /** Finding codes that this hop explains. */
  findings: string[];
}

export type { HopKind, HopStatus, PathHop };
