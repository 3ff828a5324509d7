// The README's test command (`npm test`): installs if needed, builds the bundles, typechecks the
// code and the tests, starts moto on a free loopback port, runs every test project, prints one
// closing line and stops moto.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { motoEnv, startMoto } from './lib/moto.mjs';

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  return result.status ?? 1;
}

if (!existsSync('node_modules/.package-lock.json')) {
  if (run('npm', ['ci', '--no-audit', '--no-fund']) !== 0) process.exit(1);
}
if (run('node', ['esbuild.config.mjs']) !== 0) process.exit(1);
if (run('npx', ['tsc', '--noEmit', '-p', '.']) !== 0) {
  console.error('typecheck failed');
  process.exit(1);
}

const moto = await startMoto();
let status = 1;
const resultsFile = '.moto/vitest-results.json';
try {
  rmSync(resultsFile, { force: true });
  const extra = process.argv.slice(2);
  status = run(
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${resultsFile}`, ...extra],
    { ...process.env, ...motoEnv(moto.url), NETFIX_MOTO_URL: moto.url }
  );
} finally {
  await moto.stop();
}
if (existsSync(resultsFile)) {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  const skipped = results.numPendingTests + results.numTodoTests;
  console.log(
    `${results.numPassedTests} passed, ${results.numFailedTests} failed` +
      (skipped > 0 ? `, ${skipped} skipped` : '')
  );
  if (results.numTotalTests === 0) status = 1;
}
process.exit(status);
