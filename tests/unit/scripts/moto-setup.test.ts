/**
 * The set-up path of `npm test` and `npm run demo` on a machine without moto
 * (scripts/lib/moto.mjs ensureMoto): with the package index out of reach they stop at once, before
 * building anything, with one line that says how to get moto, and leave no half-made venv.
 * The "index" is a closed port on 127.0.0.1; the Python is python3 that pretends moto is missing.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { useTempDirs } from '../../helpers/temp-dir.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const HOW_TO = "pip install 'moto[server]==5.2.1' (or set MOTO_PYTHON to a Python that has it)";
const makeTempDir = useTempDirs();

/** A loopback port nothing listens on: connections are refused at once. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

let indexUrl = '';
beforeAll(async () => {
  indexUrl = `http://127.0.0.1:${await closedPort()}/simple`;
});

/** python3 for everything except the probe for moto, which fails as on a machine without it. */
function pythonWithoutMoto(dir: string): string {
  const file = join(dir, 'python-without-moto');
  writeFileSync(file, '#!/bin/sh\ncase "$*" in *"import moto"*) exit 1;; esac\nexec python3 "$@"\n');
  chmodSync(file, 0o755);
  return file;
}

function runScript(args: string[], python: string, venv: string) {
  const result = spawnSync(process.execPath, args, {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 90_000,
    // pip's own settings only from here: no config file, no local wheels, the closed index.
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      TMPDIR: process.env.TMPDIR ?? '',
      MOTO_PYTHON: python,
      NETFIX_MOTO_VENV: venv,
      PIP_CONFIG_FILE: '/dev/null',
      PIP_INDEX_URL: indexUrl,
    },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('moto set-up without moto and without a reachable package index', () => {
  it('stops with one line saying how to get moto, and makes no venv', () => {
    const dir = makeTempDir('netfix-moto-setup-');
    const venv = join(dir, 'venv');

    const result = runScript(['scripts/lib/moto.mjs', 'ensure'], pythonWithoutMoto(dir), venv);

    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`moto: moto is missing and Python's package index is not reachable from here: ${HOW_TO}\n`);
    expect(existsSync(venv)).toBe(false);
  }, 90_000);

  it('stops npm test before the build when the run needs moto', () => {
    const dir = makeTempDir('netfix-moto-setup-');

    const result = runScript(['scripts/test.mjs', '--selectProjects', 'integration'], pythonWithoutMoto(dir), join(dir, 'venv'));

    // One line and nothing else: no build, typecheck or jest output came before it.
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`npm test: moto is missing and Python's package index is not reachable from here: ${HOW_TO}\n`);
  }, 90_000);

  it('stops the demo before the build', () => {
    const dir = makeTempDir('netfix-moto-setup-');

    const result = runScript(['scripts/demo.mjs'], pythonWithoutMoto(dir), join(dir, 'venv'));

    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`demo: moto is missing and Python's package index is not reachable from here: ${HOW_TO}\n`);
  }, 90_000);

  it('names the missing Python when there is none', () => {
    const dir = makeTempDir('netfix-moto-setup-');

    const result = runScript(['scripts/lib/moto.mjs', 'ensure'], join(dir, 'no-python'), join(dir, 'venv'));

    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `moto: moto is needed and ${join(dir, 'no-python')} is not there: install Python 3, then ${HOW_TO}\n`
    );
  }, 90_000);
});
