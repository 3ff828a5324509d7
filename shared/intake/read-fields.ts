/**
 * Small readers that take one field from untrusted input and either return it typed or throw
 * an InvalidRequestError naming the field by its path (e.g. `detail.containers[1].reason`).
 * Why: the intake must never crash on odd input, and the person who sent it must see which
 * field was wrong.
 */
import { InvalidRequestError } from '../errors.js';

type UnknownRecord = Record<string, unknown>;

/** Identifiers (ARNs, ids, names) longer than this are rejected: no real one is. */
const MAX_IDENTIFIER_LENGTH = 2048;
/**
 * Free text (stop reasons) longer than this is truncated, not rejected: ECS itself truncates
 * reasons, and a long reason must not cost us the event.
 */
const MAX_TEXT_LENGTH = 4096;
/** ECS allows 10 containers per task; a few more leaves room without letting input balloon. */
const MAX_LIST_ITEMS = 100;

const TRUNCATION_MARK = ' [truncated by ecs-netfix]';

function isRecord(value: unknown): value is UnknownRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `detail` + `region` -> `detail.region`; `` + `region` -> `region`. */
function fieldPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

/** A short description of a value's type for error messages ("an array", "null", "a number"). */
function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'undefined') return 'missing';
  return `a ${typeof value}`;
}

function ownValue(record: UnknownRecord, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function requireRecord(value: unknown, field: string): UnknownRecord {
  if (!isRecord(value)) {
    throw new InvalidRequestError(field, `must be an object, got ${describeType(value)}`);
  }
  return value;
}

/** A string identifier, or null when absent; wrong types and oversized values throw. */
function readOptionalIdentifier(record: UnknownRecord, key: string, parent: string): string | null {
  const field = fieldPath(parent, key);
  const value = ownValue(record, key);
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    throw new InvalidRequestError(field, `must be a string, got ${describeType(value)}`);
  }
  if (value.length > MAX_IDENTIFIER_LENGTH) {
    throw new InvalidRequestError(
      field,
      `is ${value.length} characters long; at most ${MAX_IDENTIFIER_LENGTH} are accepted`
    );
  }
  return value.trim() === '' ? null : value;
}

function readRequiredIdentifier(record: UnknownRecord, key: string, parent: string): string {
  const value = readOptionalIdentifier(record, key, parent);
  if (value === null) throw new InvalidRequestError(fieldPath(parent, key), 'is required');
  return value;
}

/** Free text such as a stop reason, truncated to MAX_TEXT_LENGTH characters. */
function readOptionalText(record: UnknownRecord, key: string, parent: string): string | null {
  const field = fieldPath(parent, key);
  const value = ownValue(record, key);
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    throw new InvalidRequestError(field, `must be a string, got ${describeType(value)}`);
  }
  return truncateText(value);
}

function truncateText(text: string): string {
  if (text.length <= MAX_TEXT_LENGTH) return text;
  return text.slice(0, MAX_TEXT_LENGTH - TRUNCATION_MARK.length) + TRUNCATION_MARK;
}

function readOptionalBoolean(record: UnknownRecord, key: string, parent: string): boolean | null {
  const value = ownValue(record, key);
  if (value === undefined || value === null) return null;
  if (typeof value !== 'boolean') {
    throw new InvalidRequestError(
      fieldPath(parent, key),
      `must be true or false, got ${describeType(value)}`
    );
  }
  return value;
}

function readOptionalNumber(record: UnknownRecord, key: string, parent: string): number | null {
  const value = ownValue(record, key);
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidRequestError(
      fieldPath(parent, key),
      `must be a number, got ${describeType(value)}`
    );
  }
  return value;
}

/** An optional list; its items are returned unchecked for the caller to read by index. */
function readOptionalList(record: UnknownRecord, key: string, parent: string): unknown[] {
  const field = fieldPath(parent, key);
  const value = ownValue(record, key);
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw new InvalidRequestError(field, `must be an array, got ${describeType(value)}`);
  }
  if (value.length > MAX_LIST_ITEMS) {
    throw new InvalidRequestError(
      field,
      `has ${value.length} items; at most ${MAX_LIST_ITEMS} are accepted`
    );
  }
  return value;
}

/** Throws naming every key of `record` that is not in `allowed` (typos such as `dryrun`). */
function rejectUnknownKeys(
  record: UnknownRecord,
  allowed: readonly string[],
  parent: string
): void {
  const unknown = Object.keys(record).filter((key) => !allowed.includes(key));
  if (unknown.length === 0) return;
  const shown = unknown.slice(0, 5).map((key) => JSON.stringify(truncateKey(key)));
  const more = unknown.length > 5 ? ` and ${unknown.length - 5} more` : '';
  // One unknown key is named as the field; several (or an empty key) point at the object.
  const single = unknown.length === 1 ? (unknown[0] ?? '') : '';
  const field = single === '' ? parent || 'request' : fieldPath(parent, truncateKey(single));
  throw new InvalidRequestError(
    field,
    `unknown ${unknown.length === 1 ? 'key' : 'keys'} ${shown.join(', ')}${more}; accepted keys are ${allowed.join(', ')}`
  );
}

function truncateKey(key: string): string {
  return key.length > 64 ? `${key.slice(0, 64)}...` : key;
}

export {
  MAX_IDENTIFIER_LENGTH,
  MAX_LIST_ITEMS,
  MAX_TEXT_LENGTH,
  describeType,
  fieldPath,
  isRecord,
  readOptionalBoolean,
  readOptionalIdentifier,
  readOptionalList,
  readOptionalNumber,
  readOptionalText,
  readRequiredIdentifier,
  rejectUnknownKeys,
  requireRecord,
  truncateText,
};
export type { UnknownRecord };
