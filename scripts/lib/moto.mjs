// Starts moto server (the open-source AWS emulator) on a free loopback port and stops it again.
// Used by the test runner, the demo and the benchmark. Only ever binds and talks to 127.0.0.1.
// `ensureMoto` finds a Python that has moto, or installs it into a project-local virtual
// environment (.venv-moto/, ignored by git) where Python's package index is reachable.
//
//   node scripts/lib/moto.mjs ensure     the same set-up on its own (.ci/run), one line out
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HOST = '127.0.0.1';
/** The moto the project is tested with; the venv gets exactly this. */
const MOTO_REQUIREMENT = 'moto[server]==5.2.1';
/** How a person gets moto when the automatic set-up cannot. */
const HOW_TO_GET_MOTO = `pip install '${MOTO_REQUIREMENT}' (or set MOTO_PYTHON to a Python that has it)`;

/** A set-up failure whose message is the one line to show (callers print it without a stack). */
class MotoSetupError extends Error {
  name = 'MotoSetupError';
}

/** Asks the kernel for a free port on loopback. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function motoAvailable(python) {
  const probe = spawnSync(python, ['-c', 'import moto, flask, flask_cors; print(moto.__version__)'], {
    encoding: 'utf8',
  });
  return probe.status === 0 ? probe.stdout.trim() : null;
}

const PIP_QUICK = ['--disable-pip-version-check', '--no-input', '--retries', '1', '--timeout', '15'];

/**
 * Whether the package index `python`'s pip would use offers the pinned moto: true/false, or null
 * when that pip cannot tell (no pip, or one without `pip index`).
 */
function indexOffersMoto(python) {
  const probe = spawnSync(python, ['-m', 'pip', 'index', 'versions', 'moto', ...PIP_QUICK], { encoding: 'utf8' });
  if (probe.status !== 0 && /No module named pip|unknown command/i.test(`${probe.stdout}${probe.stderr}`)) return null;
  const version = MOTO_REQUIREMENT.split('==')[1] ?? '';
  return probe.status === 0 && probe.stdout.split(/[\s,]+/).includes(version);
}

/** The last line of pip's output that says what went wrong, kept short. */
function pipReason(output) {
  if (
    /Could not find a version|No matching distribution|NewConnectionError|Connection refused|Max retries|Name or service not known|Temporary failure in name resolution|timed out/i.test(
      output
    )
  ) {
    return "Python's package index is not reachable from here";
  }
  const line =
    output
      .split('\n')
      .filter((text) => /ERROR/.test(text))
      .pop() ?? 'pip failed';
  return line.trim().slice(0, 160);
}

/**
 * Resolves `{ python, version, installed }` for a Python that can run moto server:
 * `MOTO_PYTHON` (default python3) when it has moto, else the project's venv (`NETFIX_MOTO_VENV`,
 * default .venv-moto), created and filled with pip when missing. Throws MotoSetupError with one
 * line when that cannot be done (no Python, no venv module, no reachable package index).
 * pip reads its usual settings (PIP_INDEX_URL, pip.conf); it gets short time-outs so an
 * unreachable index fails in seconds, not minutes.
 */
function ensureMoto({ log = (line) => console.error(line) } = {}) {
  const base = process.env.MOTO_PYTHON || 'python3';
  const baseVersion = motoAvailable(base);
  if (baseVersion) return { python: base, version: baseVersion, installed: false };

  const venv = resolve(process.env.NETFIX_MOTO_VENV || '.venv-moto');
  const venvPython = join(venv, 'bin', 'python');
  if (existsSync(venvPython)) {
    const venvVersion = motoAvailable(venvPython);
    if (venvVersion) return { python: venvPython, version: venvVersion, installed: false };
  }

  if (spawnSync(base, ['--version'], { encoding: 'utf8' }).status !== 0) {
    throw new MotoSetupError(`moto is needed and ${base} is not there: install Python 3, then ${HOW_TO_GET_MOTO}`);
  }
  // Ask the index first (a few seconds) so an unreachable one stops before a venv is made.
  const offered = indexOffersMoto(base);
  if (offered === false) {
    throw new MotoSetupError(`moto is missing and Python's package index is not reachable from here: ${HOW_TO_GET_MOTO}`);
  }
  log(`moto is not installed for ${base}: installing ${MOTO_REQUIREMENT} into ${venv} …`);
  const logDir = resolve('.moto');
  mkdirSync(logDir, { recursive: true });
  const pipLog = join(logDir, 'pip-install.log');
  rmSync(venv, { recursive: true, force: true });
  const created = spawnSync(base, ['-m', 'venv', venv], { encoding: 'utf8' });
  if (created.status !== 0) {
    rmSync(venv, { recursive: true, force: true });
    const reason = (created.stderr || created.stdout || '').trim().split('\n').pop() ?? '';
    throw new MotoSetupError(`moto is missing and ${base} -m venv failed (${reason.slice(0, 120)}): ${HOW_TO_GET_MOTO}`);
  }
  const pip = spawnSync(venvPython, ['-m', 'pip', 'install', ...PIP_QUICK, MOTO_REQUIREMENT], {
    encoding: 'utf8',
    env: { ...process.env, PIP_REQUIRE_VIRTUALENV: 'false' },
  });
  writeFileSync(pipLog, `${pip.stdout ?? ''}${pip.stderr ?? ''}`);
  const version = pip.status === 0 ? motoAvailable(venvPython) : null;
  if (!version) {
    rmSync(venv, { recursive: true, force: true });
    throw new MotoSetupError(
      `moto is missing and could not be installed (${pipReason(`${pip.stdout}${pip.stderr}`)}; pip's log: ${pipLog}): ${HOW_TO_GET_MOTO}`
    );
  }
  return { python: venvPython, version, installed: true };
}

/**
 * `ensureMoto` for the project's scripts: on failure prints its one line (prefixed with the
 * script's name) and exits 1, before anything is built.
 */
function ensureMotoOrExit(prefix) {
  try {
    return ensureMoto({ log: (line) => console.error(`${prefix}: ${line}`) });
  } catch (error) {
    if (!(error instanceof MotoSetupError)) throw error;
    console.error(`${prefix}: ${error.message}`);
    process.exit(1);
  }
}

async function waitUntilReady(url, child, logFile) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`moto exited with code ${child.exitCode}; see ${logFile}`);
    }
    try {
      const response = await fetch(`${url}/moto-api/config`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`moto did not answer on ${url} within 60 s; see ${logFile}`);
}

/**
 * Starts moto and resolves to `{ url, port, version, stop() }`. `setup` is what `ensureMoto`
 * returned (called here when not given).
 */
async function startMoto({ logDir = '.moto', quiet = false, detached = false, setup = ensureMoto() } = {}) {
  const { python, version } = setup;
  const port = await freePort();
  mkdirSync(logDir, { recursive: true });
  const logFile = `${logDir}/moto-${port}.log`;
  const log = openSync(logFile, 'w');
  // moto runs botocore: an inherited AWS_PROFILE (even empty) or endpoint would misdirect it.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
  // moto's own server, with DynamoDB's conditional writes made atomic as they are in AWS (see
  // moto_atomic_server.py: plain moto let two incident leaders win one race on a busy machine).
  const launcher = fileURLToPath(new URL('./moto_atomic_server.py', import.meta.url));
  const child = spawn(python, [launcher, '-H', HOST, '-p', String(port)], {
    env: { ...env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
    stdio: ['ignore', log, log],
    // `--keep` in the demo leaves moto running after the demo exits.
    detached,
  });
  if (detached) child.unref();
  const url = `http://${HOST}:${port}`;
  try {
    await waitUntilReady(url, child, logFile);
  } catch (error) {
    // A moto that never answered must not outlive the run that started it.
    child.kill('SIGKILL');
    throw error;
  }
  if (!quiet) console.error(`moto ${version} listening on ${url} (log: ${logFile})`);
  let stopped = false;
  const stop = () =>
    new Promise((resolve) => {
      if (stopped || child.exitCode !== null) return resolve();
      stopped = true;
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    });
  return { url, port, version, logFile, stop, child };
}

/** The environment that points the AWS SDK at moto. */
function motoEnv(url, region = 'eu-west-1') {
  return {
    AWS_ENDPOINT_URL: url,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_SESSION_TOKEN: '',
    AWS_PROFILE: '',
    AWS_EC2_METADATA_DISABLED: 'true',
    // The tests run on Node 20 on purpose (docs/testing.md, "Node versions"); the SDK's notice about Node 22 is noise here.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

export { MOTO_REQUIREMENT, MotoSetupError, ensureMoto, ensureMotoOrExit, freePort, motoEnv, startMoto };

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url) && process.argv[2] === 'ensure') {
  const { python, version } = ensureMotoOrExit('moto');
  console.log(`moto ${version} (${python})`);
}
