/**
 * The report for people: the path hop by hop with the broken hops marked, the findings with their
 * fixes, and the plan with its cost. Used by the CLI (`diagnose`, `invoke`) and the demo. Pure.
 */
import { INVISIBLE_CHARACTERS } from '../alerts/escape-slack.js';
import { type HopStatus, hopDetailLine } from '../diagnosis/path.js';
import { pathDiagramLines } from '../diagnosis/path-diagram.js';
import type { ActionStatus } from '../remediation/action.js';
import type { Report } from './report.js';

interface RenderOptions {
  color: boolean;
  /** Show the AWS CLI commands of each fix (default true). */
  commands?: boolean;
}

const ANSI = { red: '31', green: '32', yellow: '33', dim: '2', bold: '1', cyan: '36' } as const;

function painter(color: boolean) {
  return (code: keyof typeof ANSI, text: string) => (color ? `\u001b[${ANSI[code]}m${text}\u001b[0m` : text);
}

const HOP_MARK: Record<HopStatus, { mark: string; tone: keyof typeof ANSI }> = {
  ok: { mark: '✔', tone: 'green' },
  broken: { mark: '✘', tone: 'red' },
  warning: { mark: '!', tone: 'yellow' },
  unknown: { mark: '?', tone: 'dim' },
  'not-needed': { mark: '·', tone: 'dim' },
};

const ACTION_MARK: Record<ActionStatus, string> = {
  planned: 'would create',
  created: 'created',
  modified: 'updated',
  'already-done': 'already there',
  skipped: 'skipped',
  failed: 'FAILED',
};

function usd(amount: number): string {
  return `$${amount.toFixed(2)}`;
}

/**
 * Terminal-safe: no control character from event text reaches the screen (an escape sequence
 * could rewrite it), and no invisible character hides what a name really is.
 */
function clean(text: string, max = 300): string {
  const flat = text
    .replace(INVISIBLE_CHARACTERS, '')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
    .replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

type Paint = ReturnType<typeof painter>;

function renderReport(report: Report, options: RenderOptions): string {
  const paint = painter(options.color);
  const lines = [
    ...headerLines(report, paint),
    ...pathLines(report, paint),
    ...findingLines(report, options, paint),
    ...actionLines(report, paint),
    ...costLines(report),
    ...unknownLines(report, paint),
    ...callLines(report, paint),
  ];
  return `${lines.join('\n')}\n`;
}

/** The summary, then what is known of the task, its classification, the note and the incident. */
function headerLines(report: Report, paint: Paint): string[] {
  const mode = report.dryRun ? 'dry run' : 'live';
  const lines = [
    paint('bold', `ecs-netfix · ${mode} · ${clean(report.summary, 400)}`),
    ...taskLines(report),
    ...classificationLines(report),
  ];
  if (report.note) lines.push(`  note      ${clean(report.note)}`);
  if (report.incident) {
    lines.push(
      `  incident  ${report.incident.incidentId}  ${report.incident.failureCount} failed task(s), state ${report.incident.state}`
    );
  }
  return lines;
}

/** The task, where it ran, its network and why it stopped: each line only when known. */
function taskLines(report: Report): string[] {
  const task = report.task;
  if (!task) return [];
  const lines: string[] = [];
  const where = [task.launchType, task.platformVersion, task.availabilityZone].filter(Boolean).join(' ');
  lines.push(`  task      ${clean(task.taskArn)}${task.service ? `  (service ${clean(task.service)})` : ''}`);
  if (where) lines.push(`  runs on   ${where}`);
  if (task.vpcId)
    lines.push(
      `  network   ${task.vpcId}  subnets ${task.subnetIds.join(', ') || '?'}  groups ${task.securityGroupIds?.join(', ') ?? 'unknown'}`
    );
  if (task.stoppedReason) lines.push(`  stopped   ${clean(task.stoppedReason, 240)}`);
  return lines;
}

function classificationLines(report: Report): string[] {
  const classification = report.classification;
  if (!classification) return [];
  const { evidence } = classification;
  const ip = evidence.ip ? `  ${evidence.ipScope ?? ''} IP ${evidence.ip}` : '';
  return [
    `  class     ${classification.category}${classification.service ? ` → ${classification.service}` : ''}${ip}${classification.endpointFixable ? '  (an endpoint can fix this)' : ''}`,
  ];
}

/** The path: its picture (task -> subnet -> route table -> each endpoint or NAT), then every hop. */
function pathLines(report: Report, paint: Paint): string[] {
  if (report.path.length === 0) return [];
  const lines = ['', paint('bold', 'Path, hop by hop')];
  const diagram = pathDiagramLines(report.path);
  for (const line of diagram) lines.push(`  ${line.includes('← broken') ? paint('red', clean(line, 400)) : clean(line, 400)}`);
  if (diagram.length > 0) lines.push('');
  const width = Math.max(...report.path.map((hop) => hop.label.length), 10);
  for (const hop of report.path) {
    const { mark, tone } = HOP_MARK[hop.status];
    const codes = hop.findings.length > 0 ? paint('dim', `  [${hop.findings.join(', ')}]`) : '';
    lines.push(
      `  ${paint(tone, mark)} ${hop.kind.padEnd(16)} ${clean(hop.label).padEnd(width)}  ${clean(hopDetailLine(hop))}${codes}`
    );
  }
  return lines;
}

/** Each finding with its message, its fix and (unless turned off) the fix's commands. */
function findingLines(report: Report, options: RenderOptions, paint: Paint): string[] {
  if (report.findings.length === 0) return [];
  const lines = ['', paint('bold', 'Findings')];
  for (const finding of report.findings) {
    const tone = finding.severity === 'error' ? 'red' : finding.severity === 'warning' ? 'yellow' : 'dim';
    lines.push(
      `  ${paint(tone, finding.severity.toUpperCase().padEnd(7))} ${paint('bold', finding.code)}${finding.cause ? ' (cause)' : ''}`
    );
    lines.push(`          ${clean(finding.message, 500)}`);
    lines.push(
      `          fix: ${clean(finding.fix.summary, 500)}${finding.fix.automatic ? paint('cyan', '  [ecs-netfix can do this]') : ''}`
    );
    if (options.commands !== false) {
      for (const command of finding.fix.cli) lines.push(paint('dim', `          $ ${clean(command, 1000)}`));
    }
  }
  return lines;
}

/** The plan (dry run) or the changes made, one line per action with its cost and note. */
function actionLines(report: Report, paint: Paint): string[] {
  if (report.actions.length === 0) return [];
  const lines = ['', paint('bold', report.dryRun ? 'Plan (not applied: dry run)' : 'Changes')];
  for (const result of report.actions) {
    const target = result.resourceId ? ` ${result.resourceId}` : '';
    const state = result.state ? ` (${result.state})` : '';
    const cost = result.action.monthlyCostUsd > 0 ? paint('dim', `  ≈ ${usd(result.action.monthlyCostUsd)}/month`) : '';
    const note = result.note ? paint('yellow', `  ${clean(result.note)}`) : '';
    lines.push(`  • ${ACTION_MARK[result.status]}${target}${state}: ${clean(result.action.description)}${cost}${note}`);
  }
  return lines;
}

/** The plan's monthly cost against NAT gateways (no blank line: it closes the plan). */
function costLines(report: Report): string[] {
  if (!report.cost) return [];
  return [
    `  cost: ≈ ${usd(report.cost.planMonthlyUsd)}/month for the endpoints vs ≈ ${usd(report.cost.natAlternativeMonthlyUsd)}/month for NAT gateways (${report.cost.region}, prices as of ${report.cost.pricesAsOf}; estimates)`,
  ];
}

function unknownLines(report: Report, paint: Paint): string[] {
  if (report.unknowns.length === 0) return [];
  return ['', paint('bold', 'Could not be known'), ...report.unknowns.map((unknown) => `  ? ${clean(unknown)}`)];
}

/** The AWS calls the run made, per operation. */
function callLines(report: Report, paint: Paint): string[] {
  return [
    '',
    paint(
      'dim',
      `AWS calls: ${report.calls.total} (${
        Object.entries(report.calls.byOperation)
          .map(([op, n]) => `${op}×${n}`)
          .join(', ') || 'none'
      })`
    ),
  ];
}

export { renderReport };
