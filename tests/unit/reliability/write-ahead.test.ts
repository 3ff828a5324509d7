import { describe, expect, it } from '@jest/globals';
import type { Action, ActionResult } from '../../../shared/remediation/action.js';
import {
  intentFor,
  mergeEarlierWrites,
  outcomeOf,
  parseEntries,
  unreportedWrites,
} from '../../../shared/remediation/write-ahead.js';

const AT = new Date('2026-12-01T10:00:00.000Z');

function endpointAction(service: 'ecr.api' | 'logs'): Action {
  return {
    kind: 'create-interface-endpoint',
    id: `endpoint:${service}`,
    vpcId: 'vpc-1',
    fixes: [],
    monthlyCostUsd: 16,
    description: `Create the ${service} endpoint`,
    service,
    serviceName: `com.amazonaws.eu-west-1.${service}`,
    subnetIds: ['subnet-1'],
    availabilityZones: ['eu-west-1a'],
    securityGroupId: null,
    privateDnsEnabled: true,
  };
}

describe('the write-ahead record', () => {
  it('reports as created a group an earlier attempt created and this run only completed', () => {
    const group: Action = {
      kind: 'create-endpoint-security-group',
      id: 'sg',
      vpcId: 'vpc-1',
      fixes: [],
      monthlyCostUsd: 0,
      description: 'Use security group ecs-netfix-endpoints',
      allowFromGroupIds: ['sg-task'],
      allowFromCidrs: [],
    };
    const [write] = unreportedWrites(parseEntries([JSON.stringify(intentFor(group, null, AT))]));
    if (!write) throw new Error('no write');
    const completed: ActionResult = { action: group, status: 'modified', resourceId: 'sg-1', state: null, note: null };

    const merged = mergeEarlierWrites([completed], [{ write, resourceId: 'sg-1', state: null }]);

    expect(merged.map((result) => [result.resourceId, result.status])).toEqual([['sg-1', 'created']]);
  });

  it('keeps each intent with the last outcome it got, and drops what it cannot read', () => {
    const api = endpointAction('ecr.api');
    const logs = endpointAction('logs');
    const created: ActionResult = { action: api, status: 'created', resourceId: 'vpce-api', state: 'available', note: null };
    const raw = [intentFor(api, 'token-api', AT), intentFor(logs, 'token-logs', AT), outcomeOf(created)].map((entry) =>
      JSON.stringify(entry)
    );

    const writes = unreportedWrites(parseEntries([...raw, '{not json', JSON.stringify({ type: 'other' })]));

    expect(writes.map((write) => [write.action.id, write.clientToken, write.outcome?.resourceId ?? null])).toEqual([
      ['endpoint:ecr.api', 'token-api', 'vpce-api'],
      ['endpoint:logs', 'token-logs', null],
    ]);
  });

  it('turns a healthy run into the report of what an earlier attempt created', () => {
    const logs = endpointAction('logs');
    const [write] = unreportedWrites(parseEntries([JSON.stringify(intentFor(logs, 'token-logs', AT))]));
    if (!write) throw new Error('no write');

    const merged = mergeEarlierWrites([], [{ write, resourceId: 'vpce-logs', state: 'available' }]);

    expect(merged).toEqual([
      expect.objectContaining({ status: 'created', resourceId: 'vpce-logs', note: expect.stringMatching(/earlier attempt/) }),
    ]);
  });

  it('replaces "already in place" by "created" for the resource an earlier attempt made, and keeps this run\'s own creates', () => {
    const api = endpointAction('ecr.api');
    const logs = endpointAction('logs');
    const results: ActionResult[] = [
      { action: api, status: 'created', resourceId: 'vpce-api', state: 'available', note: null },
      { action: logs, status: 'already-done', resourceId: 'vpce-logs', state: 'available', note: null },
    ];
    const writes = unreportedWrites(parseEntries([api, logs].map((action) => JSON.stringify(intentFor(action, null, AT)))));

    const merged = mergeEarlierWrites(
      results,
      writes.map((write) => ({ write, resourceId: write.action.id === api.id ? 'vpce-api' : 'vpce-logs', state: 'available' }))
    );

    expect(merged.map((result) => [result.resourceId, result.status, result.note === null])).toEqual([
      ['vpce-api', 'created', true],
      ['vpce-logs', 'created', false],
    ]);
  });
});
