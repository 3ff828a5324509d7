// Runs before every test file: quiet, deterministic Powertools and no real AWS by accident.
import { jest } from '@jest/globals';

// The project's time limit for each test and hook (jest.config.mjs: 5 s unit, 60 s integration,
// 120 s infra); a test's own third argument still wins.
const { netfixTestTimeoutMs } = globalThis as { netfixTestTimeoutMs?: number };
if (netfixTestTimeoutMs !== undefined) jest.setTimeout(netfixTestTimeoutMs);

process.env.POWERTOOLS_DEV = 'true';
process.env.POWERTOOLS_LOG_LEVEL = process.env.POWERTOOLS_LOG_LEVEL ?? 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_SERVICE_NAME = 'ecs-netfix';
process.env.POWERTOOLS_METRICS_NAMESPACE = 'EcsNetfix';
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_REGION = process.env.AWS_REGION ?? 'eu-west-1';
process.env.AWS_ACCESS_KEY_ID = process.env.AWS_ACCESS_KEY_ID ?? 'testing';
process.env.AWS_SECRET_ACCESS_KEY = process.env.AWS_SECRET_ACCESS_KEY ?? 'testing';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
// Tests only ever talk to loopback: without a moto URL (a unit run on its own), any client that
// escaped its mock gets a refused connection on 127.0.0.1, never a real AWS endpoint.
process.env.AWS_ENDPOINT_URL = process.env.AWS_ENDPOINT_URL || 'http://127.0.0.1:9';
