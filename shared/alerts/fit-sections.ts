/**
 * Lays out an alert's sections within one length budget. Blocks (a line, or a whole code block)
 * are never split, so a cut never leaves a code fence open or an entity half-written; a section
 * that lost blocks ends with the truncation marker.
 */
import { TRUNCATION_MARKER } from './escape-slack.js';

/**
 * An atomic piece of markdown (already escaped), or one with a shorter form to use when the full
 * one does not fit (e.g. a finding without its CLI commands).
 */
type AlertBlock = string | { full: string; short: string };

interface AlertSection {
  /** Shown in bold above the blocks; null for none. */
  heading: string | null;
  blocks: AlertBlock[];
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

/** The section within `budget` characters: whole blocks in order, then the marker if any fell off. */
function fitSection(section: AlertSection, budget: number): string {
  const whole = renderWhole(section);
  if (whole.length <= budget) return whole;
  const lines = headingLine(section);
  let length = lines.reduce((sum, line) => sum + line.length + 1, 0) + MARKER_LINE.length;
  for (const block of section.blocks) {
    const forms = typeof block === 'string' ? [block] : [block.full, block.short];
    const fitting = forms.find((form) => length + form.length + 1 <= budget);
    if (fitting === undefined) break;
    lines.push(fitting);
    length += fitting.length + 1;
  }
  lines.push(MARKER_LINE);
  return lines.join('\n');
}

/**
 * Shares `maxLength` between sections by water-filling: short sections keep all they need and
 * the rest is split evenly among the long ones, so one huge section cannot crowd out the others.
 */
function renderSections(sections: readonly AlertSection[], maxLength: number): string {
  const present = sections.filter((section) => section.heading !== null || section.blocks.length > 0);
  const natural = present.map((section) => renderWhole(section).length);
  let remaining = maxLength - SECTION_SEPARATOR.length * Math.max(0, present.length - 1);
  const budgets = new Array<number>(present.length).fill(0);
  const order = natural.map((length, index) => ({ length, index })).sort((a, b) => a.length - b.length);
  order.forEach(({ length, index }, position) => {
    const share = Math.floor(remaining / (order.length - position));
    const budget = Math.max(0, Math.min(length, share));
    budgets[index] = budget;
    remaining -= budget;
  });
  const text = present
    .map((section, index) => fitSection(section, budgets[index] ?? 0))
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
