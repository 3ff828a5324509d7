/**
 * The CLI's exit codes. Scripts and CI rely on them, so they never change meaning. What each
 * code means for each command is written once, here: `--help` prints it and docs/cli.md carries
 * the same table (a test keeps the three in step).
 */
const EXIT_CODES = {
  /** The command did what was asked (what that means per command: EXIT_CODE_TABLE). */
  ok: 0,
  /** Problems were found, or an AWS call failed. */
  problems: 1,
  /** Bad usage or input: unknown command or flag, missing or empty input, a name that does not exist. */
  usage: 2,
} as const;

type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** What 0, 1 and 2 mean for one command. */
type ExitCodeMeanings = readonly [ok: string, problems: string, usage: string];

const AWS_FAILED = 'an AWS call failed';
const BAD_USAGE = 'bad usage: unknown flag, missing argument';

const EXIT_CODE_TABLE: Readonly<Record<string, ExitCodeMeanings>> = {
  diagnose: [
    'a report was printed, whatever it found',
    `${AWS_FAILED}, or an --apply step failed`,
    `${BAD_USAGE}, empty or invalid event, or a cluster, service or task that does not exist`,
  ],
  invoke: [
    'the function answered with a report, whatever it found',
    `${AWS_FAILED}, or the function failed`,
    `${BAD_USAGE}, or the function rejected the input (a cluster, service or task that does not exist)`,
  ],
  check: [
    "every service's next task would start",
    `a service's next task would fail to start (or the service is draining or inactive), or ${AWS_FAILED}`,
    `${BAD_USAGE}, or a cluster or named service that does not exist`,
  ],
  scan: [
    'every service found would start its tasks (or there is none)',
    `a service is at risk, or ${AWS_FAILED}`,
    `${BAD_USAGE}, or a cluster that does not exist`,
  ],
  resources: ['the list was read (also when it is empty)', AWS_FAILED, BAD_USAGE],
  rollback: [
    'everything asked for was deleted (or nothing had to be, or a dry run)',
    `a delete failed or a resource had to be left in place, or ${AWS_FAILED}`,
    BAD_USAGE,
  ],
  classify: [
    'every input was classified, whatever its category (with --stats: no unsafe verdict)',
    'with --stats: a reason labelled not-network was called endpoint-fixable',
    `${BAD_USAGE}, or no REASON and nothing on stdin`,
  ],
};

/** For the tool's own help: the codes in general. */
const GENERAL_MEANINGS: ExitCodeMeanings = [
  "the command did what was asked (each command's --help says what that means for it)",
  `problems found, or ${AWS_FAILED}`,
  'bad usage or input: unknown command or flag, missing or empty input, a name that does not exist',
];

function exitCodesHelp(command: string | null): string {
  const meanings = (command === null ? undefined : EXIT_CODE_TABLE[command]) ?? GENERAL_MEANINGS;
  return meanings.map((meaning, code) => `  ${code}  ${meaning}`).join('\n');
}

export { EXIT_CODES, EXIT_CODE_TABLE, exitCodesHelp };
export type { ExitCode };
