/**
 * A one-line progress bar on stderr for long work (scan). Only on a terminal: pipes, files and
 * CI logs get nothing, so they never fill with carriage returns.
 */
import type { CliOutputStream } from './cli-io.js';

interface Progress {
  /** One more item done; `label` says which. */
  tick(label: string): void;
  /** Clears the line. */
  done(): void;
}

const WIDTH = 24;

function createProgress(stream: CliOutputStream, total: number, title: string): Progress {
  if (stream.isTTY !== true || total <= 0) return { tick: () => undefined, done: () => undefined };
  let completed = 0;
  const draw = (label: string) => {
    const filled = Math.round((completed / total) * WIDTH);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`;
    stream.write(`\r\u001b[2K${title} ${bar} ${completed}/${total} ${label.slice(0, 40)}`);
  };
  draw('');
  return {
    tick(label) {
      completed = Math.min(total, completed + 1);
      draw(label);
    },
    done() {
      stream.write('\r\u001b[2K');
    },
  };
}

export { createProgress };
