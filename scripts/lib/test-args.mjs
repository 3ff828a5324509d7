// What `npm test -- ARGS` asks of jest: which projects, which files, and so whether moto is needed.
// Pure, so tests/unit/scripts/test-args.test.ts pins it down.

/** The jest projects (displayName in jest.config.mjs). */
const PROJECTS = ['unit', 'integration', 'infra'];

/** jest options that take the next argument as their value (so it is not a path pattern). */
const VALUE_FLAGS = new Set([
  '-c',
  '--config',
  '-t',
  '--testNamePattern',
  '-w',
  '--maxWorkers',
  '--shard',
  '--seed',
  '--testTimeout',
  '--outputFile',
  '--reporters',
  '--testPathIgnorePatterns',
  '--coverageDirectory',
  '--coverageProvider',
  '--testSequencer',
  '--maxConcurrency',
]);

/**
 * Reads the arguments given to `npm test --`. `--project X` (the form the README used with
 * vitest) means `--selectProjects X`. Values after `--selectProjects`/`--ignoreProjects` that
 * are not project names are path patterns (jest would take them for project names and run
 * everything). `integrationFiles` are the integration test files (absolute paths): moto is needed
 * only when one of them is among what the run selects.
 */
function planTestRun(args, integrationFiles) {
  const passThrough = [];
  const patterns = [];
  const selected = [];
  const ignored = [];
  let collecting = null;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index];
    if (arg === '--project' || arg === '--selectProjects') {
      collecting = selected;
    } else if (arg === '--ignoreProjects') {
      collecting = ignored;
    } else if (arg.startsWith('--project=') || arg.startsWith('--selectProjects=')) {
      selected.push(...arg.slice(arg.indexOf('=') + 1).split(','));
      collecting = null;
    } else if (arg.startsWith('--ignoreProjects=')) {
      ignored.push(...arg.slice(arg.indexOf('=') + 1).split(','));
      collecting = null;
    } else if (arg.startsWith('-')) {
      collecting = null;
      passThrough.push(arg);
      if (VALUE_FLAGS.has(arg) && index + 1 < args.length) {
        index += 1;
        passThrough.push(args[index]);
      }
      if (arg === '--testPathPatterns') {
        while (index + 1 < args.length && !args[index + 1].startsWith('-')) {
          index += 1;
          patterns.push(args[index]);
        }
        passThrough.pop();
      }
    } else if (collecting !== null && PROJECTS.includes(arg)) {
      collecting.push(arg);
    } else {
      collecting = null;
      patterns.push(arg);
    }
  }
  const projects = (selected.length > 0 ? selected : PROJECTS).filter((name) => !ignored.includes(name));
  const matchers = patterns.map((pattern) => new RegExp(pattern, 'i'));
  const integrationSelected =
    projects.includes('integration') &&
    (matchers.length === 0 || integrationFiles.some((file) => matchers.some((matcher) => matcher.test(file))));
  const jestArgs = [
    ...passThrough,
    ...patterns,
    ...(selected.length > 0 ? ['--selectProjects', ...new Set(selected)] : []),
    ...(ignored.length > 0 ? ['--ignoreProjects', ...new Set(ignored)] : []),
  ];
  return { jestArgs, projects, needsMoto: integrationSelected };
}

export { planTestRun };
