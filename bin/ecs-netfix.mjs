#!/usr/bin/env node
// Runs the bundled CLI. `npm run build` (or the README's commands) creates dist/cli first.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/cli/index.mjs', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write('ecs-netfix: dist/cli/index.mjs is missing; run `npm run build` first.\n');
  process.exit(2);
}
await import(bundle);
