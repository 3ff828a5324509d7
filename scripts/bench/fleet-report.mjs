// The multi-account scan figures (issue 15): runs scripts/bench/fleet.ts on moto and prints the
// calls per operation of `scan` over 50 accounts x 2 regions x 20 services, and how they grow with
// the services per account-region (10 -> 20) and with the accounts (25 -> 50), as ratios of
// counts measured in the same run. Returns how many enforced rules broke.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const PER_TASK = /(ListTasks|DescribeTasks)$/;

function perUnit(scan) {
  return scan.total / (scan.accounts * scan.regions);
}

export function benchFleet({ section, rows, figures, env, moto }) {
  const out = '.moto/bench-fleet.json';
  rmSync(out, { force: true });
  section(`Multi-account scan against moto ${moto.version} (issue 15: calls by operation, counted in-process)`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bench/fleet.ts', out], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env,
  });
  if (run.status !== 0 || !existsSync(out)) {
    console.error(`bench: the fleet scan failed (exit ${run.status}); moto log: ${moto.logFile}`);
    return 1;
  }
  const fleet = JSON.parse(readFileSync(out, 'utf8'));
  figures.fleet = fleet;
  return printFleet(fleet, rows);
}

/** Prints the figures of one fleet run and returns how many enforced rules broke. */
export function printFleet(fleet, rows) {
  console.log(
    `world: ${fleet.servicesBuilt} services built in ${(fleet.buildMs / 1000).toFixed(1)} s (one VPC per account-region, clusters c20 and c10 in it; moto, not AWS)`
  );
  let broken = 0;
  for (const scan of fleet.scans) {
    const units = scan.accounts * scan.regions;
    const batches = units * Math.ceil(scan.servicesPerAccountRegion / 10);
    const describeServices = scan.byOperation['ECS.DescribeServices'] ?? 0;
    const perTask = Object.entries(scan.byOperation)
      .filter(([op]) => PER_TASK.test(op))
      .reduce((sum, [, n]) => sum + n, 0);
    console.log(`\n${scan.label}: ${scan.services} services checked, ${scan.errors} account-regions not scanned`);
    console.log(
      `  calls: ${scan.total} in total = ${perUnit(scan).toFixed(2)} per account-region = ${(scan.total / scan.services).toFixed(3)} per service`
    );
    console.log(
      `  ECS.DescribeServices ${describeServices} (batches of 10: ${units} account-regions x ${Math.ceil(scan.servicesPerAccountRegion / 10)} = ${batches}); per-task calls (ListTasks/DescribeTasks): ${perTask}`
    );
    console.log(
      `  by operation: ${Object.entries(scan.byOperation)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([op, n]) => `${op} ${n}`)
        .join(', ')}`
    );
    const ok =
      describeServices === batches &&
      perTask === 0 &&
      scan.errors === 0 &&
      scan.services === units * scan.servicesPerAccountRegion;
    if (!ok) broken += 1;
    rows.push([`fleet: ${scan.label}`, `${scan.total} calls`, 'DescribeServices = batches, 0 per task', ok ? 'ok' : 'BROKEN']);
  }
  const [full, tenServices, halfAccounts] = fleet.scans;
  const unitsFull = full.accounts * full.regions;
  // Per account-region: calls = constant + perBatch x ceil(services / 10).
  const perBatch = perUnit(full) - perUnit(tenServices);
  const constant = perUnit(tenServices) - perBatch;
  const growthServices = full.total / tenServices.total;
  const growthAccounts = full.total / halfAccounts.total;
  console.log(`\nGrowth, 10 -> 20 services per account-region (x2.00 services): calls x${growthServices.toFixed(3)}`);
  const grown = Object.keys(full.byOperation)
    .map((op) => [op, (full.byOperation[op] ?? 0) - (tenServices.byOperation[op] ?? 0)])
    .filter(([, n]) => n !== 0)
    .map(([op, n]) => `${op} ${n > 0 ? '+' : ''}${n} (${(n / unitsFull).toFixed(2)} per account-region)`);
  console.log(`  the operations that grew: ${grown.join(', ') || 'none'}`);
  console.log(`  per account-region: ${constant.toFixed(2)} + ${perBatch.toFixed(2)} x ceil(services/10) calls`);
  console.log(
    `Growth, ${halfAccounts.accounts} -> ${full.accounts} accounts (x2.00 account-regions): calls x${growthAccounts.toFixed(3)}`
  );
  // Enforced on counts: the 10 services added per account-region cost less than one call each.
  const servicesOk = perBatch < 10;
  // Linear: the same calls per account-region at both sizes (a few per run, GetCallerIdentity and the S3 prefix lists, are shared).
  const perUnitDrift = Math.abs(perUnit(full) - perUnit(halfAccounts)) / perUnit(full);
  const accountsOk = perUnitDrift <= 0.05;
  console.log(
    `  per account-region: ${perUnit(halfAccounts).toFixed(2)} calls at ${halfAccounts.accounts} accounts, ${perUnit(full).toFixed(2)} at ${full.accounts} (${(100 * perUnitDrift).toFixed(1)}% apart)`
  );
  if (!servicesOk) broken += 1;
  if (!accountsOk) broken += 1;
  rows.push([
    'fleet: calls x (10 -> 20 services)',
    `x${growthServices.toFixed(3)}`,
    '< 1 call per added service',
    servicesOk ? `ok (+${perBatch.toFixed(2)} per 10 services)` : 'BROKEN',
  ]);
  rows.push([
    `fleet: calls x (${halfAccounts.accounts} -> ${full.accounts} accounts)`,
    `x${growthAccounts.toFixed(3)}`,
    'calls per account-region within 5%',
    accountsOk ? 'ok' : 'BROKEN',
  ]);
  return broken;
}
