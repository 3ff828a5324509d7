/**
 * Every CLI command, in the order `ecs-netfix --help` lists them.
 * To add a command: write `commands/<name>.ts` exporting a CliCommand, and add it here.
 */
import type { CliCommand } from './command.js';
import { checkCommand } from './commands/check.js';
import { classifyCommand } from './commands/classify.js';
import { diagnoseCommand } from './commands/diagnose.js';
import { invokeCommand } from './commands/invoke.js';
import { resourcesCommand } from './commands/resources.js';
import { rollbackCommand } from './commands/rollback.js';
import { scanCommand } from './commands/scan.js';

const COMMANDS: readonly CliCommand[] = [
  diagnoseCommand,
  invokeCommand,
  checkCommand,
  scanCommand,
  resourcesCommand,
  rollbackCommand,
  classifyCommand,
];

export { COMMANDS };
