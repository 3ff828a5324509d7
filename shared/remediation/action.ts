/** A planned change and, after apply, what became of it. */
import type { EndpointService } from '../model/snapshot.js';

interface ActionBase {
  /** Deterministic id (also the ClientToken base), stable across retries of one incident. */
  id: string;
  vpcId: string;
  /** The finding codes this action fixes. */
  fixes: string[];
  /** Estimated monthly cost in USD (see shared/remediation/prices.ts). */
  monthlyCostUsd: number;
  description: string;
}

interface CreateEndpointSecurityGroupAction extends ActionBase {
  kind: 'create-endpoint-security-group';
  /** Task security groups to allow in on TCP 443. */
  allowFromGroupIds: string[];
  /** Used when the task groups are unknown: the VPC CIDR blocks. */
  allowFromCidrs: string[];
}

interface CreateInterfaceEndpointAction extends ActionBase {
  kind: 'create-interface-endpoint';
  service: EndpointService;
  serviceName: string;
  /** One subnet per AZ the service uses. */
  subnetIds: string[];
  /** The AZ of each subnet, in the same order (apply leaves out AZs the service does not offer). */
  availabilityZones: string[];
  /** An existing group id, or null to use the group the plan creates. */
  securityGroupId: string | null;
  privateDnsEnabled: true;
}

interface CreateGatewayEndpointAction extends ActionBase {
  kind: 'create-gateway-endpoint';
  service: 's3';
  serviceName: string;
  routeTableIds: string[];
}

interface AddRouteTablesAction extends ActionBase {
  kind: 'add-route-tables-to-gateway-endpoint';
  vpcEndpointId: string;
  routeTableIds: string[];
}

interface AddSubnetsAction extends ActionBase {
  kind: 'add-subnets-to-interface-endpoint';
  vpcEndpointId: string;
  service: EndpointService;
  subnetIds: string[];
}

type Action =
  | CreateEndpointSecurityGroupAction
  | CreateInterfaceEndpointAction
  | CreateGatewayEndpointAction
  | AddRouteTablesAction
  | AddSubnetsAction;

type ActionStatus = 'planned' | 'created' | 'modified' | 'already-done' | 'skipped' | 'failed';

interface ActionResult {
  action: Action;
  status: ActionStatus;
  /** The created or found resource (vpce-..., sg-...). */
  resourceId: string | null;
  /** Endpoint state after apply (`available`, `pending`). */
  state: string | null;
  /** Why skipped or failed. */
  note: string | null;
}

export type { Action, ActionResult, ActionStatus, CreateGatewayEndpointAction, CreateInterfaceEndpointAction };
