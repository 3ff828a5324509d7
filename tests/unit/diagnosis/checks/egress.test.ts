import { describe, expect, it } from '@jest/globals';
import { egressRoutePresent } from '../../../../shared/diagnosis/checks/egress-route-present.js';
import { natGatewayAvailable } from '../../../../shared/diagnosis/checks/nat-gateway-available.js';
import { natRouteActive } from '../../../../shared/diagnosis/checks/nat-route-active.js';
import { publicIpAssigned } from '../../../../shared/diagnosis/checks/public-ip-assigned.js';
import { registryInRegion } from '../../../../shared/diagnosis/checks/registry-in-region.js';
import { aSnapshot, aStoppedTask, ecrImage, publicImage } from '../../../helpers/snapshot-builder.js';
import { runCheck } from '../run-check.js';

describe('egressRoutePresent', () => {
  it('reports NO_EGRESS_ROUTE for a public image in a subnet without NAT', () => {
    const snapshot = aSnapshot().withImages(publicImage('nginx:1.27')).build();
    const [finding] = runCheck(egressRoutePresent, snapshot, { category: 'public_registry_unreachable' }).findings;
    expect(finding).toMatchObject({ code: 'NO_EGRESS_ROUTE', severity: 'error', cause: true });
    expect(finding?.message).toContain('nginx:1.27');
    expect(finding?.message).toContain('VPC endpoints do not help');
    expect(finding?.fix.cli).toContain(
      'aws ec2 create-route --route-table-id rtb-private --destination-cidr-block 0.0.0.0/0 --nat-gateway-id "$NAT_GATEWAY_ID" --region eu-west-1'
    );
  });

  it('does not fire when a NAT gateway carries the traffic', () => {
    const snapshot = aSnapshot().withImages(publicImage()).withNatGateway().build();
    expect(runCheck(egressRoutePresent, snapshot, { category: 'public_registry_unreachable' }).status).toBe('pass');
  });

  it('does not apply to a task that needs only AWS services', () => {
    expect(runCheck(egressRoutePresent, aSnapshot().build()).status).toBe('not-applicable');
  });
});

describe('natRouteActive', () => {
  it('reports NAT_ROUTE_BLACKHOLE when the NAT gateway is gone', () => {
    const snapshot = aSnapshot('empty').withBlackholeNatRoute('nat-0gone').build();
    const [finding] = runCheck(natRouteActive, snapshot).findings;
    expect(finding).toMatchObject({ code: 'NAT_ROUTE_BLACKHOLE', severity: 'error', cause: true });
    expect(finding?.resources).toEqual(['rtb-private', 'nat-0gone', 'subnet-0a', 'subnet-0b']);
  });

  it('reports a route to an unknown NAT id, as a warning when endpoints cover every need', () => {
    const snapshot = aSnapshot().withDefaultRoute('nat-gateway', 'nat-0missing').build();
    const [finding] = runCheck(natRouteActive, snapshot).findings;
    expect(finding).toMatchObject({ code: 'NAT_ROUTE_BLACKHOLE', severity: 'warning', cause: false });
  });

  it('does not fire for an active route to an available NAT', () => {
    expect(runCheck(natRouteActive, aSnapshot().withNatGateway().build()).status).toBe('pass');
  });
});

describe('natGatewayAvailable', () => {
  it('reports NAT_GATEWAY_UNAVAILABLE for a failed NAT gateway', () => {
    const snapshot = aSnapshot('empty').withNatGateway({ state: 'failed' }).build();
    const [finding] = runCheck(natGatewayAvailable, snapshot).findings;
    expect(finding).toMatchObject({ code: 'NAT_GATEWAY_UNAVAILABLE', severity: 'error' });
    expect(finding?.message).toContain('nat-0abc, which is failed');
  });

  it('does not fire for an available NAT gateway', () => {
    expect(runCheck(natGatewayAvailable, aSnapshot('empty').withNatGateway().build()).status).toBe('pass');
  });
});

describe('publicIpAssigned', () => {
  it('reports PUBLIC_SUBNET_WITHOUT_PUBLIC_IP for a Fargate task in a public subnet', () => {
    const snapshot = aSnapshot('empty').withPublicSubnets(false).build();
    const [finding] = runCheck(publicIpAssigned, snapshot).findings;
    expect(finding).toMatchObject({ code: 'PUBLIC_SUBNET_WITHOUT_PUBLIC_IP', severity: 'error', cause: true });
    expect(finding?.fix.cli[0]).toContain('assignPublicIp=ENABLED');
  });

  it('does not fire when the task gets a public IP', () => {
    expect(runCheck(publicIpAssigned, aSnapshot('empty').withPublicSubnets(true).build()).status).toBe('pass');
  });

  it('does not apply to EC2 launch type tasks', () => {
    const snapshot = aSnapshot('empty').withPublicSubnets(false).build();
    expect(runCheck(publicIpAssigned, snapshot, { task: aStoppedTask({ launchType: 'EC2' }) }).status).toBe('not-applicable');
  });
});

describe('registryInRegion', () => {
  it('reports CROSS_REGION_REGISTRY as an error when there is no egress', () => {
    const snapshot = aSnapshot().withImages(ecrImage('us-east-1')).build();
    const [finding] = runCheck(registryInRegion, snapshot, { category: 'ecr_dkr_unreachable' }).findings;
    expect(finding).toMatchObject({ code: 'CROSS_REGION_REGISTRY', severity: 'error' });
    expect(finding?.message).toContain('VPC endpoints here do not reach another region');
    expect(finding?.fix.cli[0]).toContain('aws ecr put-replication-configuration');
  });

  it('is informational when NAT reaches the other region', () => {
    const snapshot = aSnapshot().withImages(ecrImage('us-east-1')).withNatGateway().build();
    expect(runCheck(registryInRegion, snapshot).findings[0]?.severity).toBe('info');
  });

  it('passes for images in this region', () => {
    expect(runCheck(registryInRegion, aSnapshot().build()).status).toBe('pass');
  });
});
