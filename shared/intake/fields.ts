/**
 * The intake's field schemas (valibot, a Standard Schema library), validated through Powertools
 * Parser, and the one translation of a schema issue into an InvalidRequestError that names the
 * field by its path (e.g. `detail.containers[1].reason`). The rules every field follows:
 * - identifiers (ARNs, ids, names) are strings of at most MAX_IDENTIFIER_LENGTH characters; a blank
 *   one counts as absent;
 * - free text (stop reasons) is truncated at MAX_TEXT_LENGTH, never rejected: ECS itself truncates
 *   reasons, and a long reason must not cost us the event;
 * - lists hold at most MAX_LIST_ITEMS items, checked before any item is read;
 * - a request object a person writes (a manual invoke) names every unknown key (typos such as
 *   `dryrun`); an AWS event may carry fields we do not read (AWS adds fields over time).
 */
import { parse as parseWithPowertools } from '@aws-lambda-powertools/parser';
import * as v from 'valibot';
import { InvalidRequestError } from '../errors.js';

type UnknownRecord = Record<string, unknown>;

/** Identifiers longer than this are rejected: no real one is. */
const MAX_IDENTIFIER_LENGTH = 2048;
const MAX_TEXT_LENGTH = 4096;
/** ECS allows 10 containers per task; a few more leaves room without letting input balloon. */
const MAX_LIST_ITEMS = 100;
const TRUNCATION_MARK = ' [truncated by ecs-netfix]';

/**
 * What a schema sees for a key the input does not have. valibot reports a missing required key
 * itself, with its own wording; giving every field this default instead lets each field say what
 * it needs ("is required", "must be an object, got missing").
 */
const MISSING: unique symbol = Symbol('missing');

function isRecord(value: unknown): value is UnknownRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `detail` + `region` -> `detail.region`; `` + `region` -> `region`; `list` + 1 -> `list[1]`. */
function fieldPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

/** A short description of a value's type for error messages ("an array", "null", "a number"). */
function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined || value === MISSING) return 'missing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** A value quoted for an error message, long strings shortened. */
function quoteForMessage(value: unknown): string {
  if (typeof value !== 'string') return value === undefined || value === MISSING ? 'nothing' : describeType(value);
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}...` : value);
}

function truncateText(text: string): string {
  if (text.length <= MAX_TEXT_LENGTH) return text;
  return text.slice(0, MAX_TEXT_LENGTH - TRUNCATION_MARK.length) + TRUNCATION_MARK;
}

const got =
  (expected: string) =>
  (issue: v.BaseIssue<unknown>): string =>
    `must be ${expected}, got ${describeType(issue.input)}`;

/** A string identifier, or null when absent, null or blank. */
const identifier = v.nullish(
  v.pipe(
    v.string(got('a string')),
    v.maxLength(
      MAX_IDENTIFIER_LENGTH,
      (issue) => `is ${issue.received} characters long; at most ${MAX_IDENTIFIER_LENGTH} are accepted`
    ),
    v.transform((value): string | null => (value.trim() === '' ? null : value))
  ),
  null
);

const requiredIdentifier = v.pipe(
  identifier,
  v.check((value) => value !== null, 'is required'),
  v.transform((value) => value ?? '')
);

/** An identifier that must also pass `isValid` when present. */
function identifierThat(isValid: (value: string) => boolean, message: string) {
  return v.pipe(
    identifier,
    v.check((value) => value === null || isValid(value), message)
  );
}

/** Free text such as a stop reason, truncated to MAX_TEXT_LENGTH characters. */
const text = v.nullish(v.pipe(v.string(got('a string')), v.transform(truncateText)), null);

const finiteNumber = v.nullish(v.pipe(v.number(got('a number')), v.finite(got('a number'))), null);

const flag = v.nullish(v.boolean(got('true or false')), null);

/** A list of at most MAX_LIST_ITEMS items (counted before any is read); absent is empty. */
function list<TItem extends v.GenericSchema>(item: TItem) {
  return v.nullish(
    v.pipe(
      v.array(v.unknown(), got('an array')),
      v.maxLength(MAX_LIST_ITEMS, (issue) => `has ${issue.received} items; at most ${MAX_LIST_ITEMS} are accepted`),
      v.array(item)
    ),
    () => []
  );
}

/** A JSON object with these fields; others are kept but not read. */
function record<TEntries extends v.ObjectEntries>(entries: TEntries) {
  return v.pipe(v.optional(v.unknown(), MISSING), v.custom<UnknownRecord>(isRecord, got('an object')), v.looseObject(entries));
}

/** The keys each closed record accepts, by its check: the issue translation names the unknown keys. */
const acceptedKeysByCheck = new WeakMap<object, readonly string[]>();

/** A request object a person writes: every key it has must be one of `entries`. */
function closedRecord<TEntries extends v.ObjectEntries>(entries: TEntries) {
  const accepted = Object.keys(entries);
  const onlyAcceptedKeys = (value: UnknownRecord): boolean => Object.keys(value).every((key) => accepted.includes(key));
  acceptedKeysByCheck.set(onlyAcceptedKeys, accepted);
  return v.pipe(
    v.optional(v.unknown(), MISSING),
    v.custom<UnknownRecord>(isRecord, got('an object')),
    v.check(onlyAcceptedKeys),
    v.looseObject(entries)
  );
}

/** `source: "aws.ecs"` and the like. */
function exactly(expected: string) {
  return v.pipe(
    v.optional(v.unknown(), MISSING),
    v.check(
      (value) => value === expected,
      (issue) => `must be "${expected}", got ${quoteForMessage(issue.input)}`
    )
  );
}

/**
 * Validates `input` against `schema` with Powertools Parser (any Standard Schema library) and
 * returns the typed value, or throws InvalidRequestError for the first field that is wrong.
 * `path` is where the input sits in the request (`` for the request itself, `event` for a saved
 * event inside a manual invoke).
 */
function parseFields<TSchema extends v.GenericSchema>(schema: TSchema, input: unknown, path: string): v.InferOutput<TSchema> {
  const result = parseWithPowertools(input, undefined, schema, true);
  if (result.success) return result.data;
  const issues = result.error.cause;
  const first = Array.isArray(issues) ? (issues[0] as v.BaseIssue<unknown> | undefined) : undefined;
  if (first === undefined) throw new InvalidRequestError(path || 'request', 'could not be read');
  throw invalidRequestFrom(first, path);
}

function invalidRequestFrom(issue: v.BaseIssue<unknown>, basePath: string): InvalidRequestError {
  const field = (issue.path ?? []).reduce<string>(
    (parent, item) => fieldPath(parent, typeof item.key === 'number' ? item.key : String(item.key)),
    basePath
  );
  const accepted = issue.requirement === undefined ? undefined : acceptedKeysByCheck.get(issue.requirement as object);
  if (accepted !== undefined && isRecord(issue.input)) return unknownKeysError(issue.input, accepted, field);
  return new InvalidRequestError(field || 'request', issue.message);
}

/** Names up to five unknown keys; one unknown key is the field, several point at the object. */
function unknownKeysError(value: UnknownRecord, accepted: readonly string[], parent: string): InvalidRequestError {
  const unknown = Object.keys(value).filter((key) => !accepted.includes(key));
  const shown = unknown.slice(0, 5).map((key) => JSON.stringify(truncateKey(key)));
  const more = unknown.length > 5 ? ` and ${unknown.length - 5} more` : '';
  const single = unknown.length === 1 ? (unknown[0] ?? '') : '';
  const field = single === '' ? parent || 'request' : fieldPath(parent, truncateKey(single));
  return new InvalidRequestError(
    field,
    `unknown ${unknown.length === 1 ? 'key' : 'keys'} ${shown.join(', ')}${more}; accepted keys are ${accepted.join(', ')}`
  );
}

function truncateKey(key: string): string {
  return key.length > 64 ? `${key.slice(0, 64)}...` : key;
}

export {
  closedRecord,
  describeType,
  exactly,
  fieldPath,
  finiteNumber,
  flag,
  identifier,
  identifierThat,
  isRecord,
  list,
  parseFields,
  record,
  requiredIdentifier,
  text,
};
export type { UnknownRecord };
