/** Asserts that `act` throws InvalidRequestError for `field`, and returns the message. */
import { expect } from '@jest/globals';
import { InvalidRequestError } from '../../../shared/errors.js';

function expectInvalidField(act: () => unknown, field: string): string {
  let caught: unknown;
  try {
    act();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(InvalidRequestError);
  const error = caught as InvalidRequestError;
  expect(error.field).toBe(field);
  return error.message;
}

export { expectInvalidField };
