import { describe, expect, it } from '@jest/globals';
import { mermaidLabel, pathDiagramLines, pathMermaid } from '../../../shared/diagnosis/path-diagram.js';
import type { PathHop } from '../../../shared/diagnosis/path.js';

function hop(kind: PathHop['kind'], label: string, status: PathHop['status']): PathHop {
  return { kind, label, status, detail: '', findings: [] };
}

describe('pathMermaid', () => {
  it('draws task -> subnet -> route table -> each endpoint, the broken hop marked', () => {
    // Act
    const text = pathMermaid([
      hop('subnet', 'subnet-0a (eu-west-1a)', 'ok'),
      hop('route-table', 'rtb-1 (explicit)', 'ok'),
      hop('endpoint', 'ecr.api (no endpoint)', 'broken'),
      hop('endpoint', 's3 gateway endpoint vpce-1', 'ok'),
      hop('security-group', 'sg-1', 'ok'),
    ]);

    // Assess
    expect(text).toBe(
      [
        'flowchart LR',
        '  task["ECS task"]',
        '  hop0["subnet-0a (eu-west-1a): ok"]',
        '  task --> hop0',
        '  hop1["rtb-1 (explicit): ok"]',
        '  hop0 --> hop1',
        '  hop2["ecr.api (no endpoint): BROKEN"]',
        '  class hop2 broken',
        '  hop1 --> hop2',
        '  hop3["s3 gateway endpoint vpce-1: ok"]',
        '  hop1 --> hop3',
        '  classDef broken fill:#fdd,stroke:#c00,stroke-width:2px',
        '',
      ].join('\n')
    );
  });

  it.each([
    ['quotes', 'a"] --> x["b'],
    ['brackets', 'a[b]{c}<d>'],
    ['an arrow', 'x --> y'],
    ['newlines', 'a\nclick hop0 call evil()\nb'],
    ['backticks', '`a` ``b``'],
    ['entities and semicolons', '#quot; &amp; ;|'],
  ])('keeps a hostile label (%s) inside its node', (_name, label) => {
    // Act
    const text = pathMermaid([hop('subnet', label, 'broken')]);
    const node = text.split('\n').find((line) => line.startsWith('  hop0['));
    const inner = node?.slice('  hop0["'.length, -'"]'.length) ?? '';

    // Assess: one node line, nothing Mermaid reads as syntax inside the quotes, no extra lines.
    expect({
      lines: text.split('\n').length,
      syntax: /["[\]{}<>`|;\n]|--/.test(inner.replace(/#\d+;/g, '')),
      node: node?.endsWith('"]'),
    }).toEqual({
      lines: 7,
      syntax: false,
      node: true,
    });
  });

  it('writes escaped characters as Mermaid entity codes', () => {
    expect(mermaidLabel('a"b-->c')).toBe('a#34;b#45;#45;#62;c');
  });
});

describe('pathDiagramLines', () => {
  it('draws task -> subnet -> route table, then each endpoint or NAT, the broken hops marked', () => {
    // Act
    const lines = pathDiagramLines([
      hop('subnet', 'subnet-0a (eu-west-1a)', 'ok'),
      hop('route-table', 'rtb-1 (explicit)', 'broken'),
      hop('endpoint', 'ecr.api (no endpoint)', 'broken'),
      hop('endpoint', 's3 gateway endpoint vpce-1', 'ok'),
      hop('nat-gateway', 'nat-1', 'unknown'),
      hop('security-group', 'sg-1', 'broken'),
      hop('endpoint', 'efs mount target', 'not-needed'),
    ]);

    // Assess: the checks beside the line (security groups) and hops not needed are not drawn.
    expect(lines).toEqual([
      'task → ✓ subnet-0a (eu-west-1a) → ✗ rtb-1 (explicit) ← broken',
      '  ├─ ✗ ecr.api (no endpoint) ← broken',
      '  ├─ ✓ s3 gateway endpoint vpce-1',
      '  └─ ? nat-1',
    ]);
  });

  it('draws nothing when no hop of the line was inspected', () => {
    expect(pathDiagramLines([hop('security-group', 'sg-1', 'ok')])).toEqual([]);
  });

  it('keeps each hop on its own line whatever its label holds', () => {
    const lines = pathDiagramLines([hop('subnet', 'a\nb\r\nc\td', 'ok'), hop('endpoint', 'x', 'ok')]);

    expect(lines).toEqual(['task → ✓ a b c d', '  └─ ✓ x']);
  });
});
