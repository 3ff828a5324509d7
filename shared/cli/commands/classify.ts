/**
 * `ecs-netfix classify [--json] [REASON]`: what a stop reason means, without AWS access.
 * With no REASON it reads one reason per line from stdin, so a team can replay a whole log.
 * `--stats FILE` scores the classifier on a file of labelled reasons instead (confusion summary).
 */
import { readFile } from 'node:fs/promises';
import { classifyStopReason } from '../../classify/classify.js';
import { evaluateClassifier, formatEvaluation, parseLabelledReasons } from '../../classify/evaluate.js';
import type { Evaluation } from '../../classify/evaluate.js';
import type { Classification } from '../../classify/classification.js';
import { alignColumns } from '../align-columns.js';
import type { Cell } from '../align-columns.js';
import type { CliCommand, CommandContext } from '../command.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { ExitCode } from '../exit-codes.js';
import { readLines } from '../read-lines.js';
import type { Style } from '../style.js';
import { UsageError } from '../../errors.js';

interface ClassifiedInput {
  input: string;
  classification: Classification;
}

const classifyCommand: CliCommand = {
  name: 'classify',
  summary: 'explain what an ECS stop reason means (offline, no AWS calls)',
  description: [
    'Classifies a stopped task reason (stoppedReason or a container reason): which service could',
    'not be reached, what the text proves, and whether a VPC endpoint can be the fix.',
    'With no REASON, reads one reason per line from stdin and skips blank lines.',
    'With --stats FILE, scores the classifier on labelled reasons: accuracy, precision and recall per',
    'category, the misses, and "unsafe" (a reason labelled not-network called endpoint-fixable; exit 1).',
  ].join('\n'),
  options: {
    json: {
      type: 'boolean',
      description: 'print one JSON object per reason: input, category, service, endpointFixable, evidence',
    },
    stats: {
      type: 'string',
      valueName: 'FILE',
      description:
        'score the classifier on a JSON array of { "text", "label", "alt"? } (e.g. tests/fixtures/reasons/public-reasons.json)',
    },
    split: {
      type: 'string',
      valueName: 'NAME',
      description: 'with --stats, only the rows whose "split" is NAME (dev or heldout)',
    },
  },
  arguments: [{ name: 'REASON', description: 'the stop reason text; quote it', required: false }],
  examples: [
    `ecs-netfix classify 'CannotPullContainerError: ... dial tcp 52.95.120.11:443: i/o timeout'`,
    `aws ecs describe-tasks ... --query 'tasks[].stoppedReason' --output text | ecs-netfix classify --json`,
    'ecs-netfix classify --stats tests/fixtures/reasons/public-reasons.json --split heldout',
  ],
  run: runClassify,
};

async function runClassify(context: CommandContext): Promise<ExitCode> {
  const { io, positionals, values } = context;
  if (typeof values.stats === 'string') return runStats(context, values.stats);
  if (values.split !== undefined) throw new UsageError('--split only goes with --stats FILE', 'classify');
  const reason = positionals[0];
  if (reason === undefined && io.stdin.isTTY === true) {
    throw new UsageError('give a REASON, or pipe reasons on stdin (one per line)', 'classify');
  }
  const inputs = reason === undefined ? (await readLines(io.stdin)).filter((line) => line.trim() !== '') : [reason];
  const results = inputs.map((input) => ({ input, classification: classifyStopReason(input) }));
  const lines = values.json === true ? results.map(formatJsonLine) : formatTable(results, context.style);
  for (const line of lines) io.stdout.write(`${line}\n`);
  return EXIT_CODES.ok;
}

/** Misses listed after the summary; the full list is in --json. */
const MAX_MISSES_SHOWN = 25;

async function runStats(context: CommandContext, file: string): Promise<ExitCode> {
  const { io, positionals, values } = context;
  if (positionals.length > 0) throw new UsageError('give either REASON or --stats FILE, not both', 'classify');
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch (error) {
    const reason = (error as { code?: string }).code ?? (error instanceof Error ? error.message.split('\n')[0] : 'unreadable');
    throw new UsageError(`cannot read --stats ${file} (${reason})`, 'classify');
  }
  const result = parseLabelledReasons(parsed);
  if ('problem' in result) throw new UsageError(`--stats ${file}: ${result.problem}`, 'classify');
  const split = typeof values.split === 'string' ? values.split : null;
  const rows = split === null ? result.rows : result.rows.filter((row) => row.split === split);
  if (rows.length === 0)
    throw new UsageError(`--stats ${file}: no rows${split === null ? '' : ` with split "${split}"`}`, 'classify');
  const evaluation = evaluateClassifier(rows, classifyStopReason);
  const lines =
    values.json === true
      ? [formatStatsJson(evaluation)]
      : formatStatsText(evaluation, split === null ? file : `${file} (${split})`);
  for (const line of lines) io.stdout.write(`${line}\n`);
  return evaluation.unsafe.length > 0 ? EXIT_CODES.problems : EXIT_CODES.ok;
}

function formatStatsText(evaluation: Evaluation, title: string): string[] {
  const lines = formatEvaluation(evaluation, title);
  const shown = evaluation.misses.slice(0, MAX_MISSES_SHOWN);
  if (shown.length > 0) lines.push('', `misses (${evaluation.misses.length}):`);
  for (const miss of shown) {
    const expected = miss.alt === null ? miss.label : `${miss.label}|${miss.alt}`;
    lines.push(`  ${expected} -> ${miss.predicted}${miss.endpointFixable ? ' (fixable)' : ''}: ${oneLine(miss.text)}`);
  }
  for (const miss of evaluation.unsafe)
    lines.push(`UNSAFE ${miss.label} called endpoint-fixable ${miss.predicted}: ${oneLine(miss.text)}`);
  return lines;
}

function formatStatsJson(evaluation: Evaluation): string {
  return JSON.stringify({
    total: evaluation.total,
    correct: evaluation.correct,
    accuracy: evaluation.accuracy,
    unsafe: evaluation.unsafe.length,
    perCategory: evaluation.perCategory.filter((score) => score.support > 0 || score.predicted > 0),
    misses: evaluation.misses,
  });
}

/** Reasons can hold line breaks and escape sequences; one short line each in the summary. */
function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point: they become spaces
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return flat.length > 160 ? `${flat.slice(0, 157)}...` : flat;
}

function formatJsonLine({ input, classification }: ClassifiedInput): string {
  return JSON.stringify({
    input,
    category: classification.category,
    service: classification.service,
    endpointFixable: classification.endpointFixable,
    evidence: classification.evidence,
  });
}

function formatTable(results: readonly ClassifiedInput[], style: Style): string[] {
  if (results.length === 0) return [];
  const header: Cell[] = ['CATEGORY', 'SERVICE', 'ENDPOINT FIX', 'EVIDENCE'].map((text) => ({
    text,
    paint: style.dim,
  }));
  const rows = results.map(({ classification }): Cell[] => [
    { text: classification.category, paint: style.bold },
    classification.service ?? '-',
    classification.endpointFixable ? { text: 'yes', paint: style.green } : { text: 'no', paint: style.yellow },
    summarizeEvidence(classification),
  ]);
  return alignColumns([header, ...rows]);
}

/** The few facts that justify the category: matched pattern, host, and the dialled IP. */
function summarizeEvidence({ evidence }: Classification): string {
  const parts: string[] = [];
  const pattern = evidence.patterns[0];
  if (pattern !== undefined) parts.push(pattern);
  const host = evidence.hosts[0];
  if (host !== undefined) parts.push(host);
  if (evidence.ip !== null) {
    parts.push(evidence.ipScope === null ? evidence.ip : `${evidence.ip} (${evidence.ipScope})`);
  }
  return parts.length === 0 ? '-' : parts.join('; ');
}

export { classifyCommand };
