/**
 * Bad input through the intake and the classifier: values of every type, huge strings, unicode and
 * Slack control sequences, and real events with fields replaced or removed. The intake either
 * accepts the input or throws InvalidRequestError naming the field; the classifier always answers.
 */
import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { CATEGORIES } from '../../../shared/classify/classification.js';
import { classifyStopReason, classifyTaskFailure } from '../../../shared/classify/classify.js';
import { InvalidRequestError } from '../../../shared/errors.js';
import { parseRequest } from '../../../shared/intake/parse-request.js';
import { loadEvent } from '../../helpers/load-event.js';
import { anyValue, hostileText, mutatedEvent } from './hostile-values.js';

const DEFAULTS = { region: 'eu-west-1' };
const EVENTS = ['ecr-api-timeout', 'wording-2024', 'essential-container-pull-error'].map((name) => loadEvent(name));

/** Parses `input`; a rejection must be an InvalidRequestError whose message starts with its field. */
function parseOrExplain(input: unknown): 'accepted' | 'rejected' {
  try {
    parseRequest(input, DEFAULTS);
    return 'accepted';
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRequestError);
    const invalid = error as InvalidRequestError;
    expect(invalid.field.length).toBeGreaterThan(0);
    expect(invalid.message.startsWith(`${invalid.field}: `)).toBe(true);
    // The message quotes no more than a bounded slice of a huge input.
    expect(invalid.message.length).toBeLessThan(2_000);
    return 'rejected';
  }
}

describe('parseRequest on hostile input', () => {
  it('accepts or names the bad field for values of any type', () => {
    fc.assert(
      fc.property(fc.oneof(anyValue, fc.anything()), (input) => {
        parseOrExplain(input);
      }),
      { numRuns: 2_500 }
    );
  });

  it('accepts or names the bad field for real events with fields replaced or removed', () => {
    const outcomes = { accepted: 0, rejected: 0 };
    fc.assert(
      fc.property(
        fc.constantFrom(...EVENTS).chain((event) => mutatedEvent(event)),
        fc.boolean(),
        (event, saved) => {
          outcomes[parseOrExplain(saved ? { event, dryRun: false } : event)] += 1;
        }
      ),
      { numRuns: 3_000 }
    );
    // Both kinds happen: the generator reaches fields that matter and fields that do not.
    expect(outcomes.accepted).toBeGreaterThan(100);
    expect(outcomes.rejected).toBeGreaterThan(100);
  });
});

describe('the classifier on hostile text', () => {
  const categories = new Set<string>(CATEGORIES);

  it('classifies any stop reason into a known category', () => {
    fc.assert(
      fc.property(hostileText, (reason) => {
        expect(categories.has(classifyStopReason(reason).category)).toBe(true);
      }),
      { numRuns: 2_000 }
    );
  });

  it('classifies any task failure into a known category', () => {
    fc.assert(
      fc.property(fc.option(hostileText), fc.array(hostileText, { maxLength: 4 }), (stoppedReason, containerReasons) => {
        expect(categories.has(classifyTaskFailure(stoppedReason, containerReasons).category)).toBe(true);
      }),
      { numRuns: 2_000 }
    );
  });
});
