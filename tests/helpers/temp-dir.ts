/**
 * Temp folders for tests, always removed: `npm test` fails when a run leaves anything in the temp
 * directory (scripts/test.mjs gives the tests a temp directory of their own and checks it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from '@jest/globals';

/**
 * Call once at the top of a test file; returns `makeTempDir(prefix)`, whose folders are removed
 * after each test, passed or failed.
 */
function useTempDirs(): (prefix: string) => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return (prefix) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}

/** Runs `use` with a fresh temp folder and removes the folder afterwards, whatever happens. */
function withTempDir<T>(prefix: string, use: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    return use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export { useTempDirs, withTempDir };
