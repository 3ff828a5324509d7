#!/usr/bin/env node
// Invokes the BUILT Lambda bundle (dist/remediate/index.mjs) the way Lambda does: a fresh process
// (a cold start) with the function's environment, one handler call per event. Tests, the demo and
// the benchmark use it so that what they exercise is exactly what gets deployed.
//
//   node scripts/lib/invoke-bundle.mjs IN.json OUT.json
//   IN.json:  { "events": [...], "concurrent": false, "requestId": "..." }
//   requestId: every invocation gets this one (Lambda keeps it for the retries of one event);
//   otherwise each gets a new one.
//   OUT.json: [{ "ok": true, "report": {...}, "ms": 12.3 } | { "ok": false, "error": {...} }]
// The function's own logs go to stdout/stderr as in Lambda; results go to OUT.json.
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const [inputFile, outputFile, bundle = 'dist/remediate/index.mjs'] = process.argv.slice(2);
if (!inputFile || !outputFile) {
  process.stderr.write('usage: invoke-bundle.mjs IN.json OUT.json [bundle]\n');
  process.exit(2);
}
const { events, concurrent = false, requestId } = JSON.parse(readFileSync(inputFile, 'utf8'));

// The function's timeout; tests of "out of time" set a short one.
const timeoutMs = Number(process.env.NETFIX_INVOKE_TIMEOUT_MS ?? 60_000);

function lambdaContext() {
  const deadline = Date.now() + timeoutMs;
  return {
    awsRequestId: requestId ?? randomUUID(),
    functionName: 'ecs-netfix-remediate',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:ecs-netfix-remediate',
    memoryLimitInMB: '512',
    logGroupName: '/aws/lambda/ecs-netfix-remediate',
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done() {},
    fail() {},
    succeed() {},
  };
}

async function invoke(handler, event) {
  const started = performance.now();
  try {
    const report = await handler(event, lambdaContext());
    return { ok: true, report, ms: performance.now() - started };
  } catch (error) {
    return {
      ok: false,
      ms: performance.now() - started,
      error: { name: error?.name, message: error?.message, transient: error?.transient ?? null },
    };
  }
}

let results;
try {
  const { handler } = await import(pathToFileURL(bundle).href);
  results = concurrent
    ? await Promise.all(events.map((event) => invoke(handler, event)))
    : await events.reduce(async (previous, event) => [...(await previous), await invoke(handler, event)], Promise.resolve([]));
} catch (error) {
  // A cold-start failure (e.g. a bad setting) fails every event in this process.
  results = events.map(() => ({ ok: false, coldStart: true, error: { name: error?.name, message: error?.message } }));
}
writeFileSync(outputFile, JSON.stringify(results));
// Lambda ends an invocation when the handler's promise settles, not when the event loop drains:
// a socket the handler left open (a reply held past the deadline) must not keep this process alive.
process.exit(0);
