// jest runs the TypeScript sources as native ES modules (node --experimental-vm-modules, set by
// scripts/test.mjs): @swc/jest strips the types file by file and keeps `import`/`export`,
// `import.meta.url` and top-level await as they are. docs/testing.md says why this route.

/** @type {import('jest').Config['transform']} */
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      // Options inline, so no .swcrc is read; the target matches tsconfig.json.
      swcrc: false,
      // keepImportAttributes: `with { type: 'json' }` stays, as Node requires it for JSON.
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022', experimental: { keepImportAttributes: true } },
      module: { type: 'es6' },
    },
  ],
};

/** What every project shares: the same transform, resolution and set-up file. */
const shared = {
  rootDir: import.meta.dirname,
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  // NodeNext sources import `./x.js` for `./x.ts`.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform,
  setupFiles: ['<rootDir>/tests/helpers/setup-env.ts'],
  // Per project (a project-level testTimeout is not applied by jest-circus): setup-env.ts passes
  // this global to jest.setTimeout, for tests and hooks alike.
  globals: { netfixTestTimeoutMs: 5_000 },
  // Not the temp directory: scripts/test.mjs checks that a run leaves nothing there.
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
};

/** @type {import('jest').Config} */
const config = {
  // A worker per core (jest's default leaves one core idle: one worker on a 2-core machine).
  maxWorkers: '100%',
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
    {
      // One moto server holds shared state: integration files run one at a time (serial runner).
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
      runner: '<rootDir>/tests/helpers/serial-runner.mjs',
      globals: { netfixTestTimeoutMs: 60_000 },
    },
    {
      ...shared,
      displayName: 'infra',
      testMatch: ['<rootDir>/tests/infra/**/*.test.ts'],
      globals: { netfixTestTimeoutMs: 120_000 },
    },
  ],
};

export default config;
