// Types of test-args.mjs for the TypeScript tests that import it.
export declare function planTestRun(
  args: string[],
  integrationFiles: string[]
): { jestArgs: string[]; projects: string[]; needsMoto: boolean };
