/**
 * docs/findings.md is generated from FINDING_META and the checks' codes. This test fails when it
 * is stale; `UPDATE_FINDINGS_DOC=1 npm test -- tests/unit/diagnosis/findings-doc.test.ts
 * --selectProjects unit` rewrites it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ALL_CHECKS } from '../../../shared/diagnosis/checks/index.js';
import { FINDING_META, FIX_PRIORITY, type FixMeta } from '../../../shared/diagnosis/checks/finding-meta.js';
import { FINDING_CODES, type FindingCode } from '../../../shared/diagnosis/finding.js';

const DOC = join(import.meta.dirname, '..', '..', '..', 'docs', 'findings.md');

function checksReporting(code: FindingCode): string {
  const ids = ALL_CHECKS.filter((check) => check.codes.includes(code)).map((check) => `\`${check.id}\``);
  return ids.length > 0 ? ids.join(', ') : '`diagnose()` (summary)';
}

function fixCell(fix: FixMeta): string {
  if (fix.by === 'ecs-netfix') return `ecs-netfix (\`${fix.action}\`), ${fix.when}`;
  if (fix.by === 'person') return 'a person (the finding carries the console steps and CLI commands)';
  return 'nothing to fix';
}

function renderCatalogue(): string {
  const rows = FINDING_CODES.map((code) => {
    const meta = FINDING_META[code];
    const severity = meta.severities.join(', ') + (meta.severityNote ? ` (${meta.severityNote})` : '');
    return `| \`${code}\` | ${severity} | ${meta.hop ?? '-'} | ${checksReporting(code)} | ${meta.means} | ${fixCell(meta.fix)} |`;
  });
  return [
    '# Findings',
    '',
    '<!-- Generated from shared/diagnosis/checks/finding-meta.ts by tests/unit/diagnosis/findings-doc.test.ts:',
    '     do not edit by hand; UPDATE_FINDINGS_DOC=1 npm test -- tests/unit/diagnosis/findings-doc.test.ts --selectProjects unit -->',
    '',
    'Every code the diagnosis can report. Each finding also carries a plain-English `message`, the',
    '`resources` it concerns, `cause` (it explains the stop reason) and a `fix` with console steps and',
    'AWS CLI commands with the real IDs filled in. **error** stops the task from starting; **warning**',
    'will, or costs money or latency; **info** is worth knowing. To add a code, see',
    '[add-a-check.md](add-a-check.md).',
    '',
    '| Code | Severity | Hop | Reported by | Means | Fixed by |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `ecs-netfix makes its changes in this order (and keeps this order under MAX_ENDPOINTS_PER_RUN): ${FIX_PRIORITY.map((service) => `\`${service}\``).join(', ')}.`,
    "An automatic finding ecs-netfix cannot act on (a user's endpoint, no free address, no builder) is",
    'handed to a person with the reason added to its fix.',
    '',
  ].join('\n');
}

describe('docs/findings.md', () => {
  it('is the catalogue generated from the finding metadata', () => {
    const generated = renderCatalogue();
    let current = '';
    try {
      current = readFileSync(DOC, 'utf8');
    } catch {
      // No file yet: the comparison below fails unless UPDATE_FINDINGS_DOC=1 writes it.
    }
    if (current !== generated && process.env.UPDATE_FINDINGS_DOC === '1') {
      writeFileSync(DOC, generated);
      current = generated;
    }
    // Stale? Rerun this test with UPDATE_FINDINGS_DOC=1.
    expect(current).toBe(generated);
  });

  it('names every code once', () => {
    const catalogue = renderCatalogue();
    for (const code of FINDING_CODES) expect(catalogue.split(`| \`${code}\` |`)).toHaveLength(2);
  });
});
