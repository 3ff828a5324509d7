/**
 * Parses one command's arguments with node's `util.parseArgs` in strict mode, and turns its
 * errors into UsageErrors with one readable line each.
 */
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import type { CliCommand, OptionValue } from './command.js';
import { UsageError } from '../errors.js';

interface ParsedCommandLine {
  values: Record<string, OptionValue>;
  positionals: string[];
  help: boolean;
}

function parseCommandLine(command: CliCommand, args: readonly string[]): ParsedCommandLine {
  const options: NonNullable<ParseArgsConfig['options']> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const [name, option] of Object.entries(command.options)) {
    options[name] = {
      type: option.type,
      ...(option.short === undefined ? {} : { short: option.short }),
      ...(option.multiple === undefined ? {} : { multiple: option.multiple }),
    };
  }
  let parsed: { values: Record<string, OptionValue>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(describeParseError(error), command.name);
  }
  const { help = false, ...values } = parsed.values;
  if (help === true) return { values, positionals: parsed.positionals, help: true };
  checkPositionals(command, parsed.positionals);
  return { values, positionals: parsed.positionals, help: false };
}

function checkPositionals(command: CliCommand, positionals: readonly string[]): void {
  const required = command.arguments.filter((argument) => argument.required);
  if (positionals.length < required.length) {
    const missing = required.slice(positionals.length).map((argument) => argument.name);
    throw new UsageError(`missing ${missing.join(' ')}`, command.name);
  }
  if (positionals.length > command.arguments.length) {
    const names = command.arguments.map((argument) => argument.name).join(' ');
    const allowed = command.arguments.length === 0 ? 'no arguments' : `at most ${command.arguments.length} (${names})`;
    throw new UsageError(
      `takes ${allowed}, got ${positionals.length}; put quotes around text that contains spaces`,
      command.name
    );
  }
}

/** parseArgs' messages are long and mention internals; keep the part a person needs. */
function describeParseError(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const quoted = /'([^']+)'/.exec(message)?.[1];
  const option = /--[A-Za-z0-9-]+/.exec(quoted ?? '')?.[0] ?? quoted ?? 'an option';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return message.includes('argument missing') ? `option ${option} needs a value` : `option ${option} takes no value`;
  }
  return message.split('\n')[0] ?? message;
}

export { parseCommandLine };
