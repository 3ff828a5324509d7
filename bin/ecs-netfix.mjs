#!/usr/bin/env node
// Runs the bundled CLI. `npm run build` (or the README's commands) creates dist/cli first.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The AWS SDK prints a nine-line notice about its own Node support on Node 20; it says nothing
// about ecs-netfix, so the CLI never shows it (the SDK reads this when a client is created).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const bundle = fileURLToPath(new URL('../dist/cli/index.mjs', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write('ecs-netfix: dist/cli/index.mjs is missing; run `npm run build` first.\n');
  process.exit(2);
}
await import(bundle);
