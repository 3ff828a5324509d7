/**
 * Makes text from events and AWS (stop reasons, names, tags, IDs) safe to put into a Slack
 * message that AWS Chatbot renders as mrkdwn.
 *
 * Slack reads `<...>` as links and mentions (`<!channel>`, `<!here>`, `<@U123>`), `&` as the start
 * of an entity, and `*`, `_`, `~`, `` ` `` as formatting
 * (https://api.slack.com/reference/surfaces/formatting#escaping). Slack has no backslash escape,
 * so formatting characters are swapped for look-alikes in prose; identifiers go in code spans,
 * where Slack applies no formatting, so they stay copyable.
 */

/** Appended where text was cut, so a reader knows there is more in the report. */
const TRUNCATION_MARKER = '… (truncated)';

/** Default cap for one piece of untrusted inline text. */
const DEFAULT_INLINE_MAX = 300;
const DEFAULT_CODE_BLOCK_MAX = 1_000;

/**
 * Characters a reader cannot see but that change what text does: zero-width spaces and joiners,
 * direction marks (U+200B-U+200F), line/paragraph separators and bidi embeddings/overrides
 * (U+2028-U+202E), word joiners and invisible operators (U+2060-U+2064), bidi isolates
 * (U+2066-U+2069) and the byte-order mark (U+FEFF). `@<U+200B>channel` must not hide a mention,
 * and `ecr<U+200B>.api` must not pass for `ecr.api`. The one exception is a zero-width joiner
 * between two emoji (👨‍👩‍👧), which is how those emoji are spelt.
 */
const INVISIBLE_CHARACTERS =
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: the look-behind asks for the one code point before a joiner (an emoji, a skin tone or a variation selector)
  /[\u200B\u200C\u200E\u200F\u2028-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|(?<![\p{Extended_Pictographic}\u{1F3FB}-\u{1F3FF}\uFE0F])\u200D|\u200D(?!\p{Extended_Pictographic})/gu;
/** Control characters but tab and newline. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point: they are removed from untrusted text
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
/** Half of a surrogate pair without its other half: not valid UTF-8, SNS would refuse it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const FORMATTING_LOOKALIKES: Record<string, string> = {
  '*': '∗', // U+2217 ASTERISK OPERATOR
  _: 'ˍ', // U+02CD MODIFIER LETTER LOW MACRON
  '~': '∼', // U+223C TILDE OPERATOR
  '`': 'ˋ', // U+02CB MODIFIER LETTER GRAVE ACCENT
};

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Removes what no reader should get: control characters, bidi overrides, broken surrogates. */
function stripUnsafeCharacters(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD').replace(CONTROL, '').replace(INVISIBLE_CHARACTERS, '');
}

/** `&`, `<` and `>` as Slack entities: nothing can open a link or a mention. */
function escapeEntities(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * `@channel`, `@here`, `@everyone` and `@U123` ping when a client links names; a full-width `＠`
 * looks the same and never does.
 */
function defuseAtMentions(text: string): string {
  return text.replace(/@(?=[\p{L}\p{N}])/gu, '＠');
}

/**
 * Builds the escaped text grapheme by grapheme so a cut never splits an entity (`&amp;`), an
 * emoji or a Hangul syllable, and the result, marker included, is at most `maxLength` long.
 */
function escapeWithin(text: string, maxLength: number, escapeGrapheme: (grapheme: string) => string): string {
  const limit = Math.max(maxLength, TRUNCATION_MARKER.length);
  // Every grapheme escapes to at least one character: more input than `limit` is never needed.
  const candidate = text.length > limit * 2 + 2 ? text.slice(0, limit * 2 + 2) : text;
  const pieces: string[] = [];
  let length = 0;
  let cut = candidate.length < text.length;
  for (const { segment } of graphemes.segment(candidate)) {
    const escaped = escapeGrapheme(segment);
    if (length + escaped.length > limit) {
      cut = true;
      break;
    }
    pieces.push(escaped);
    length += escaped.length;
  }
  if (!cut) return pieces.join('');
  // Make room for the marker, dropping whole pieces from the end.
  while (pieces.length > 0 && length + 1 + TRUNCATION_MARKER.length > limit) {
    length -= (pieces.pop() ?? '').length;
  }
  const kept = pieces.join('').trimEnd();
  return kept === '' ? TRUNCATION_MARKER : `${kept} ${TRUNCATION_MARKER}`;
}

/**
 * Swaps formatting characters for look-alikes. An underscore between two letters or digits
 * (`web_api`) cannot open italics in Slack, so names keep their real underscores.
 */
function neutraliseFormatting(text: string): string {
  return text.replace(/[*~`]|_/g, (character, offset: number) => {
    if (character === '_') {
      const before = text.slice(Math.max(0, offset - 2), offset);
      const after = text.slice(offset + 1, offset + 3);
      if (/[\p{L}\p{N}]$/u.test(before) && /^[\p{L}\p{N}]/u.test(after)) return '_';
    }
    return FORMATTING_LOOKALIKES[character] ?? character;
  });
}

function escapeCodeGrapheme(grapheme: string): string {
  // A backtick would close the code span: swap it for a look-alike.
  if (grapheme === '`') return FORMATTING_LOOKALIKES['`'] ?? "'";
  return escapeEntities(grapheme);
}

/** Whitespace runs (newlines included) as one space: inline text must stay on its line. */
function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Untrusted text as one line of Slack prose: no mention can ping, no link can open, no
 * formatting character can change the layout, and the result is at most `maxLength` characters
 * (cut cleanly with "… (truncated)").
 */
function escapeSlackText(untrusted: string, maxLength: number = DEFAULT_INLINE_MAX): string {
  const clean = neutraliseFormatting(defuseAtMentions(collapseWhitespace(stripUnsafeCharacters(untrusted))));
  return escapeWithin(clean, maxLength, escapeEntities);
}

/**
 * Untrusted text as an inline code span (`` `subnet-0abc` ``): copyable as is (underscores and
 * asterisks kept), with `&<>` escaped and backticks replaced so the span cannot close early.
 * `maxLength` bounds the text inside the backticks.
 */
function slackInlineCode(untrusted: string, maxLength: number = DEFAULT_INLINE_MAX): string {
  const clean = defuseAtMentions(collapseWhitespace(stripUnsafeCharacters(untrusted)));
  const inner = escapeWithin(clean, maxLength, escapeCodeGrapheme);
  // Slack shows empty backticks literally.
  return `\`${inner === '' ? '-' : inner}\``;
}

/**
 * Untrusted multi-line text as a fenced code block. Lines are kept; `&<>` are escaped and
 * backticks replaced so no fence can close early. `maxLength` bounds the text inside the fence.
 */
function slackCodeBlock(untrusted: string, maxLength: number = DEFAULT_CODE_BLOCK_MAX): string {
  const lines = stripUnsafeCharacters(untrusted)
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[^\S\n]+/g, ' ').trimEnd());
  const text = lines.join('\n').trim();
  const inner = escapeWithin(defuseAtMentions(text), maxLength, escapeCodeGrapheme);
  return `\`\`\`${inner === '' ? '-' : inner}\`\`\``;
}

/**
 * Text for Chatbot metadata (thread id, related resources, additional context): one clean line,
 * entities escaped in case a client renders it, bounded. No look-alikes: IDs must stay exact.
 */
function plainMetadataText(untrusted: string, maxLength: number): string {
  const clean = collapseWhitespace(stripUnsafeCharacters(untrusted)).replace(/@(channel|here|everyone)\b/gi, '＠$1');
  return escapeWithin(clean, maxLength, escapeEntities);
}

export { INVISIBLE_CHARACTERS, TRUNCATION_MARKER, plainMetadataText, escapeSlackText, slackCodeBlock, slackInlineCode };
