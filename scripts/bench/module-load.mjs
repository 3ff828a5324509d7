// Module load time and memory of the bundle: interleaved A/B runs of `node -e "import(bundle)"`
// against bare `node -e 0`, wall time by hrtime around spawnSync; the median difference is what
// the import adds to a cold start. RSS: each child prints process.memoryUsage().rss.
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

function timedRun(code) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`node -e failed: ${result.stderr}`);
  return { ms, rss: Number(result.stdout.trim()) };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function measureModuleLoad(bundle = 'dist/remediate/index.mjs', runs = 21) {
  const url = pathToFileURL(bundle).href;
  // The function's environment, so the cold start's loadConfig succeeds as in Lambda.
  const withBundle = `import(${JSON.stringify(url)}).then(() => console.log(process.memoryUsage().rss))`;
  const bare = 'console.log(process.memoryUsage().rss)';
  timedRun(bare); // warm the file cache
  timedRun(withBundle);
  const a = [];
  const b = [];
  for (let run = 0; run < runs; run += 1) {
    // Interleaved, alternating which goes first, so drift hits both sides alike.
    if (run % 2 === 0) {
      b.push(timedRun(bare));
      a.push(timedRun(withBundle));
    } else {
      a.push(timedRun(withBundle));
      b.push(timedRun(bare));
    }
  }
  const diffs = a.map((sample, index) => sample.ms - b[index].ms);
  return {
    runs,
    importMedianMs: median(a.map((sample) => sample.ms)),
    bareMedianMs: median(b.map((sample) => sample.ms)),
    addedMedianMs: median(diffs),
    addedRssMb: (median(a.map((sample) => sample.rss)) - median(b.map((sample) => sample.rss))) / 2 ** 20,
    bareRssMb: median(b.map((sample) => sample.rss)) / 2 ** 20,
  };
}

export { measureModuleLoad };
