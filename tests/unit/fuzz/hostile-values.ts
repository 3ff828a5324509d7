/**
 * Generators of hostile input for the fuzz tests: huge strings, wrong types, unicode that breaks
 * naive code (lone surrogates, bidi overrides, NUL), Slack control sequences, and mutations of a
 * real "ECS Task State Change" event (a field set to any of these, or removed).
 */
import fc from 'fast-check';

/** Text Slack would act on if it reached a message unescaped. */
const SLACK_SEQUENCES = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<@U123ABC>',
  '<#C024BE7LR>',
  '<https://evil.example|click here>',
  '<mailto:a@b.c|mail>',
  '&lt;!channel&gt;',
  '*bold* _it_ ~strike~ `code` ```block```',
  '@channel @here',
  '&amp; & < >',
] as const;

const NASTY_UNICODE = [
  '\u0000',
  '\u202E',
  '\u2066',
  '\uD800',
  '\uDFFF',
  '\uFEFF',
  '👩‍👩‍👧‍👦',
  '한국어',
  'é',
  '\r\n',
  '\u0007',
] as const;

const hostileFragment = fc.oneof(
  fc.constantFrom(...SLACK_SEQUENCES),
  fc.constantFrom(...NASTY_UNICODE),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 })
);

/** Text made of hostile fragments, sometimes very long (past every limit ECS or Slack has). */
const hostileText = fc.oneof(
  { weight: 4, arbitrary: fc.array(hostileFragment, { maxLength: 12 }).map((parts) => parts.join('')) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...SLACK_SEQUENCES, 'x', 'ResourceInitializationError: '), fc.integer({ min: 1_000, max: 60_000 }))
      .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length)),
  }
);

/** Any JSON-ish value, of any type, including hostile text. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileText,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.oneof(hostileText, fc.integer()), { maxLength: 3 }),
  fc.dictionary(hostileText, fc.oneof(hostileText, fc.integer()), { maxKeys: 3 })
);

/** Every path (as keys) to a value inside `value`, the root included. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const paths: (string | number)[][] = [prefix];
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      paths.push(...pathsOf(item, [...prefix, index]));
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) paths.push(...pathsOf(item, [...prefix, key]));
  }
  return paths;
}

type Mutation = { path: (string | number)[]; kind: 'set'; value: unknown } | { path: (string | number)[]; kind: 'delete' };

/** Applies a mutation to a copy of `event`. */
function mutate(event: unknown, mutation: Mutation): unknown {
  if (mutation.path.length === 0) return mutation.kind === 'set' ? mutation.value : undefined;
  const copy = structuredClone(event) as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const key of mutation.path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = mutation.path.at(-1) as string | number;
  if (mutation.kind === 'delete') delete parent[last];
  else parent[last] = mutation.value;
  return copy;
}

/** One to three mutations of `event`: a field replaced by a hostile value of any type, or removed. */
function mutatedEvent(event: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(event);
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ path: fc.constantFrom(...paths), kind: fc.constant('set' as const), value: anyValue }),
    fc.record({ path: fc.constantFrom(...paths.filter((path) => path.length > 0)), kind: fc.constant('delete' as const) })
  );
  return fc.array(mutation, { minLength: 1, maxLength: 3 }).map((mutations) =>
    mutations.reduce((current, next) => {
      try {
        return mutate(current, next);
      } catch {
        // The path vanished with an earlier mutation: keep what we have.
        return current;
      }
    }, event)
  );
}

export { anyValue, hostileText, mutatedEvent };
