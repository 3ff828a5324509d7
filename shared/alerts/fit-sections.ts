/**
 * Lays out an alert's sections within one length budget. Blocks (a line, or a whole code block)
 * are never split, so a cut never leaves a code fence open or an entity half-written; a section
 * that lost blocks ends with the truncation marker.
 */
import { TRUNCATION_MARKER } from './escape-slack.js';

/**
 * An atomic piece of markdown (already escaped), or one with shorter forms to use when the full
 * one does not fit (e.g. a finding without its explanation, then without its CLI commands).
 */
type AlertBlock = string | { full: string; medium?: string; short: string };

interface AlertSection {
  /** Shown in bold above the blocks; null for none. */
  heading: string | null;
  blocks: AlertBlock[];
  /**
   * Details (the hop-by-hop path): they get what the other sections leave, so what failed, why,
   * what was done and the commands to fix by hand are never cut for them.
   */
  details?: boolean;
}

const SECTION_SEPARATOR = '\n\n';
const MARKER_LINE = `_${TRUNCATION_MARKER}_`;

function headingLine(section: AlertSection): string[] {
  return section.heading === null ? [] : [`*${section.heading}*`];
}

function fullText(block: AlertBlock): string {
  return typeof block === 'string' ? block : block.full;
}

function renderWhole(section: AlertSection): string {
  return [...headingLine(section), ...section.blocks.map(fullText)].join('\n');
}

function formsOf(block: AlertBlock): string[] {
  if (typeof block === 'string') return [block];
  return [block.full, ...(block.medium === undefined ? [] : [block.medium]), block.short];
}

/**
 * The section within `budget` characters. Every block at one level of detail when that fits (all
 * full, else all medium, else all short), so findings read alike; otherwise whole blocks in
 * order, each as long as fits, then the marker.
 */
function fitSection(section: AlertSection, budget: number): string {
  const whole = renderWhole(section);
  if (whole.length <= budget) return whole;
  for (const level of [1, 2]) {
    const text = [
      ...headingLine(section),
      ...section.blocks.map((block) => {
        const forms = formsOf(block);
        return forms[Math.min(level, forms.length - 1)] ?? '';
      }),
    ].join('\n');
    if (text.length <= budget) return text;
  }
  const lines = headingLine(section);
  let length = lines.reduce((sum, line) => sum + line.length + 1, 0) + MARKER_LINE.length;
  for (const block of section.blocks) {
    const fitting = formsOf(block).find((form) => length + form.length + 1 <= budget);
    if (fitting === undefined) break;
    lines.push(fitting);
    length += fitting.length + 1;
  }
  lines.push(MARKER_LINE);
  return lines.join('\n');
}

/**
 * Water-filling: short sections keep all they need and the rest is split evenly among the long
 * ones, so one huge section cannot crowd out the others.
 */
function waterFill(natural: readonly number[], total: number): number[] {
  let remaining = total;
  const budgets = new Array<number>(natural.length).fill(0);
  const order = natural.map((length, index) => ({ length, index })).sort((a, b) => a.length - b.length);
  order.forEach(({ length, index }, position) => {
    const share = Math.floor(remaining / (order.length - position));
    const budget = Math.max(0, Math.min(length, share));
    budgets[index] = budget;
    remaining -= budget;
  });
  return budgets;
}

/** What a details section needs at least: its heading, one block if short, and the marker. */
function detailsFloor(section: AlertSection, natural: number): number {
  const heading = headingLine(section).reduce((sum, line) => sum + line.length + 1, 0);
  return Math.min(natural, heading + MARKER_LINE.length);
}

/**
 * Shares `maxLength` between sections: the main sections first (water-filled among themselves),
 * then the details sections share what is left.
 */
function renderSections(sections: readonly AlertSection[], maxLength: number): string {
  const present = sections.filter((section) => section.heading !== null || section.blocks.length > 0);
  const natural = present.map((section) => renderWhole(section).length);
  const available = maxLength - SECTION_SEPARATOR.length * Math.max(0, present.length - 1);
  const isDetails = present.map((section) => section.details === true);
  const floor = present.reduce(
    (sum, section, index) => sum + (isDetails[index] ? detailsFloor(section, natural[index] ?? 0) : 0),
    0
  );
  const mainBudgets = waterFill(
    natural.map((length, index) => (isDetails[index] ? 0 : length)),
    available - floor
  );
  const used = mainBudgets.reduce((sum, budget) => sum + budget, 0);
  const detailBudgets = waterFill(
    natural.map((length, index) => (isDetails[index] ? length : 0)),
    available - used
  );
  const text = present
    .map((section, index) => fitSection(section, (isDetails[index] ? detailBudgets[index] : mainBudgets[index]) ?? 0))
    .join(SECTION_SEPARATOR);
  // fitSection keeps at least a heading and the marker; only absurdly small budgets overflow.
  return text.length <= maxLength ? text : hardCut(text, maxLength);
}

/** Last resort: cut at a line end and close a code fence left open. */
function hardCut(text: string, maxLength: number): string {
  const room = Math.max(0, maxLength - MARKER_LINE.length - 5);
  let cut = text.slice(0, room);
  const lineEnd = cut.lastIndexOf('\n');
  if (lineEnd > 0) cut = cut.slice(0, lineEnd);
  const fences = cut.split('```').length - 1;
  return `${cut}${fences % 2 === 1 ? '```' : ''}\n${MARKER_LINE}`.slice(0, maxLength);
}

export { renderSections };
export type { AlertBlock, AlertSection };
