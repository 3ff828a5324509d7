/** A command line the CLI cannot run: printed as one line, exit code 2, never a stack trace. */
import { NetfixError } from '../errors.js';

class UsageError extends NetfixError {
  /** The command whose usage was wrong, so the hint can point to its `--help`. */
  public readonly command: string | null;

  public constructor(message: string, command: string | null = null) {
    super(message, command === null ? undefined : { resource: command });
    this.name = 'UsageError';
    this.command = command;
  }
}

export { UsageError };
