/**
 * Every CLI command, in the order `ecs-netfix --help` lists them.
 * To add a command: write `commands/<name>.ts` exporting a CliCommand, and add it here.
 */
import type { CliCommand } from './command.js';
import { classifyCommand } from './commands/classify.js';

const COMMANDS: readonly CliCommand[] = [classifyCommand];

export { COMMANDS };
