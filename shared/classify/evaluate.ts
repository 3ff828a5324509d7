import type { Category, Classification } from './classification.js';
import { CATEGORIES, isNetworkCategory } from './classification.js';

/**
 * Scores the classifier against labelled stop reasons: accuracy, per-category precision and
 * recall, and the one number that must stay at zero: "unsafe", a reason labelled as not a network
 * problem that the classifier calls endpoint-fixable (ecs-netfix would create endpoints for it).
 *
 * A prediction counts as right when it equals the label or the row's second acceptable label
 * (`alt`), set only where the text itself cannot decide (see tests/fixtures/reasons/LABELLING.md).
 * Pure: the caller passes the classify function, so the CLI, the bench and the tests share it.
 */

interface LabelledReason {
  text: string;
  label: Category;
  alt?: Category;
  /** `dev` or `heldout` in the project's corpus; other files may leave it out. */
  split?: string;
}

const isCategory = (value: unknown): value is Category =>
  typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);

/**
 * Reads a JSON array of `{ text, label, alt?, split? }` rows (the shape of public-reasons.json).
 * Returns the rows, or the first problem in words (row number, field) for a usage error.
 */
function parseLabelledReasons(value: unknown): { rows: LabelledReason[] } | { problem: string } {
  if (!Array.isArray(value)) {
    return { problem: 'expected a JSON array of { "text", "label", "alt"? } objects' };
  }
  const rows: LabelledReason[] = [];
  for (const [index, item] of value.entries()) {
    const where = `row ${index + 1}`;
    if (item === null || typeof item !== 'object') return { problem: `${where} is not an object` };
    const record = item as Record<string, unknown>;
    if (typeof record.text !== 'string') return { problem: `${where} has no "text" string` };
    if (!isCategory(record.label)) return { problem: `${where}: "label" must be one of ${CATEGORIES.join(', ')}` };
    if (record.alt !== undefined && !isCategory(record.alt)) return { problem: `${where}: "alt" must be one of the categories` };
    rows.push({
      text: record.text,
      label: record.label,
      ...(record.alt === undefined ? {} : { alt: record.alt }),
      ...(typeof record.split === 'string' ? { split: record.split } : {}),
    });
  }
  return { rows };
}

interface CategoryScore {
  category: Category;
  /** Rows whose accepted truth is this category. */
  support: number;
  /** Rows the classifier put in this category. */
  predicted: number;
  truePositives: number;
  /** `null` when nothing was predicted (precision undefined), likewise recall with no support. */
  precision: number | null;
  recall: number | null;
}

interface Miss {
  text: string;
  label: Category;
  alt: Category | null;
  predicted: Category;
  endpointFixable: boolean;
}

interface Evaluation {
  total: number;
  correct: number;
  /** correct / total; 0 for an empty input. */
  accuracy: number;
  /** Non-network label, endpoint-fixable verdict. */
  unsafe: Miss[];
  misses: Miss[];
  perCategory: CategoryScore[];
}

/** The truth a prediction is scored against: the alt when the classifier chose it, else the label. */
function acceptedTruth(row: LabelledReason, predicted: Category): Category {
  return row.alt !== undefined && predicted === row.alt ? row.alt : row.label;
}

function evaluateClassifier(rows: readonly LabelledReason[], classify: (text: string) => Classification): Evaluation {
  const support = new Map<Category, number>();
  const predictedCount = new Map<Category, number>();
  const hits = new Map<Category, number>();
  const misses: Miss[] = [];
  const unsafe: Miss[] = [];
  for (const row of rows) {
    const classification = classify(row.text);
    const predicted = classification.category;
    const truth = acceptedTruth(row, predicted);
    support.set(truth, (support.get(truth) ?? 0) + 1);
    predictedCount.set(predicted, (predictedCount.get(predicted) ?? 0) + 1);
    const miss: Miss = {
      text: row.text,
      label: row.label,
      alt: row.alt ?? null,
      predicted,
      endpointFixable: classification.endpointFixable,
    };
    if (predicted === truth) {
      hits.set(truth, (hits.get(truth) ?? 0) + 1);
    } else {
      misses.push(miss);
    }
    if (classification.endpointFixable && !isNetworkCategory(row.label)) {
      unsafe.push(miss);
    }
  }
  const perCategory = CATEGORIES.map((category): CategoryScore => {
    const truePositives = hits.get(category) ?? 0;
    const categorySupport = support.get(category) ?? 0;
    const categoryPredicted = predictedCount.get(category) ?? 0;
    return {
      category,
      support: categorySupport,
      predicted: categoryPredicted,
      truePositives,
      precision: categoryPredicted === 0 ? null : truePositives / categoryPredicted,
      recall: categorySupport === 0 ? null : truePositives / categorySupport,
    };
  });
  const correct = rows.length - misses.length;
  return {
    total: rows.length,
    correct,
    accuracy: rows.length === 0 ? 0 : correct / rows.length,
    unsafe,
    misses,
    perCategory,
  };
}

const percent = (value: number | null): string => (value === null ? '-' : `${(value * 100).toFixed(1)} %`);

/** Plain-text summary lines (no colour): used by `classify --stats` and `npm run bench`. */
function formatEvaluation(evaluation: Evaluation, title: string): string[] {
  const lines = [
    `${title}: ${evaluation.correct}/${evaluation.total} right, accuracy ${percent(evaluation.accuracy)}, unsafe ${evaluation.unsafe.length}`,
    `  ${'category'.padEnd(28)} ${'support'.padStart(7)} ${'predicted'.padStart(9)} ${'precision'.padStart(9)} ${'recall'.padStart(9)}`,
  ];
  for (const score of evaluation.perCategory) {
    if (score.support === 0 && score.predicted === 0) continue;
    lines.push(
      `  ${score.category.padEnd(28)} ${String(score.support).padStart(7)} ${String(score.predicted).padStart(9)} ${percent(score.precision).padStart(9)} ${percent(score.recall).padStart(9)}`
    );
  }
  return lines;
}

export { evaluateClassifier, formatEvaluation, parseLabelledReasons };
export type { Evaluation };
