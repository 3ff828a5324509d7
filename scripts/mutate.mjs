#!/usr/bin/env node
// npm run mutate [-- --count N] [-- --list]: a scripted mutation run over the pure core. Each
// mutant is one line changed by one operator (flip a comparison, swap && and ||, flip a boolean
// literal, drop a guard, some -> every); the unit tests that import the mutated file (directly or
// through a test helper) run against it, and the mutant is killed when they fail.
//
// The working tree is never written: the run mutates a copy in a temporary folder (node_modules
// linked), removed at the end, on Ctrl-C and on SIGTERM. Not part of npm test (minutes, not seconds).
import { spawn } from 'node:child_process';
import {
  cpSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

/** The pure core: classification, diagnosis, planning, the incident model, alert text. */
const TARGETS = [
  'shared/classify',
  'shared/diagnosis',
  'shared/remediation/plan.ts',
  'shared/incidents/incident.ts',
  'shared/incidents/transitions.ts',
  'shared/alerts',
];
const SKIP_FILES = new Set(['shared/classify/aws-ip-ranges.generated.ts']);

/** One line, one change: [name, pattern, replacement]. The first match on the line is replaced. */
const OPERATORS = [
  ['=== to !==', / === /, ' !== '],
  ['!== to ===', / !== /, ' === '],
  ['>= to <', / >= /, ' < '],
  ['<= to >', / <= /, ' > '],
  ['> to <=', / > /, ' <= '],
  ['< to >=', / < /, ' >= '],
  ['&& to ||', / && /, ' || '],
  ['|| to &&', / \|\| /, ' && '],
  ['true to false', /\btrue\b/, 'false'],
  ['false to true', /\bfalse\b/, 'true'],
  ['drop guard', /\bif \((.+)\) (return|continue)\b/, 'if (false) $2'],
  ['some to every', /\.some\(/, '.every('],
];

/** Mutants that must always be in the run: the guards issue 18 found untested. */
const PINNED = [{ file: 'shared/remediation/plan.ts', contains: 'group.vpcId === vpcId', operator: '=== to !==' }];

function option(name, fallback) {
  const index = process.argv.indexOf(name);
  return index === -1 ? fallback : process.argv[index + 1];
}
const COUNT = Number(option('--count', '64'));
const LIST_ONLY = process.argv.includes('--list');

function filesUnder(path) {
  const absolute = join(ROOT, path);
  if (statSync(absolute).isFile()) return [path];
  return readdirSync(absolute, { recursive: true })
    .map((name) => join(path, String(name)))
    .filter((name) => name.endsWith('.ts') && statSync(join(ROOT, name)).isFile())
    .sort();
}

/** Lines worth mutating: code, not comments, imports, types or string-only lines. */
function isCode(line) {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith('//') || trimmed.startsWith('*') || trimmed.startsWith('/*')) return false;
  if (/^(import|export|type|interface)\b/.test(trimmed) || /^\|/.test(trimmed)) return false;
  return !/^['"`].*['"`],?$/.test(trimmed);
}

/** Whether position `at` of `line` is inside a string or template literal (text, not code). */
function insideString(line, at) {
  let quote = null;
  for (let index = 0; index < at; index += 1) {
    const character = line[index];
    if (character === '\\') index += 1;
    else if (quote === null && (character === "'" || character === '"' || character === '`')) quote = character;
    else if (character === quote) quote = null;
  }
  return quote !== null;
}

function candidates() {
  const found = [];
  for (const file of TARGETS.flatMap(filesUnder).filter((name) => !SKIP_FILES.has(name))) {
    const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (!isCode(line)) return;
      for (const [operator, pattern, replacement] of OPERATORS) {
        const match = pattern.exec(line);
        if (match === null || insideString(line, match.index)) continue;
        const mutated = line.replace(pattern, replacement);
        if (mutated !== line) found.push({ file, line: index + 1, operator, original: line, mutated });
      }
    });
  }
  return found;
}

/** Evenly spread over every candidate (deterministic), plus the pinned ones. */
function select(all, count) {
  const pinned = PINNED.map((pin) =>
    all.find((mutant) => mutant.file === pin.file && mutant.operator === pin.operator && mutant.original.includes(pin.contains))
  ).filter(Boolean);
  const rest = all.filter((mutant) => !pinned.includes(mutant));
  const wanted = Math.max(0, Math.min(count - pinned.length, rest.length));
  const step = rest.length / Math.max(wanted, 1);
  const spread = Array.from({ length: wanted }, (_, index) => rest[Math.floor(index * step)]);
  return [...pinned, ...spread];
}

/** Every .ts file under shared/ and tests/ of `root`, with the files it imports (resolved). */
function importGraph(root) {
  const files = ['shared', 'tests'].flatMap((folder) =>
    readdirSync(join(root, folder), { recursive: true })
      .map((name) => join(folder, String(name)))
      .filter((name) => name.endsWith('.ts'))
  );
  const known = new Set(files);
  const imports = new Map();
  for (const file of files) {
    const source = readFileSync(join(root, file), 'utf8');
    const targets = [...source.matchAll(/from '(\.{1,2}\/[^']+)\.js'/g)]
      .map((match) => relative(root, resolve(root, dirname(file), `${match[1]}.ts`)))
      .filter((target) => known.has(target));
    imports.set(file, targets);
  }
  return imports;
}

/**
 * Unit test files within two imports of `file`: a test of the file itself, or of the module or
 * test helper that uses it (a check through checks/index.ts or run-check.ts). Farther tests are
 * left out to keep each mutant to seconds; docs/mutation.md says what that leaves unseen.
 */
function testsFor(graph, file) {
  const importers = (target) => [...graph].filter(([, targets]) => targets.includes(target)).map(([source]) => source);
  const near = new Set(importers(file));
  for (const source of [...near]) for (const next of importers(source)) near.add(next);
  return [...near].filter((path) => path.startsWith('tests/unit/') && path.endsWith('.test.ts')).sort();
}

let workDir = null;
let child = null;

/** Kills jest and its workers (its own process group), then removes the copy. */
function cleanUp() {
  if (child !== null) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  if (workDir === null) return;
  // The link first, so nothing is removed through it; a jest worker still writing its cache can
  // recreate files for a moment, hence the retries.
  rmSync(join(workDir, 'node_modules'), { force: true });
  for (let attempt = 1; ; attempt += 1) {
    try {
      rmSync(workDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
      break;
    } catch (error) {
      if (attempt === 10) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  workDir = null;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    cleanUp();
    console.error(`\nmutate: stopped by ${signal}; the working tree was never changed, the copy is removed.`);
    process.exit(130);
  });
}

function runJest(directory, tests) {
  return new Promise((resolveRun) => {
    child = spawn(
      process.execPath,
      [
        '--experimental-vm-modules',
        '--no-warnings',
        'node_modules/jest/bin/jest.js',
        ...tests,
        '--selectProjects',
        'unit',
        '--bail',
        '--silent',
        '--cacheDirectory',
        join(directory, '.jest-cache'),
      ],
      // Its own process group, so a stop takes jest's workers with it.
      { cwd: directory, stdio: 'ignore', detached: true, env: { ...process.env, CI: 'true' } }
    );
    // A mutant that loops forever is killed by its test timeouts; this is the last resort.
    const timer = setTimeout(() => child !== null && process.kill(-child.pid, 'SIGKILL'), 300_000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      child = null;
      resolveRun({ code, signal });
    });
  });
}

async function main() {
  const mutants = select(candidates(), COUNT);
  if (LIST_ONLY) {
    const graph = importGraph(ROOT);
    for (const mutant of mutants) {
      console.log(
        `${mutant.file}:${mutant.line} [${mutant.operator}] (${testsFor(graph, mutant.file).length} test files) ${mutant.mutated.trim()}`
      );
    }
    return;
  }
  workDir = mkdtempSync(join(tmpdir(), 'ecs-netfix-mutate-'));
  for (const entry of ['shared', 'tests', 'docs', 'jest.config.mjs', 'tsconfig.json', 'package.json', 'README.md']) {
    cpSync(join(ROOT, entry), join(workDir, entry), { recursive: true });
  }
  symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(workDir, 'node_modules'));

  const graph = importGraph(workDir);
  const survivors = [];
  const untested = [];
  let killed = 0;
  const started = Date.now();
  for (const [index, mutant] of mutants.entries()) {
    const tests = testsFor(graph, mutant.file);
    const label = `${mutant.file}:${mutant.line} [${mutant.operator}]`;
    if (tests.length === 0) {
      untested.push(mutant);
      console.log(`${String(index + 1).padStart(3)} NO TESTS ${label}`);
      continue;
    }
    const path = join(workDir, mutant.file);
    const original = readFileSync(path, 'utf8');
    const lines = original.split('\n');
    lines[mutant.line - 1] = mutant.mutated;
    writeFileSync(path, lines.join('\n'));
    try {
      const { code } = await runJest(workDir, tests);
      if (code === 0) survivors.push(mutant);
      else killed += 1;
      console.log(
        `${String(index + 1).padStart(3)} ${code === 0 ? 'SURVIVED' : 'killed  '} ${label} (${tests.length} test files)`
      );
      if (code === 0) console.log(`      ${mutant.mutated.trim()}`);
    } finally {
      writeFileSync(path, original);
    }
  }
  const total = mutants.length;
  const score = total === 0 ? 0 : (killed / total) * 100;
  console.log(
    `\nmutation score: ${killed}/${total} killed = ${score.toFixed(1)}% (${survivors.length} survived, ${untested.length} without tests) in ${Math.round((Date.now() - started) / 1000)} s`
  );
  for (const mutant of [...survivors, ...untested]) {
    console.log(`survivor: ${relative('.', mutant.file)}:${mutant.line} [${mutant.operator}] ${mutant.mutated.trim()}`);
  }
}

try {
  await main();
} finally {
  cleanUp();
}
