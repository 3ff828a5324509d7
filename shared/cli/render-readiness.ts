/** Text for `check` (one block per service) and `scan` (one table row per service). Pure. */
import type { Finding } from '../diagnosis/finding.js';
import { alignColumns } from './align-columns.js';
import type { Cell } from './align-columns.js';
import type { FleetScan } from './fleet-scan.js';
import type { ServiceReadiness } from './service-readiness.js';
import type { Style } from './style.js';

/** Findings worth a person's attention before a deployment (info findings stay in --json). */
function actionableFindings(result: ServiceReadiness): Finding[] {
  return result.findings.filter((finding) => finding.severity !== 'info');
}

function statusCell(result: ServiceReadiness, style: Style): Cell {
  if (result.status === 'not-found') return { text: '✘ not found', paint: style.red };
  if (result.status === 'would-fail') return { text: '✘ would fail', paint: style.red };
  if (result.worstSeverity === 'warning') return { text: '! ready, with warnings', paint: style.yellow };
  return { text: '✔ ready', paint: style.green };
}

/** One line without control characters: names and messages come from AWS. */
function clean(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
}

function renderServiceBlock(result: ServiceReadiness, style: Style, options: { commands: boolean }): string[] {
  const status = statusCell(result, style);
  const paintStatus = typeof status === 'string' ? status : status.paint(status.text);
  const lines = [`${paintStatus}  ${style.bold(clean(result.service))} ${style.dim(`(cluster ${clean(result.cluster)})`)}`];
  if (result.needs.length > 0 || result.needsInternet) {
    const needs = [...result.needs, ...(result.needsInternet ? ['internet (NAT)'] : [])];
    lines.push(`    needs     ${needs.join(', ')}`);
  }
  if (result.vpcId !== null) lines.push(`    network   ${result.vpcId}  subnets ${result.subnetIds.join(', ') || '?'}`);
  for (const finding of actionableFindings(result)) {
    const tone = finding.severity === 'error' ? style.red : style.yellow;
    lines.push(`    ${tone(finding.severity.toUpperCase().padEnd(7))} ${style.bold(finding.code)}: ${clean(finding.message)}`);
    lines.push(
      `            fix: ${clean(finding.fix.summary)}${finding.fix.automatic ? style.cyan('  [ecs-netfix diagnose --apply can do this]') : ''}`
    );
    if (options.commands) for (const command of finding.fix.cli) lines.push(style.dim(`            $ ${clean(command)}`));
  }
  if (result.status !== 'ready' || result.unknowns.length > 0) {
    for (const unknown of result.unknowns) lines.push(style.dim(`    ? ${clean(unknown)}`));
  }
  return lines;
}

function renderCheck(results: readonly ServiceReadiness[], style: Style): string {
  const blocks = results.map((result) => renderServiceBlock(result, style, { commands: true }).join('\n'));
  return `${[...blocks, summaryLine(results)].join('\n\n')}\n`;
}

/** Why a service is at risk, in one cell: its error and warning codes. */
function whyCell(result: ServiceReadiness): string {
  if (result.status === 'not-found') return result.unknowns[0] ?? 'not found';
  const codes = [...new Set(actionableFindings(result).map((finding) => finding.code))];
  return codes.length === 0 ? '-' : codes.join(', ');
}

function renderScanTable(results: readonly ServiceReadiness[], style: Style): string {
  if (results.length === 0) return 'No ECS services found.\n';
  const header: Cell[] = ['STATUS', 'CLUSTER', 'SERVICE', 'WHY'].map((text) => ({ text, paint: style.dim }));
  const rows = results.map((result): Cell[] => [
    statusCell(result, style),
    clean(result.cluster),
    clean(result.service),
    whyCell(result),
  ]);
  return `${[...alignColumns([header, ...rows]), '', summaryLine(results)].join('\n')}\n`;
}

/** `scan` over accounts and regions: one table, the account and region in every row; unscanned ones first. */
function renderFleetTable(scan: FleetScan, style: Style): string {
  const header: Cell[] = ['ACCOUNT', 'REGION', 'STATUS', 'CLUSTER', 'SERVICE', 'WHY'].map((text) => ({ text, paint: style.dim }));
  const errorRows = scan.errors.map((failure): Cell[] => [
    failure.account,
    failure.region,
    { text: '✘ not scanned', paint: style.red },
    '-',
    '-',
    clean(failure.error),
  ]);
  const rows = scan.results.map((result): Cell[] => [
    result.account,
    result.region,
    statusCell(result, style),
    clean(result.cluster),
    clean(result.service),
    whyCell(result),
  ]);
  const scanned = scan.accounts.length * scan.regions.length - scan.errors.length;
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const where = `${plural(scanned, 'account-region')} scanned (${plural(scan.accounts.length, 'account')} x ${plural(scan.regions.length, 'region')})`;
  const failed = scan.errors.length > 0 ? `; ${scan.errors.length} could not be scanned` : '';
  const lines = rows.length + errorRows.length > 0 ? alignColumns([header, ...errorRows, ...rows]) : ['No ECS services found.'];
  const services = scan.results.length > 0 ? ` ${summaryLine(scan.results)}` : '';
  return `${[...lines, '', `${where}${failed}.${services}`].join('\n')}\n`;
}

function summaryLine(results: readonly ServiceReadiness[]): string {
  const atRisk = results.filter((result) => result.status !== 'ready').length;
  const warned = results.filter((result) => result.status === 'ready' && result.worstSeverity === 'warning').length;
  const ready = results.length - atRisk;
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  if (atRisk === 0) {
    return `${plural(ready, 'service')} ready${warned > 0 ? ` (${warned} with warnings)` : ''}.`;
  }
  return `${plural(atRisk, 'service')} would fail to start; ${ready} ready${warned > 0 ? ` (${warned} with warnings)` : ''}.`;
}

export { renderCheck, renderFleetTable, renderScanTable, summaryLine };
