/**
 * The CLI's exit codes, documented in every `--help`. Scripts and CI rely on them, so they
 * never change meaning.
 */
const EXIT_CODES = {
  /** The command did what was asked and found nothing wrong. */
  ok: 0,
  /** Problems were found, or an AWS call failed. */
  problems: 1,
  /** The command line was wrong (unknown command or flag, missing argument). */
  usage: 2,
} as const;

type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

const EXIT_CODES_HELP = [
  '  0  success, nothing wrong found',
  '  1  problems found, or an AWS call failed',
  '  2  bad usage (unknown command or flag, missing argument)',
].join('\n');

export { EXIT_CODES, EXIT_CODES_HELP };
export type { ExitCode };
