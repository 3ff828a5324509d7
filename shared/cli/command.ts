/**
 * What a CLI command declares: its options, arguments and help text, and a `run` function.
 * Adding a command is one file under `commands/` plus one line in `command-table.ts`.
 */
import type { CliIo } from './cli-io.js';
import type { ExitCode } from './exit-codes.js';
import type { Style } from './style.js';

interface CliOption {
  type: 'boolean' | 'string';
  short?: string;
  multiple?: boolean;
  description: string;
  /** Shown in help for string options, e.g. `--region REGION`. */
  valueName?: string;
}

interface CliArgument {
  name: string;
  description: string;
  required: boolean;
}

type OptionValue = string | boolean | (string | boolean)[] | undefined;

interface CommandContext {
  values: Readonly<Record<string, OptionValue>>;
  positionals: readonly string[];
  io: CliIo;
  /** Styles for stdout; plain text when stdout is not a terminal or NO_COLOR is set. */
  style: Style;
}

interface CliCommand {
  name: string;
  /** One line for the command list in `ecs-netfix --help`. */
  summary: string;
  /** Paragraphs shown in `ecs-netfix <command> --help`. */
  description: string;
  options: Readonly<Record<string, CliOption>>;
  arguments: readonly CliArgument[];
  examples: readonly string[];
  run(context: CommandContext): Promise<ExitCode>;
}

export type { CliCommand, CliOption, CommandContext, OptionValue };
