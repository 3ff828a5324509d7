// The README's test command (`npm test`, docs/testing.md): sets up moto when the run needs it
// (before anything is built), installs node_modules if needed, builds the bundles, typechecks the
// code and the tests, starts moto on a free loopback port, runs the jest projects, checks that the
// tests left nothing in the temp directory, prints one closing line and stops moto.
//
//   npm test                                       every project
//   npm test -- --selectProjects unit              one project (no moto needed, none started)
//   npm test -- tests/integration/lambda --selectProjects integration
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ensureMotoOrExit, motoEnv, startMoto } from './lib/moto.mjs';
import { planTestRun } from './lib/test-args.mjs';

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  return result.status ?? 1;
}

function filesUnder(dir) {
  return readdirSync(dir, { recursive: true })
    .map((name) => resolve(dir, String(name)))
    .filter((file) => file.endsWith('.test.ts'));
}

const plan = planTestRun(process.argv.slice(2), filesUnder('tests/integration'));
// Before anything is built: a missing moto stops the run at once with one line.
const motoSetup = plan.needsMoto ? ensureMotoOrExit('npm test') : null;

if (!existsSync('node_modules/.package-lock.json')) {
  if (run('npm', ['ci', '--no-audit', '--no-fund']) !== 0) process.exit(1);
}
if (run('node', ['esbuild.config.mjs']) !== 0) process.exit(1);
if (run('npx', ['tsc', '--noEmit', '-p', '.']) !== 0) {
  console.error('typecheck failed');
  process.exit(1);
}

// The tests' temp directory: their own, so what they leave behind is theirs alone (other
// programs on the machine keep writing to the shared one) and nothing piles up between runs.
const testTmp = mkdtempSync(join(tmpdir(), 'ecs-netfix-test-'));
const resultsFile = '.moto/jest-results.json';
// A fresh clone has no .moto/ yet when no moto project runs (unit only): jest would not create it.
mkdirSync(dirname(resultsFile), { recursive: true });
rmSync(resultsFile, { force: true });
const moto = motoSetup ? await startMoto({ setup: motoSetup }) : null;
let status = 1;
try {
  // TSX_DISABLE_CACHE: the demo's tsx keeps its cache in memory, not as a folder in testTmp.
  const env = { ...process.env, TMPDIR: testTmp, TMP: testTmp, TEMP: testTmp, TSX_DISABLE_CACHE: '1' };
  if (moto) Object.assign(env, motoEnv(moto.url), { NETFIX_MOTO_URL: moto.url });
  status = run(
    process.execPath,
    [
      // jest runs the TypeScript as native ES modules (docs/testing.md); the flag's notice is noise.
      '--experimental-vm-modules',
      '--disable-warning=ExperimentalWarning',
      'node_modules/jest/bin/jest.js',
      '--json',
      `--outputFile=${resultsFile}`,
      ...plan.jestArgs,
    ],
    env
  );
} finally {
  await moto?.stop();
}

const leftovers = readdirSync(testTmp);
rmSync(testTmp, { recursive: true, force: true });
if (leftovers.length > 0) {
  console.error(
    `\nnpm test: the tests left ${leftovers.length} entr${leftovers.length === 1 ? 'y' : 'ies'} in the temp directory ` +
      `(removed now; every test must remove what it makes): ${leftovers.join(', ')}`
  );
  status = 1;
}

if (!existsSync(resultsFile)) {
  console.error('npm test: jest wrote no results');
  process.exit(status === 0 ? 1 : status);
}
const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
// A file that fails to load counts as a failure (jest counts no test in it).
const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
const skipped = results.numPendingTests + results.numTodoTests;
console.log(`${results.numPassedTests} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
if (results.numTotalTests === 0 || failed > 0) status = status || 1;
process.exit(status);
