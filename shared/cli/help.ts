/** Help text for the tool and for each command. Every help page documents the exit codes. */
import type { CliCommand } from './command.js';
import { exitCodesHelp } from './exit-codes.js';
import { alignColumns } from './align-columns.js';

const TOOL = 'ecs-netfix';

function formatToolHelp(commands: readonly CliCommand[], version: string): string {
  const commandRows = alignColumns(commands.map((command) => [`  ${command.name}`, command.summary]));
  return [
    `${TOOL} ${version}: find out why ECS tasks in private subnets fail to pull images or secrets, and fix it.`,
    '',
    'Usage:',
    `  ${TOOL} <command> [options]`,
    `  ${TOOL} <command> --help`,
    '',
    'Commands:',
    ...commandRows,
    '',
    'Options:',
    ...alignColumns([
      ['  -h, --help', 'show this help'],
      ['  -V, --version', 'print the version'],
    ]),
    '',
    'Exit codes:',
    exitCodesHelp(null),
    '',
    'Environment:',
    ...alignColumns([
      ['  NO_COLOR', 'set to any value to turn colors off (they are off for pipes anyway)'],
      ['  ECS_NETFIX_DEBUG', 'set to 1 to print stack traces of unexpected errors'],
    ]),
    '',
  ].join('\n');
}

function formatCommandHelp(command: CliCommand): string {
  const usageArguments = command.arguments
    .map((argument) => (argument.required ? argument.name : `[${argument.name}]`))
    .join(' ');
  const usage = [TOOL, command.name, Object.keys(command.options).length > 0 ? '[options]' : '', usageArguments]
    .filter((part) => part !== '')
    .join(' ');
  const optionRows = Object.entries(command.options).map(([name, option]) => {
    const short = option.short === undefined ? '    ' : `-${option.short}, `;
    const value = option.type === 'string' ? ` ${option.valueName ?? 'VALUE'}` : '';
    return [`  ${short}--${name}${value}`, option.description];
  });
  optionRows.push(['  -h, --help', 'show this help']);
  const sections = [`Usage: ${usage}`, '', command.summary, '', command.description, ''];
  if (command.arguments.length > 0) {
    sections.push(
      'Arguments:',
      ...alignColumns(command.arguments.map((argument) => [`  ${argument.name}`, argument.description])),
      ''
    );
  }
  sections.push('Options:', ...alignColumns(optionRows), '');
  if (command.examples.length > 0) {
    sections.push('Examples:', ...command.examples.map((example) => `  ${example}`), '');
  }
  sections.push('Exit codes:', exitCodesHelp(command.name), '');
  return sections.join('\n');
}

export { TOOL, formatCommandHelp, formatToolHelp };
