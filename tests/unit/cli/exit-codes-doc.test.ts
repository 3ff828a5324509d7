/**
 * One exit-code table: the one in shared/cli/exit-codes.ts, printed by every command's --help and
 * copied in docs/cli.md. A change to one without the others fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { COMMANDS } from '../../../shared/cli/command-table.js';
import { EXIT_CODE_TABLE } from '../../../shared/cli/exit-codes.js';
import { runInMemory } from './run-in-memory.js';

/** `| diagnose | 0 | 1 | 2 |` rows of the exit-code table in docs/cli.md. */
function documentedTable(): Map<string, string[]> {
  const doc = readFileSync(new URL('../../../docs/cli.md', import.meta.url), 'utf8');
  const start = doc.indexOf('## Exit codes');
  const next = doc.indexOf('\n## ', start + 1);
  // Only that section: later tables (JSON output, permissions) have rows of other shapes.
  const section = doc.slice(start, next === -1 ? undefined : next);
  const rows = new Map<string, string[]>();
  for (const line of section.split('\n')) {
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    const name = cells[0]?.replace(/`/g, '');
    if (cells.length === 4 && name !== undefined && name !== 'command' && !name.startsWith('-')) rows.set(name, cells.slice(1));
  }
  return rows;
}

describe('exit codes', () => {
  it('has one meaning per code for every command, and docs/cli.md says the same', () => {
    const documented = documentedTable();
    expect([...documented.keys()].sort()).toEqual(COMMANDS.map((command) => command.name).sort());
    for (const command of COMMANDS) {
      expect({ command: command.name, meanings: documented.get(command.name) }).toEqual({
        command: command.name,
        meanings: EXIT_CODE_TABLE[command.name],
      });
    }
  });

  it("prints exactly that table in each command's --help, with no second rule", async () => {
    for (const command of COMMANDS) {
      const result = await runInMemory([command.name, '--help']);
      const section = result.stdout.slice(result.stdout.indexOf('Exit codes:'));
      const lines = section.trimEnd().split('\n').slice(1);
      expect({ command: command.name, lines }).toEqual({
        command: command.name,
        lines: (EXIT_CODE_TABLE[command.name] ?? []).map((meaning, code) => `  ${code}  ${meaning}`),
      });
    }
  });
});
