import { describe, expect, it } from '@jest/globals';
import type { CliCommand } from '../../../shared/cli/command.js';
import { COMMANDS } from '../../../shared/cli/command-table.js';
import { EXIT_CODES } from '../../../shared/cli/exit-codes.js';
import { AwsCallError } from '../../../shared/errors.js';
import { runInMemory } from './run-in-memory.js';

/** A command for exercising the dispatcher: it throws whatever the test gives it. */
function commandThatThrows(error: unknown): CliCommand {
  return {
    name: 'boom',
    summary: 'fails on purpose',
    description: 'Fails on purpose.',
    options: { region: { type: 'string', valueName: 'REGION', description: 'AWS region' } },
    arguments: [],
    examples: [],
    run: () => Promise.reject(error),
  };
}

const echoCommand: CliCommand = {
  name: 'echo',
  summary: 'prints its options',
  description: 'Prints its options.',
  options: { region: { type: 'string', short: 'r', valueName: 'REGION', description: 'AWS region' } },
  arguments: [{ name: 'WORD', description: 'a word', required: true }],
  examples: ['ecs-netfix echo hello --region eu-west-1'],
  run: ({ io, values, positionals }) => {
    io.stdout.write(`${positionals.join(',')} ${String(values.region)}\n`);
    return Promise.resolve(EXIT_CODES.ok);
  },
};

describe('runCli', () => {
  it('prints the tool help with every command and the exit codes for --help', async () => {
    const result = await runInMemory(['--help']);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ecs-netfix \d+\.\d+\.\d+: /);
    for (const command of COMMANDS) expect(result.stdout).toContain(`  ${command.name}  `);
    expect(result.stdout).toContain('Exit codes:\n  0  the command did what was asked');
    expect(result.stdout).toContain('  2  bad usage');
    expect(result.stderr).toBe('');
  });

  it('prints the help on stderr and exits 2 when no command is given', async () => {
    const result = await runInMemory([]);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Usage:\n  ecs-netfix <command> [options]');
  });

  it('prints the version for --version', async () => {
    const result = await runInMemory(['--version']);

    expect(result).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });
  });

  it('prints a command help for `help <command>`, like `<command> --help`', async () => {
    const viaHelp = await runInMemory(['help', 'classify']);
    const viaFlag = await runInMemory(['classify', '--help']);

    expect(viaHelp.stdout).toBe(viaFlag.stdout);
    expect(viaHelp.stdout).toMatch(/^Usage: ecs-netfix classify \[options\] \[REASON\]/);
    expect(viaHelp.stdout).toContain('Exit codes:');
  });

  it('rejects an unknown command in one line, suggesting a close name', async () => {
    const result = await runInMemory(['clasify', 'x']);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'ecs-netfix: unknown command "clasify"; did you mean classify?\nRun \'ecs-netfix --help\' for usage.\n'
    );
  });

  it('rejects an option before the command', async () => {
    const result = await runInMemory(['--json', 'classify']);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^ecs-netfix: unknown option --json; options go after the command\n/);
  });

  it('passes options and arguments of a table command to its run function', async () => {
    const result = await runInMemory(['echo', 'hello', '-r', 'eu-west-1'], { commands: [echoCommand] });

    expect(result).toEqual({ code: 0, stdout: 'hello eu-west-1\n', stderr: '' });
  });

  it('documents string options with their value name in the command help', async () => {
    const result = await runInMemory(['echo', '--help'], { commands: [echoCommand] });

    expect(result.stdout).toContain('  -r, --region REGION  AWS region');
    expect(result.stdout).toContain('Examples:\n  ecs-netfix echo hello --region eu-west-1');
  });

  it('reports a missing required argument as bad usage', async () => {
    const result = await runInMemory(['echo'], { commands: [echoCommand] });

    expect(result.code).toBe(2);
    expect(result.stderr).toBe("ecs-netfix echo: missing WORD\nRun 'ecs-netfix echo --help' for usage.\n");
  });

  it('reports a string option without a value as bad usage', async () => {
    const result = await runInMemory(['echo', 'hello', '--region'], { commands: [echoCommand] });

    expect(result.code).toBe(2);
    expect(result.stderr).toBe("ecs-netfix echo: option --region needs a value\nRun 'ecs-netfix echo --help' for usage.\n");
  });

  it('prints a failed AWS call as one line and exits 1', async () => {
    const denied = Object.assign(new Error('User is not authorized'), { name: 'UnauthorizedOperation' });
    const error = new AwsCallError('DescribeVpcEndpoints', 'vpc-0abc', denied);

    const result = await runInMemory(['boom'], { commands: [commandThatThrows(error)] });

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'ecs-netfix boom: DescribeVpcEndpoints failed for vpc-0abc: UnauthorizedOperation: User is not authorized\n' +
        '  fix: check the names and --region you gave; set ECS_NETFIX_DEBUG=1 for the details\n'
    );
  });

  it('prints an unexpected error as one line without a stack trace', async () => {
    const result = await runInMemory(['boom'], {
      commands: [commandThatThrows(new TypeError('x is undefined\n    at somewhere'))],
    });

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'ecs-netfix boom: unexpected error: TypeError: x is undefined\n  fix: set ECS_NETFIX_DEBUG=1 to see the stack trace, and report it\n'
    );
  });

  it('prints the stack trace of an unexpected error when ECS_NETFIX_DEBUG is set', async () => {
    const result = await runInMemory(['boom'], {
      commands: [commandThatThrows(new TypeError('x is undefined'))],
      env: { ECS_NETFIX_DEBUG: '1' },
    });

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^ecs-netfix boom: unexpected error: TypeError: x is undefined\nTypeError: x is undefined\n\s+at /
    );
    expect(result.stderr).toMatch(/\n {2}fix: report it with the stack trace above\n$/);
  });
});
