// `npm run bench`: the performance budget, measured. Does its own set-up (npm ci when
// node_modules is missing, the build, moto on a free loopback port, stopped at the end), prints
// every figure with how it was measured, a closing table, and exits 1 when a budget is broken.
// Time budgets are ratios measured in the same run, so they hold on a busy machine.
//
//   npm run bench                 everything (about 1-2 minutes)
//   npm run bench -- --no-aws     bundle and module-load figures only (no moto)
//   npm run bench -- --json F     also write the figures to F
//   npm run bench -- --fleet-only the multi-account scan figures only (issue 15; moto, several minutes)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { measureBundle } from './bench/bundle.mjs';
import { measureModuleLoad } from './bench/module-load.mjs';
import { ensureMotoOrExit, motoEnv, startMoto } from './lib/moto.mjs';

const args = process.argv.slice(2);
const withAws = !args.includes('--no-aws');
const fleetOnly = args.includes('--fleet-only');
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : null;

const BUDGETS = {
  bundleBytes: { limit: 900_000, stretch: 450_000 },
  // The bundle's import as a multiple of a bare `node` start, both measured in the same run
  // (interleaved, medians): a busy machine slows both alike, so the ratio holds where a
  // wall-clock limit fails. 3.0 and 2.25 are the former 80 ms and 50 ms over a ~40 ms bare start.
  moduleLoadRatio: { limit: 3, stretch: 2.25 },
  // From the issue: "at most 6 reads in at most 3 sequential rounds" for a healthy task.
  healthyReads: { limit: 6 },
  healthyRounds: { limit: 3 },
};

function step(command, commandArgs, what) {
  const result = spawnSync(command, commandArgs, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    console.error(`bench: ${what} failed (exit ${result.status})`);
    process.exit(1);
  }
}

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
const ms = (value) => `${value.toFixed(1)} ms`;
const rows = [];
let broken = 0;

/** One line of the closing table; `enforced: false` prints the gap without failing the run. */
function budgetRow(what, value, shown, limit, shownLimit, { stretch, enforced = true } = {}) {
  const ok = value <= limit;
  if (!ok && enforced) broken += 1;
  let verdict = ok ? 'ok' : enforced ? 'OVER' : 'over (not enforced)';
  if (ok && stretch !== undefined) verdict += value <= stretch ? ', stretch met' : ', stretch missed';
  rows.push([what, shown, shownLimit, verdict]);
}

function section(title) {
  console.log(`\n== ${title}`);
}

function machine() {
  const model = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  return {
    nproc: spawnSync('nproc', { encoding: 'utf8' }).stdout.trim() || String(cpus().length),
    cpu: model,
    memoryGb: (totalmem() / 2 ** 30).toFixed(1),
    freeGb: (freemem() / 2 ** 30).toFixed(1),
    node: process.version,
    loadAverage: loadavg()
      .map((value) => value.toFixed(2))
      .join(' '),
  };
}

// Before anything is built: a missing moto stops the run at once with one line.
const motoSetup = withAws ? ensureMotoOrExit('bench') : null;
if (!existsSync('node_modules/.package-lock.json')) {
  console.error('bench: node_modules is missing, installing (npm ci)…');
  step('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], 'npm ci');
}
step('node', ['esbuild.config.mjs'], 'the build');

const figures = { machine: machine() };
section('Machine');
const m = figures.machine;
console.log(
  `nproc ${m.nproc}, CPU ${m.cpu}, memory ${m.memoryGb} GiB (${m.freeGb} free), Node ${m.node}, load average ${m.loadAverage}`
);

if (!fleetOnly) {
  section('Bundle (dist/remediate/index.mjs, esbuild metafile dist/remediate/meta.json)');
  const bundle = measureBundle();
  figures.bundle = bundle;
  console.log(
    `size: ${bundle.bytes} bytes (${kb(bundle.bytes)}); budget ${kb(BUDGETS.bundleBytes.limit)}, stretch ${kb(BUDGETS.bundleBytes.stretch)}`
  );
  console.log(
    `bytes in the output from @aws-sdk/* and @smithy/*: ${kb(bundle.sdkBytes)}; from @aws-sdk/client-ec2: ${kb(bundle.ec2Bytes)} (${((100 * bundle.ec2Bytes) / bundle.bytes).toFixed(1)}% of the bundle); own code: ${kb(bundle.ownBytes)}`
  );
  console.log(
    `CommonJS SDK builds inside (inputs under @aws-sdk|@smithy/*/dist-cjs/): ${bundle.cjsInputs.length}${bundle.cjsInputs.length ? `\n  ${bundle.cjsInputs.slice(0, 10).join('\n  ')}` : ''}`
  );
  budgetRow('bundle size', bundle.bytes, kb(bundle.bytes), BUDGETS.bundleBytes.limit, `<= ${kb(BUDGETS.bundleBytes.limit)}`, {
    stretch: BUDGETS.bundleBytes.stretch,
  });
  budgetRow('CJS SDK builds in bundle', bundle.cjsInputs.length, String(bundle.cjsInputs.length), 0, '0');

  section('Module load (cold-start import cost)');
  const load = measureModuleLoad('dist/remediate/index.mjs', 21);
  figures.moduleLoad = load;
  console.log(
    `median over ${load.runs} interleaved pairs, wall time by hrtime around spawnSync: ` +
      `node -e "import('./dist/remediate/index.mjs')" ${ms(load.importMedianMs)}, bare node ${ms(load.bareMedianMs)}, ` +
      `added ${ms(load.addedMedianMs)} (median of the pairwise differences)`
  );
  const loadRatio = load.importMedianMs / load.bareMedianMs;
  console.log(
    `ratio: import ${loadRatio.toFixed(2)}x a bare node start (median / median, same run); ` +
      `budget <= ${BUDGETS.moduleLoadRatio.limit}x, stretch <= ${BUDGETS.moduleLoadRatio.stretch}x; the milliseconds are printed, not enforced`
  );
  console.log(
    `RSS added by the import: ${load.addedRssMb.toFixed(1)} MiB (process.memoryUsage().rss printed by each child; bare node ${load.bareRssMb.toFixed(1)} MiB)`
  );
  budgetRow(
    'module load / bare node',
    loadRatio,
    `${loadRatio.toFixed(2)}x`,
    BUDGETS.moduleLoadRatio.limit,
    `<= ${BUDGETS.moduleLoadRatio.limit}x`,
    {
      stretch: BUDGETS.moduleLoadRatio.stretch,
    }
  );
  rows.push(['module load added', ms(load.addedMedianMs), '-', `info (bare node ${ms(load.bareMedianMs)})`]);
  rows.push(['RSS added by import', `${load.addedRssMb.toFixed(1)} MiB`, '-', 'info']);
  broken += (await import('./bench/classifier.mjs')).benchClassifier({ section, rows });
}

if (withAws) {
  const moto = await startMoto({ quiet: true, setup: motoSetup });
  const out = '.moto/bench-scenarios.json';
  const childEnv = {
    ...process.env,
    ...motoEnv(moto.url, 'eu-west-1'),
    NETFIX_MOTO_URL: moto.url,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
    NODE_NO_WARNINGS: '1',
  };
  try {
    if (!fleetOnly) {
      rmSync(out, { force: true });
      section(`AWS calls and latency against moto ${moto.version} (${moto.url})`);
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bench/scenarios.ts', out], {
        stdio: ['ignore', 'inherit', 'inherit'],
        env: childEnv,
      });
      if (run.status !== 0 || !existsSync(out)) {
        console.error(`bench: the moto scenarios failed (exit ${run.status}); moto log: ${moto.logFile}`);
        broken += 1;
      } else {
        const aws = JSON.parse(readFileSync(out, 'utf8'));
        figures.aws = aws;
        printAws(aws);
      }
    }
    broken += (await import('./bench/fleet-report.mjs')).benchFleet({ section, rows, figures, env: childEnv, moto });
  } finally {
    await moto.stop();
  }
}

function printAws(aws) {
  console.log(
    `(${aws.calls.length} call profiles measured in-process with a timing middleware on every client; worlds built in ${ms(aws.worldsMs)})`
  );
  for (const profile of aws.calls) {
    console.log(`\n${profile.scenario} -> ${profile.outcome}`);
    console.log(
      `  calls: ${profile.total} in total (${profile.reads} AWS reads, ${profile.stateCalls} DynamoDB state calls, ${profile.writes} writes incl. SNS.Publish/EventBridge.PutEvents); the report's calls.total says ${profile.reportTotal}`
    );
    console.log(
      `  reads in ${profile.readRounds.length} sequential rounds: ${profile.readRounds.map((round, index) => `${index + 1}) ${round.join(' ')}`).join('  ')}`
    );
    console.log(`  sequential rounds of all calls: ${profile.allRounds}`);
    console.log(
      `  by operation: ${Object.entries(profile.byOperation)
        .map(([op, n]) => `${op} ${n}`)
        .join(', ')}`
    );
  }
  const healthy = aws.calls.find((profile) => profile.scenario.startsWith('healthy, warm'));
  const healthyCold = aws.calls.find((profile) => profile.scenario.startsWith('healthy, cold'));
  if (healthy) {
    console.log(
      `\nBudget "a healthy task: at most ${BUDGETS.healthyReads.limit} reads in at most ${BUDGETS.healthyRounds.limit} sequential rounds": ` +
        `measured ${healthy.reads} reads in ${healthy.readRounds.length} rounds in a warm container (${healthyCold?.reads} reads on a cold one). ` +
        'A cold container reads every VPC fact once per API; a warm one remembers subnets (15 min) and the VPC settings ' +
        '(attributes, DHCP servers, internet gateways: 60 s) and reads only what changes: routes, NAT gateways, endpoints, security groups, NACLs.'
    );
    budgetRow(
      'healthy task: reads',
      healthy.reads,
      String(healthy.reads),
      BUDGETS.healthyReads.limit,
      `<= ${BUDGETS.healthyReads.limit}`
    );
    budgetRow(
      'healthy task: read rounds',
      healthy.readRounds.length,
      String(healthy.readRounds.length),
      BUDGETS.healthyRounds.limit,
      `<= ${BUDGETS.healthyRounds.limit}`
    );
  }
  const apply = aws.calls.find((profile) => profile.scenario.startsWith('broken, apply'));
  const dry = aws.calls.find((profile) => profile.scenario.startsWith('broken, dry'));
  if (apply && healthy) {
    const extra = Object.entries(apply.byOperation)
      .map(([op, n]) => [op, n - (healthy.byOperation[op] ?? 0)])
      .filter(([, n]) => n > 0)
      .map(([op, n]) => `${op} +${n}`)
      .join(', ');
    console.log(`broken + apply adds to the healthy run: ${extra}`);
    rows.push(['calls/event healthy (warm)', String(healthy.total), '-', 'info']);
    if (dry) rows.push(['calls/event broken dry run', String(dry.total), '-', 'info']);
    rows.push(['calls/event broken apply', String(apply.total), '-', 'info']);
  }

  console.log(
    '\nHandler latency through the built bundle (ms measured around each handler call inside the child; moto, not AWS):'
  );
  for (const figure of aws.latencies) {
    console.log(
      `  ${figure.scenario}: first call ${ms(figure.firstMs)}, then median ${ms(figure.medianMs)}, p95 ${ms(figure.p95Ms)} over ${figure.samples} calls (${figure.how}); outcomes ${JSON.stringify(figure.outcomes)}`
    );
    rows.push([`latency ${figure.scenario}`, `p50 ${ms(figure.medianMs)} / p95 ${ms(figure.p95Ms)}`, '-', 'info (moto)']);
  }

  const burst = aws.burst;
  console.log(
    `\nBurst: ${burst.events} failures of one service, ${burst.processes} cold-started containers x ${burst.events / burst.processes} concurrent invocations, DRY_RUN=false, ALERT_COALESCE_SECONDS=${burst.coalesceSeconds}:`
  );
  console.log(
    `  wall ${ms(burst.wallMs)} from spawning the containers to the last result (includes cold starts and the leader's ${burst.coalesceSeconds} s wait) = ${burst.eventsPerSecond.toFixed(1)} events/s`
  );
  console.log(
    `  outcomes ${JSON.stringify(burst.outcomes)}, failed invocations ${burst.failedInvocations}; AWS calls (reports' calls.total) ${burst.totalCalls} = ${burst.callsPerEvent.toFixed(2)} per event; leader ${burst.leaderCalls?.total}, follower median ${burst.followerCallsMedian}`
  );
  console.log(
    `  alerts published: ${burst.alerts}; failure count in the alert: ${burst.alertFailureCount} (failures that reached the state table within the coalesce window)`
  );
  const burstOk = burst.failedInvocations === 0 && burst.alerts === 1 && (burst.outcomes.fixed ?? 0) === 1;
  if (!burstOk) broken += 1;
  rows.push([
    'burst events/s',
    burst.eventsPerSecond.toFixed(1),
    '-',
    burstOk ? 'info (one fix, one alert)' : 'OVER: burst not handled once',
  ]);
  rows.push(['burst calls/event', burst.callsPerEvent.toFixed(2), '-', 'info']);
}

section('Summary');
const widths = [0, 1, 2, 3].map((column) =>
  Math.max(...[['figure', 'value', 'budget', 'verdict'], ...rows].map((row) => row[column].length))
);
for (const row of [['figure', 'value', 'budget', 'verdict'], ...rows]) {
  console.log(row.map((cell, column) => cell.padEnd(widths[column])).join('  '));
}
figures.rows = rows;
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(figures, null, 2));
console.log(broken === 0 ? '\nbench: every enforced budget holds' : `\nbench: ${broken} budget(s) broken`);
process.exit(broken === 0 ? 0 : 1);
