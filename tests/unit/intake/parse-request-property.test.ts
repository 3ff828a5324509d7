import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { InvalidRequestError } from '../../../shared/errors.js';
import { parseRequest } from '../../../shared/intake/parse-request.js';
import { loadEvent } from '../../helpers/load-event.js';

const defaults = { region: 'us-east-1' };

/** Either a request or an InvalidRequestError naming a field: never any other failure. */
function outcomeOf(input: unknown): string {
  try {
    return parseRequest(input, defaults).kind;
  } catch (error) {
    if (error instanceof InvalidRequestError && error.field.length > 0) return 'invalid';
    throw error;
  }
}

const DETAIL_KEYS = [
  'clusterArn',
  'taskArn',
  'lastStatus',
  'stopCode',
  'stoppedReason',
  'containers',
  'attachments',
  'group',
  'launchType',
] as const;

describe('parseRequest on arbitrary input', () => {
  it('returns a request or throws InvalidRequestError for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(['diagnose', 'ignored', 'invalid']).toContain(outcomeOf(value));
      }),
      { numRuns: 300 }
    );
  });

  it('returns a request or throws InvalidRequestError when any detail field is replaced', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DETAIL_KEYS), fc.jsonValue(), (key, value) => {
        const event = loadEvent('ecr-dkr-timeout');
        event.detail[key] = value;

        expect(['diagnose', 'ignored', 'invalid']).toContain(outcomeOf(event));
      }),
      { numRuns: 300 }
    );
  });

  it('returns a request or throws InvalidRequestError for objects with any keys', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (input) => {
        expect(['diagnose', 'ignored', 'invalid']).toContain(outcomeOf(input));
      }),
      { numRuns: 300 }
    );
  });

  it('returns a request or throws InvalidRequestError for manual requests with random keys', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('cluster', 'taskArn', 'service', 'dryRun', 'region', 'event', 'dryrun'), fc.jsonValue()),
        (input) => {
          expect(['diagnose', 'ignored', 'invalid']).toContain(outcomeOf(input));
        }
      ),
      { numRuns: 300 }
    );
  });
});
