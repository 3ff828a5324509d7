/**
 * Turns a raw stop reason into one predictable line of text before any pattern runs.
 *
 * Stop reasons reach us from EventBridge, from a console copy-paste or from a CLI pipe: curly
 * quotes, JSON-escaped quotes, non-breaking spaces, zero-width characters and line breaks all
 * occur. The length cap comes first so that every later step (and every regex) sees at most
 * MAX_REASON_CHARS characters, whatever size the input was: hostile input stays linear.
 */

/** ECS keeps about 255 (task) to 1024 (container) characters; 8 KB leaves room for pasted logs. */
const MAX_REASON_CHARS = 8192;

const CURLY_DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g;
const CURLY_SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B\u2032]/g;
// Zero-width characters and the BOM would split words such as "i/o timeout" invisibly.
const INVISIBLE_CHARACTERS = /[\u200B-\u200D\u2060\uFEFF]/g;
// Control characters (NUL included) and Unicode spaces become plain spaces; collapsed below.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point: they become spaces
const SPACE_LIKE_CHARACTERS = /[\u0000-\u001F\u007F\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]/g;
// Text copied out of JSON keeps its escapes: \" and literal \n or \t sequences.
const JSON_ESCAPED_QUOTE = /\\+"/g;
const JSON_ESCAPED_WHITESPACE = /\\[nrt]/g;
const WHITESPACE_RUNS = /\s+/g;

/** Returns the text capped, with straight quotes and single spaces, trimmed; case is kept. */
function normaliseReasonText(text: string): string {
  // Leading whitespace is dropped before the cap so that padding cannot push the reason out.
  return text
    .trimStart()
    .slice(0, MAX_REASON_CHARS)
    .replace(INVISIBLE_CHARACTERS, '')
    .replace(CURLY_DOUBLE_QUOTES, '"')
    .replace(CURLY_SINGLE_QUOTES, "'")
    .replace(JSON_ESCAPED_QUOTE, '"')
    .replace(JSON_ESCAPED_WHITESPACE, ' ')
    .replace(SPACE_LIKE_CHARACTERS, ' ')
    .replace(WHITESPACE_RUNS, ' ')
    .trim();
}

export { MAX_REASON_CHARS, normaliseReasonText };
