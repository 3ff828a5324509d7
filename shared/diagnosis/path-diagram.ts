/**
 * The network path as a picture: a compact hop diagram for the terminal and the alert, and a
 * Mermaid flowchart (for a wiki or a pull request), both
 * task -> subnet -> route table -> each endpoint or NAT, the broken hops marked.
 * Labels come from AWS names and tags, which anyone with write access to the account chooses, so
 * every character that Mermaid could read as syntax is written as an entity code (`#34;`).
 */
import type { PathHop } from './path.js';

/** Letters, digits and a few harmless punctuation marks stay; everything else becomes `#NNN;`. */
function mermaidLabel(text: string): string {
  const safe = /[A-Za-z0-9 .,:/_=()-]/;
  let out = '';
  for (const character of text.replace(/\s+/g, ' ').trim()) {
    out += safe.test(character) ? character : `#${character.codePointAt(0) ?? 32};`;
  }
  // `-->` inside a label must not read as an edge: the hyphens are escaped too when they run.
  return out.replace(/--/g, '#45;#45;');
}

const STATUS_MARK: Record<PathHop['status'], string> = {
  ok: 'ok',
  broken: 'BROKEN',
  warning: 'warning',
  unknown: 'unknown',
  'not-needed': 'not needed',
};

const LINE_KINDS = new Set<PathHop['kind']>(['subnet', 'route-table']);
const TARGET_KINDS = new Set<PathHop['kind']>(['endpoint', 'nat-gateway', 'internet-gateway']);

/** The hops a diagram draws: the line to the targets and the targets, not the checks beside it. */
function diagramHops(path: readonly PathHop[]): PathHop[] {
  return path.filter((hop) => hop.status !== 'not-needed' && (LINE_KINDS.has(hop.kind) || TARGET_KINDS.has(hop.kind)));
}

const COMPACT_MARK: Record<PathHop['status'], string> = {
  ok: '✓',
  broken: '✗',
  warning: '!',
  unknown: '?',
  'not-needed': '-',
};

function compactHop(hop: PathHop): string {
  const label = hop.label.replace(/\s+/g, ' ').trim();
  return hop.status === 'broken' ? `${COMPACT_MARK.broken} ${label} ← broken` : `${COMPACT_MARK[hop.status]} ${label}`;
}

/**
 * The path in a few plain lines (the caller escapes them for where they go):
 * `task → ✓ subnet-0a (eu-west-1a) → ✗ rtb-1 ← broken`, then one `├─`/`└─` line per endpoint
 * or NAT the route table leads to. Empty when no hop of the line was inspected.
 */
function pathDiagramLines(path: readonly PathHop[]): string[] {
  const hops = diagramHops(path);
  if (hops.length === 0) return [];
  const line = hops.filter((hop) => LINE_KINDS.has(hop.kind));
  const targets = hops.filter((hop) => TARGET_KINDS.has(hop.kind));
  const branches = targets.map((hop, index) => `  ${index === targets.length - 1 ? '└─' : '├─'} ${compactHop(hop)}`);
  return [['task', ...line.map(compactHop)].join(' → '), ...branches];
}

function pathMermaid(path: readonly PathHop[]): string {
  const lines = ['flowchart LR', '  task["ECS task"]'];
  const hops = diagramHops(path);
  let previous = 'task';
  hops.forEach((hop, index) => {
    const id = `hop${index}`;
    lines.push(`  ${id}["${mermaidLabel(`${hop.label}: ${STATUS_MARK[hop.status]}`)}"]`);
    if (hop.status === 'broken') lines.push(`  class ${id} broken`);
    lines.push(`  ${previous} --> ${id}`);
    // The subnet and route table are one line; the targets fan out from the route table.
    if (LINE_KINDS.has(hop.kind)) previous = id;
  });
  lines.push('  classDef broken fill:#fdd,stroke:#c00,stroke-width:2px');
  return `${lines.join('\n')}\n`;
}

export { mermaidLabel, pathDiagramLines, pathMermaid };
