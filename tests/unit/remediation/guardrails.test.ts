import { describe, expect, it } from '@jest/globals';
import { checkClusterScope, checkNetworkScope, isOptedOut, resolveDryRun } from '../../../shared/remediation/guardrails.js';
import { FIXTURE_IDS, aSnapshot, aStoppedTask } from '../../helpers/snapshot-builder.js';

const CLUSTER_ARN = 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod';

describe('resolveDryRun', () => {
  it.each([
    // deployment DRY_RUN, request asks, origin, result
    [true, null, 'eventbridge', true],
    [true, true, 'eventbridge', true],
    [true, false, 'manual-event', true],
    [true, false, 'manual-task', true],
    [false, null, 'eventbridge', false],
    [false, null, 'service-action', false],
    [false, null, 'manual-task', true],
    [false, null, 'manual-service', true],
    [false, null, 'manual-event', true],
    [false, true, 'manual-task', true],
    [false, false, 'manual-task', false],
  ] as const)('with DRY_RUN=%s, a request asking %s from %s, runs dry: %s', (deployment, requested, origin, expected) => {
    expect(resolveDryRun(deployment, requested, origin)).toBe(expected);
  });
});

describe('checkClusterScope', () => {
  const task = aStoppedTask({ clusterName: 'prod', clusterArn: CLUSTER_ARN });

  it('allows every cluster when ALLOWED_CLUSTERS is empty', () => {
    expect(checkClusterScope({ allowedClusters: [] }, task)).toEqual({ inScope: true });
  });

  it('allows a cluster listed by name', () => {
    expect(checkClusterScope({ allowedClusters: ['staging', 'prod'] }, task)).toEqual({ inScope: true });
  });

  it('allows a cluster listed by ARN', () => {
    expect(checkClusterScope({ allowedClusters: [CLUSTER_ARN] }, task)).toEqual({ inScope: true });
  });

  it('refuses a cluster that is not listed, naming it', () => {
    expect(checkClusterScope({ allowedClusters: ['staging'] }, task)).toEqual({
      inScope: false,
      reason: 'cluster prod is not in ALLOWED_CLUSTERS',
    });
  });

  it('does not match a cluster of the same name in another account', () => {
    const verdict = checkClusterScope({ allowedClusters: ['arn:aws:ecs:eu-west-1:999999999999:cluster/prod'] }, task);

    expect(verdict.inScope).toBe(false);
  });

  it('does not match on a prefix of the name', () => {
    expect(checkClusterScope({ allowedClusters: ['pro'] }, task).inScope).toBe(false);
  });
});

describe('checkNetworkScope', () => {
  it('allows every VPC when ALLOWED_VPC_IDS is empty', () => {
    expect(checkNetworkScope({ allowedVpcIds: [] }, aSnapshot().build())).toEqual({ inScope: true });
  });

  it('allows a listed VPC', () => {
    expect(checkNetworkScope({ allowedVpcIds: ['vpc-0other', FIXTURE_IDS.vpcId] }, aSnapshot().build())).toEqual({
      inScope: true,
    });
  });

  it('refuses a VPC that is not listed, naming it', () => {
    expect(checkNetworkScope({ allowedVpcIds: ['vpc-0other'] }, aSnapshot().build())).toEqual({
      inScope: false,
      reason: 'VPC vpc-0abc is not in ALLOWED_VPC_IDS',
    });
  });

  it('takes the VPC from the subnets when the VPC itself could not be read', () => {
    const snapshot = aSnapshot()
      .tap((draft) => {
        draft.vpc = null;
      })
      .build();

    expect(checkNetworkScope({ allowedVpcIds: [FIXTURE_IDS.vpcId] }, snapshot)).toEqual({ inScope: true });
  });

  it('refuses when an allowlist is set and the VPC is unknown', () => {
    const snapshot = aSnapshot()
      .tap((draft) => {
        draft.vpc = null;
        draft.subnets = [];
      })
      .build();

    expect(checkNetworkScope({ allowedVpcIds: [FIXTURE_IDS.vpcId] }, snapshot)).toEqual({
      inScope: false,
      reason: 'VPC (unknown) is not in ALLOWED_VPC_IDS',
    });
  });

  it.each(['true', 'TRUE', 'True', ' true '])('refuses a VPC tagged ecs-netfix:ignore=%j', (value) => {
    const snapshot = aSnapshot()
      .tap((draft) => {
        if (draft.vpc) draft.vpc.tags = { 'ecs-netfix:ignore': value };
      })
      .build();

    expect(checkNetworkScope({ allowedVpcIds: [] }, snapshot)).toEqual({
      inScope: false,
      reason: 'VPC vpc-0abc is tagged ecs-netfix:ignore=true',
    });
  });

  it('refuses a service tagged ecs-netfix:ignore=true, naming the service', () => {
    const snapshot = aSnapshot()
      .tap((draft) => {
        if (draft.service) draft.service.tags = { 'ecs-netfix:ignore': 'True' };
      })
      .build();

    expect(checkNetworkScope({ allowedVpcIds: [] }, snapshot)).toEqual({
      inScope: false,
      reason: 'service web is tagged ecs-netfix:ignore=true',
    });
  });

  it.each(['false', 'no', '', 'yes'])('keeps a VPC and service tagged ecs-netfix:ignore=%j in scope', (value) => {
    const snapshot = aSnapshot()
      .tap((draft) => {
        if (draft.vpc) draft.vpc.tags = { 'ecs-netfix:ignore': value };
        if (draft.service) draft.service.tags = { 'ecs-netfix:ignore': value };
      })
      .build();

    expect(checkNetworkScope({ allowedVpcIds: [] }, snapshot)).toEqual({ inScope: true });
  });

  it('checks the allowlist before the tags', () => {
    const snapshot = aSnapshot()
      .tap((draft) => {
        if (draft.vpc) draft.vpc.tags = { 'ecs-netfix:ignore': 'true' };
      })
      .build();

    const verdict = checkNetworkScope({ allowedVpcIds: ['vpc-0other'] }, snapshot);

    expect(verdict).toMatchObject({ inScope: false, reason: expect.stringContaining('ALLOWED_VPC_IDS') });
  });
});

describe('isOptedOut', () => {
  it('is false without tags or without the opt-out key', () => {
    expect(isOptedOut(undefined)).toBe(false);
    expect(isOptedOut({ Name: 'true' })).toBe(false);
  });

  it('is false for another key spelling', () => {
    expect(isOptedOut({ 'ECS-NETFIX:IGNORE': 'true' })).toBe(false);
  });
});
