/**
 * `ecs-netfix classify [--json] [REASON]`: what a stop reason means, without AWS access.
 * With no REASON it reads one reason per line from stdin, so a team can replay a whole log.
 */
import { classifyStopReason } from '../../classify/classify.js';
import type { Classification } from '../../classify/classification.js';
import { alignColumns } from '../align-columns.js';
import type { Cell } from '../align-columns.js';
import type { CliCommand, CommandContext } from '../command.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { ExitCode } from '../exit-codes.js';
import { readLines } from '../read-lines.js';
import type { Style } from '../style.js';
import { UsageError } from '../usage-error.js';

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
  ].join('\n'),
  options: {
    json: {
      type: 'boolean',
      description:
        'print one JSON object per reason: input, category, service, endpointFixable, evidence',
    },
  },
  arguments: [
    { name: 'REASON', description: 'the stop reason text; quote it', required: false },
  ],
  examples: [
    `ecs-netfix classify 'CannotPullContainerError: ... dial tcp 52.95.120.11:443: i/o timeout'`,
    `aws ecs describe-tasks ... --query 'tasks[].stoppedReason' --output text | ecs-netfix classify --json`,
  ],
  run: runClassify,
};

async function runClassify(context: CommandContext): Promise<ExitCode> {
  const { io, positionals, values } = context;
  const reason = positionals[0];
  if (reason === undefined && io.stdin.isTTY === true) {
    throw new UsageError('give a REASON, or pipe reasons on stdin (one per line)', 'classify');
  }
  const inputs =
    reason === undefined
      ? (await readLines(io.stdin)).filter((line) => line.trim() !== '')
      : [reason];
  const results = inputs.map((input) => ({ input, classification: classifyStopReason(input) }));
  const lines = values.json === true ? results.map(formatJsonLine) : formatTable(results, context.style);
  for (const line of lines) io.stdout.write(`${line}\n`);
  return EXIT_CODES.ok;
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
    classification.endpointFixable
      ? { text: 'yes', paint: style.green }
      : { text: 'no', paint: style.yellow },
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
