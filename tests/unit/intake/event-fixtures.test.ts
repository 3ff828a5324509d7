import { describe, expect, it } from '@jest/globals';
import { classifyTaskFailure } from '../../../shared/classify/classify.js';
import { parseRequest } from '../../../shared/intake/parse-request.js';
import { loadEvent } from '../../helpers/load-event.js';

/** What each saved event stands for; keeps the fixtures honest as the classifier evolves. */
const DIAGNOSED_FIXTURES = [
  ['ecr-api-timeout', 'ecr_api_unreachable', true],
  ['ecr-dkr-timeout', 'ecr_dkr_unreachable', true],
  ['s3-layer-timeout', 's3_layer_unreachable', true],
  ['secrets-manager-timeout', 'secretsmanager_unreachable', true],
  ['wording-2024', 'ecr_api_unreachable', true],
  ['essential-container-pull-error', 'ecr_dkr_unreachable', true],
  ['image-not-found', 'image_not_found', false],
] as const;

const IGNORED_FIXTURES = ['user-initiated-stop', 'essential-container-exited'];

describe('saved ECS task state change events', () => {
  it.each(DIAGNOSED_FIXTURES)(
    '%s is diagnosed and its reasons classify as %s (endpoint fix: %s)',
    (name, category, endpointFixable) => {
      // Act
      const request = parseRequest(loadEvent(name), { region: 'us-east-1' });

      // Assess
      expect(request.kind).toBe('diagnose');
      const task = request.kind === 'diagnose' ? request.task : null;
      const classification = classifyTaskFailure(
        task?.stoppedReason ?? null,
        task?.containerReasons.map((entry: { reason: string }) => entry.reason) ?? []
      );
      expect(classification).toMatchObject({ category, endpointFixable });
    }
  );

  it.each(IGNORED_FIXTURES)('%s is ignored', (name) => {
    expect(parseRequest(loadEvent(name), { region: 'us-east-1' }).kind).toBe('ignored');
  });

  it("running-task (a service's task) is a recovery signal", () => {
    expect(parseRequest(loadEvent('running-task'), { region: 'us-east-1' }).kind).toBe('lifecycle');
  });

  it('gives a fresh copy on every load', () => {
    const first = loadEvent('ecr-api-timeout');
    first.detail.taskArn = 'changed';

    expect(loadEvent('ecr-api-timeout').detail.taskArn).not.toBe('changed');
  });
});
