// Starts moto server (the open-source AWS emulator) on a free loopback port and stops it again.
// Used by the test runner, the demo and the benchmark. Only ever binds and talks to 127.0.0.1.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const HOST = '127.0.0.1';

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

async function waitUntilReady(url, child, logFile) {
  const deadline = Date.now() + 20_000;
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
  throw new Error(`moto did not answer on ${url} within 20 s; see ${logFile}`);
}

/**
 * Starts moto and resolves to `{ url, port, version, stop() }`.
 * `MOTO_PYTHON` picks the interpreter (default python3, which has moto on these machines).
 */
async function startMoto({ logDir = '.moto', quiet = false, detached = false } = {}) {
  const python = process.env.MOTO_PYTHON || 'python3';
  const version = motoAvailable(python);
  if (!version) {
    throw new Error(
      `moto is not installed for ${python}. Install it with: pip install 'moto[server]==5.2.1'`
    );
  }
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
  await waitUntilReady(url, child, logFile);
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
    // The tests run on Node 20 on purpose (see the README); the SDK's notice about Node 22 is noise here.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

export { freePort, motoEnv, startMoto };
