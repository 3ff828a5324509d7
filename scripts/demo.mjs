// `npm run demo`: the incident this project exists for, played on a local AWS (moto) through the
// real built Lambda bundle. Does its own set-up (moto into .venv-moto when it is missing, npm ci on
// the first run, the build, moto on a free loopback port) and leaves nothing running unless
// `--keep` is given. Without moto and without a reachable package index it stops at once, with
// one line saying how to get moto, before building anything.
//
//   npm run demo                                  the default scenario (private subnets, no endpoints)
//   npm run demo -- --scenario public-registry    a Docker Hub image: no endpoint helps
//   npm run demo -- --scenario multi-account      a hub fixes a member account's VPC (issue 15)
//   npm run demo -- --list                        every scenario
//   npm run demo -- --keep                        stop before the fix, leave moto running with the broken
//                                                 world and print the commands to try on it
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ensureMotoOrExit, motoEnv, startMoto } from './lib/moto.mjs';

const args = process.argv.slice(2);
const keep = args.includes('--keep');

function step(command, commandArgs, what) {
  const result = spawnSync(command, commandArgs, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    console.error(`demo: ${what} failed (exit ${result.status})`);
    process.exit(1);
  }
}

const listOnly = args.includes('--list') || args.includes('--help') || args.includes('-h');
const motoSetup = listOnly ? null : ensureMotoOrExit('demo');
if (!existsSync('node_modules/.package-lock.json')) {
  console.error('demo: first run, installing dependencies (npm ci)…');
  step('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], 'npm ci');
}
const runner = ['--import', 'tsx', 'scripts/demo/run-demo.ts', ...args];
if (listOnly) {
  const listed = spawnSync(process.execPath, runner, { stdio: 'inherit' });
  process.exit(listed.status ?? 1);
}
step('node', ['esbuild.config.mjs'], 'the build');

const moto = await startMoto({ quiet: true, detached: keep, setup: motoSetup });
let status = 1;
try {
  const result = spawnSync(process.execPath, runner, {
    stdio: 'inherit',
    env: { ...process.env, ...motoEnv(moto.url, 'ap-northeast-2'), NETFIX_MOTO_URL: moto.url },
  });
  status = result.status ?? 1;
} finally {
  if (keep) {
    // The commands to try (with the export that points the CLI here) are printed above by the demo.
    console.log(`\nmoto keeps running on ${moto.url} (pid ${moto.child.pid}, log ${moto.logFile}).`);
    console.log(`Stop it with: kill ${moto.child.pid}`);
  } else {
    await moto.stop();
  }
}
process.exit(status);
