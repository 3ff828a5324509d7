/**
 * The CLI dispatcher: finds the command, parses its arguments, runs it and maps every failure
 * to one readable line and an exit code. `main.ts` calls it with the process streams; tests call
 * it with in-memory ones.
 */
import packageJson from '../../package.json' with { type: 'json' };
import { AwsCallError, InvalidRequestError, NetfixError } from '../errors.js';
import type { CliIo } from './cli-io.js';
import type { CliCommand } from './command.js';
import { COMMANDS } from './command-table.js';
import { EXIT_CODES } from './exit-codes.js';
import type { ExitCode } from './exit-codes.js';
import { TOOL, formatCommandHelp, formatToolHelp } from './help.js';
import { parseCommandLine } from './parse-command-line.js';
import { createStyle } from './style.js';
import { UsageError } from '../errors.js';

const VERSION: string = packageJson.version;

async function runCli(argv: readonly string[], io: CliIo, commands: readonly CliCommand[] = COMMANDS): Promise<ExitCode> {
  try {
    return await dispatch(argv, io, commands);
  } catch (error) {
    // Every error line names the command it came from, when there is one.
    const command = commands.find((candidate) => candidate.name === argv[0])?.name ?? null;
    return reportFailure(error, io, command);
  }
}

async function dispatch(argv: readonly string[], io: CliIo, commands: readonly CliCommand[]): Promise<ExitCode> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr.write(formatToolHelp(commands, VERSION));
    return EXIT_CODES.usage;
  }
  if (first === '--help' || first === '-h') {
    io.stdout.write(formatToolHelp(commands, VERSION));
    return EXIT_CODES.ok;
  }
  if (first === '--version' || first === '-V') {
    io.stdout.write(`${VERSION}\n`);
    return EXIT_CODES.ok;
  }
  if (first === 'help') {
    const topic = rest[0];
    const command = topic === undefined ? null : findCommand(commands, topic);
    io.stdout.write(command === null ? formatToolHelp(commands, VERSION) : formatCommandHelp(command));
    return EXIT_CODES.ok;
  }
  if (first.startsWith('-')) throw new UsageError(`unknown option ${first}; options go after the command`);

  const command = findCommand(commands, first);
  const parsed = parseCommandLine(command, rest);
  if (parsed.help) {
    io.stdout.write(formatCommandHelp(command));
    return EXIT_CODES.ok;
  }
  return await command.run({
    values: parsed.values,
    positionals: parsed.positionals,
    io,
    style: createStyle(io.stdout, io.env),
  });
}

function findCommand(commands: readonly CliCommand[], name: string): CliCommand {
  const command = commands.find((candidate) => candidate.name === name);
  if (command !== undefined) return command;
  const suggestion = closestName(
    name,
    commands.map((candidate) => candidate.name)
  );
  const hint = suggestion === null ? '' : `; did you mean ${suggestion}?`;
  throw new UsageError(`unknown command ${JSON.stringify(name.slice(0, 40))}${hint}`);
}

/** The command name within two edits of `name`, for "did you mean" hints. */
function closestName(name: string, names: readonly string[]): string | null {
  let best: { name: string; distance: number } | null = null;
  for (const candidate of names) {
    const distance = editDistance(name.slice(0, 40), candidate);
    if (distance <= 2 && (best === null || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name ?? null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * Two lines on stderr per failure: what went wrong, named after the command, then how to fix
 * it. Stack traces only when ECS_NETFIX_DEBUG asks for them.
 */
function reportFailure(error: unknown, io: CliIo, dispatched: string | null): ExitCode {
  const command = error instanceof UsageError && error.command !== null ? error.command : dispatched;
  const where = command === null ? TOOL : `${TOOL} ${command}`;
  const helpCommand = `${where} --help`;
  if (error instanceof UsageError || error instanceof InvalidRequestError) {
    io.stderr.write(`${where}: ${firstLine(error.message)}\nRun '${helpCommand}' for usage.\n`);
    return EXIT_CODES.usage;
  }
  if (error instanceof AwsCallError || error instanceof NetfixError) {
    io.stderr.write(
      `${where}: ${firstLine(error.message)}\n  fix: check the names and --region you gave; set ECS_NETFIX_DEBUG=1 for the details\n`
    );
    if (isDebug(io.env) && error.stack !== undefined) io.stderr.write(`${error.stack}\n`);
    return EXIT_CODES.problems;
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  io.stderr.write(`${where}: unexpected error: ${firstLine(message)}\n`);
  if (isDebug(io.env) && error instanceof Error && error.stack !== undefined) {
    io.stderr.write(`${error.stack}\n  fix: report it with the stack trace above\n`);
  } else {
    io.stderr.write(`  fix: set ECS_NETFIX_DEBUG=1 to see the stack trace, and report it\n`);
  }
  return EXIT_CODES.problems;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

function isDebug(env: Readonly<Record<string, string | undefined>>): boolean {
  const value = env.ECS_NETFIX_DEBUG;
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

export { runCli };
