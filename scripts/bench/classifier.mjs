// Classifier accuracy for `npm run bench`: runs the built CLI (`dist/cli/index.mjs classify --stats`)
// over the labelled public corpus (tests/fixtures/reasons/public-reasons.json), held-out half first.
// The held-out half was never used for tuning (see tests/fixtures/reasons/LABELLING.md), so its
// accuracy is the honest figure; the dev half and the whole corpus are printed for context.
// Budgets (from issue 14): held-out accuracy >= 95 %, unsafe (non-network label called
// endpoint-fixable) = 0 over every row. Returns the number of broken budgets.
import { spawnSync } from 'node:child_process';

const CORPUS = 'tests/fixtures/reasons/public-reasons.json';
const TARGET_ACCURACY = 0.95;

function stats(split) {
  const args = ['dist/cli/index.mjs', 'classify', '--stats', CORPUS, '--json', ...(split === null ? [] : ['--split', split])];
  const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
  // Exit 1 means "unsafe > 0": the figures are still printed and the budget row reports it.
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`classify --stats failed (exit ${result.status}): ${result.stderr}`);
  }
  return JSON.parse(result.stdout);
}

const pct = (value) => (value === null ? '-' : `${(value * 100).toFixed(1)} %`);

function benchClassifier({ section, rows }) {
  section(`Classifier on the labelled public corpus (${CORPUS}, built CLI classify --stats)`);
  const heldOut = stats('heldout');
  const dev = stats('dev');
  const all = stats(null);
  for (const [name, figures] of [
    ['held-out', heldOut],
    ['dev (tuned on)', dev],
    ['all', all],
  ]) {
    console.log(
      `${name.padEnd(15)} ${figures.correct}/${figures.total} right, accuracy ${pct(figures.accuracy)}, unsafe ${figures.unsafe}`
    );
  }
  console.log('\nHeld-out half, per category (support = rows of that label, predicted = rows given that label):');
  console.log(
    `  ${'category'.padEnd(28)} ${'support'.padStart(7)} ${'predicted'.padStart(9)} ${'precision'.padStart(9)} ${'recall'.padStart(9)}`
  );
  for (const score of heldOut.perCategory) {
    console.log(
      `  ${score.category.padEnd(28)} ${String(score.support).padStart(7)} ${String(score.predicted).padStart(9)} ${pct(score.precision).padStart(9)} ${pct(score.recall).padStart(9)}`
    );
  }
  if (heldOut.misses.length > 0) {
    console.log(`\nHeld-out misses (${heldOut.misses.length}):`);
    for (const miss of heldOut.misses) {
      console.log(
        `  ${miss.label}${miss.alt ? `|${miss.alt}` : ''} -> ${miss.predicted}: ${miss.text.slice(0, 140).replace(/\s+/g, ' ')}`
      );
    }
  }
  let broken = 0;
  const accuracyOk = heldOut.accuracy >= TARGET_ACCURACY;
  const unsafeOk = all.unsafe === 0;
  if (!accuracyOk) broken += 1;
  if (!unsafeOk) broken += 1;
  rows.push(['classifier held-out accuracy', pct(heldOut.accuracy), `>= ${pct(TARGET_ACCURACY)}`, accuracyOk ? 'ok' : 'UNDER']);
  rows.push(['classifier unsafe (all rows)', String(all.unsafe), '0', unsafeOk ? 'ok' : 'OVER']);
  return broken;
}

export { benchClassifier };
