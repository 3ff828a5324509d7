/**
 * Every relative link in the README, CONTRIBUTING.md, CHANGELOG.md and docs/*.md points to a file
 * (or folder) that exists, and to a heading of that file when it names one (GitHub's anchors).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from '@jest/globals';

const ROOT = join(import.meta.dirname, '../../..');

interface Link {
  readonly line: number;
  readonly target: string;
}

/** Links outside fenced code blocks and code spans; external and mail links left out. */
function relativeLinks(markdown: string): Link[] {
  const links: Link[] = [];
  let inFence = false;
  markdown.split('\n').forEach((text, index) => {
    if (/^\s*(```|~~~)/.test(text)) {
      inFence = !inFence;
      return;
    }
    if (inFence) return;
    const withoutCode = text.replace(/`[^`]*`/g, '');
    for (const match of withoutCode.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = match[1] ?? '';
      if (!/^[a-z][a-z0-9+.-]*:/i.test(target)) links.push({ line: index + 1, target });
    }
  });
  return links;
}

/** GitHub's anchor for each heading: lower case, punctuation dropped, spaces to hyphens, -N for repeats. */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let inFence = false;
  for (const text of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(text)) inFence = !inFence;
    const heading = inFence ? undefined : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(text)?.[1];
    if (heading === undefined) continue;
    const base = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** What is wrong with one link from `fromFile` (repository-relative), or undefined when it resolves. */
function brokenReason(fromFile: string, target: string, root: string): string | undefined {
  const [pathPart = '', anchor] = target.split('#');
  const resolved = pathPart === '' ? fromFile : relative(root, join(root, dirname(fromFile), decodeURIComponent(pathPart)));
  const absolute = join(root, resolved);
  if (!existsSync(absolute)) return `${resolved} does not exist`;
  if (anchor === undefined || anchor === '' || statSync(absolute).isDirectory() || !resolved.endsWith('.md')) return undefined;
  return headingAnchors(readFileSync(absolute, 'utf8')).has(anchor) ? undefined : `${resolved} has no heading #${anchor}`;
}

function documentationFiles(): string[] {
  const docs = readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`);
  return ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', ...docs].filter((file) => existsSync(join(ROOT, file)));
}

describe('documentation links', () => {
  it('every relative link in the README and docs/ resolves to a file and heading that exist', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const file of documentationFiles()) {
      for (const link of relativeLinks(readFileSync(join(ROOT, file), 'utf8'))) {
        checked += 1;
        const reason = brokenReason(file, link.target, ROOT);
        if (reason !== undefined) broken.push(`${file}:${link.line} (${link.target}): ${reason}`);
      }
    }
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(50);
  });

  it('finds a missing file, a missing heading and a link that leaves the docs folder wrongly', () => {
    const page = [
      '[ok](deploy.md#parameters)',
      '[gone](no-such-page.md)',
      '[bad anchor](deploy.md#no-such-heading)',
      '[wrong level](docs/deploy.md)',
      '`[in a code span](nowhere.md)`',
      '```',
      '[in a fence](nowhere.md)',
      '```',
      '[web](https://example.com/x.md)',
    ].join('\n');
    const reasons = relativeLinks(page).map((link) => brokenReason('docs/page.md', link.target, ROOT));
    expect(reasons).toEqual([
      undefined,
      'docs/no-such-page.md does not exist',
      'docs/deploy.md has no heading #no-such-heading',
      'docs/docs/deploy.md does not exist',
    ]);
  });

  it('derives anchors as GitHub does: punctuation dropped, repeats numbered', () => {
    const anchors = headingAnchors(
      '# Permissions (action → why)\n## `npm run synth`\n## Limits\n## Limits\n```\n# not a heading\n```'
    );
    expect([...anchors]).toEqual(['permissions-action--why', 'npm-run-synth', 'limits', 'limits-1']);
  });
});
