/** Every check, in the order a task meets the path: stop reason, routes, endpoints, filters, DNS, IAM. */
import type { Check } from '../check.js';
import { amazonDnsServers } from './amazon-dns-servers.js';
import { ecsAgentEndpointsPresent } from './ecs-agent-endpoints-present.js';
import { egressRoutePresent } from './egress-route-present.js';
import { endpointAzCovered } from './endpoint-az-covered.js';
import { endpointPathOpen } from './endpoint-path-open.js';
import { endpointPrivateDnsEnabled } from './endpoint-private-dns-enabled.js';
import { endpointSgAllowsHttps } from './endpoint-sg-allows-https.js';
import { endpointsAvailable } from './endpoints-available.js';
import { executionRolePermitted } from './execution-role-permitted.js';
import { executionRolePresent } from './execution-role-present.js';
import {
  ecrApiEndpointPresent,
  ecrDkrEndpointPresent,
  kmsEndpointPresent,
  logsEndpointPresent,
  secretsManagerEndpointPresent,
  ssmEndpointPresent,
} from './interface-endpoint-present.js';
import { naclAllowsHttps } from './nacl-allows-https.js';
import { natGatewayAvailable } from './nat-gateway-available.js';
import { natRouteActive } from './nat-route-active.js';
import { networkConfigKnown } from './network-config-known.js';
import { publicIpAssigned } from './public-ip-assigned.js';
import { registryInRegion } from './registry-in-region.js';
import { s3GatewayEndpointPresent } from './s3-gateway-endpoint-present.js';
import { s3GatewayRoutePresent } from './s3-gateway-route-present.js';
import { sharedEndpointReachable } from './shared-endpoint-reachable.js';
import { s3EndpointPolicyAllowsLayers } from './s3-endpoint-policy-allows-layers.js';
import { endpointPoliciesAllowAccess } from './endpoint-policies-allow-access.js';
import { efsMountTargetPresent } from './efs-mount-target-present.js';
import { efsNfsAllowed } from './efs-nfs-allowed.js';
import { stopReasonIsNetwork } from './stop-reason-is-network.js';
import { subnetFreeAddresses } from './subnet-free-addresses.js';
import { taskSgAllowsHttps } from './task-sg-allows-https.js';
import { vpcDnsEnabled } from './vpc-dns-enabled.js';

const ALL_CHECKS: readonly Check[] = [
  stopReasonIsNetwork,
  networkConfigKnown,
  subnetFreeAddresses,
  egressRoutePresent,
  natRouteActive,
  natGatewayAvailable,
  publicIpAssigned,
  registryInRegion,
  ecrApiEndpointPresent,
  ecrDkrEndpointPresent,
  s3GatewayEndpointPresent,
  s3GatewayRoutePresent,
  secretsManagerEndpointPresent,
  ssmEndpointPresent,
  kmsEndpointPresent,
  logsEndpointPresent,
  ecsAgentEndpointsPresent,
  sharedEndpointReachable,
  endpointsAvailable,
  endpointPrivateDnsEnabled,
  endpointAzCovered,
  endpointPathOpen,
  endpointSgAllowsHttps,
  s3EndpointPolicyAllowsLayers,
  endpointPoliciesAllowAccess,
  taskSgAllowsHttps,
  naclAllowsHttps,
  efsMountTargetPresent,
  efsNfsAllowed,
  vpcDnsEnabled,
  amazonDnsServers,
  executionRolePresent,
  executionRolePermitted,
];

export { ALL_CHECKS };
