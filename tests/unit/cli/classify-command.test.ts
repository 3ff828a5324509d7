import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { useTempDirs } from '../../helpers/temp-dir.js';
import { runInMemory } from './run-in-memory.js';

const ECR_API_TIMEOUT =
  'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): RequestError: send request failed caused by: Post "https://api.ecr.eu-west-1.amazonaws.com/": dial tcp 52.95.121.23:443: i/o timeout. Please check your task network configuration.';
const IMAGE_NOT_FOUND =
  'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders-api:9.9.9: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders-api:9.9.9: not found';

const ESCAPE = '\u001b[';

function parseJsonLines(text: string): Record<string, unknown>[] {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('ecs-netfix classify', () => {
  it('prints a header and one aligned line for a REASON argument', async () => {
    // Act
    const result = await runInMemory(['classify', ECR_API_TIMEOUT]);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const [header, line, ...rest] = result.stdout.trimEnd().split('\n');
    expect(rest).toEqual([]);
    expect(header).toMatch(/^CATEGORY\s+SERVICE\s+ENDPOINT FIX\s+EVIDENCE$/);
    expect(line).toMatch(/^ecr_api_unreachable\s+ecr\.api\s+yes\s+\S/);
    expect(line).toContain('52.95.121.23 (public)');
    // Columns line up: SERVICE starts where the service name starts.
    expect(header?.indexOf('SERVICE')).toBe(line?.indexOf('ecr.api'));
  });

  it('says an image that does not exist is not fixable by an endpoint', async () => {
    const result = await runInMemory(['classify', IMAGE_NOT_FOUND]);

    expect(result.stdout.split('\n')[1]).toMatch(/^image_not_found\s+\S+\s+no\s/);
  });

  it('prints one JSON object with the classification for --json', async () => {
    const result = await runInMemory(['classify', '--json', ECR_API_TIMEOUT]);

    expect(result.code).toBe(0);
    const [object, ...rest] = parseJsonLines(result.stdout);
    expect(rest).toEqual([]);
    expect(object).toMatchObject({
      input: ECR_API_TIMEOUT,
      category: 'ecr_api_unreachable',
      service: 'ecr.api',
      endpointFixable: true,
      evidence: { ip: '52.95.121.23', ipScope: 'public' },
    });
    expect(Object.keys(object ?? {})).toEqual(['input', 'category', 'service', 'endpointFixable', 'evidence']);
  });

  it('reads one reason per line from stdin, skipping blank lines, in input order', async () => {
    const result = await runInMemory(['classify', '--json'], {
      stdin: `${ECR_API_TIMEOUT}\r\n\n   \n${IMAGE_NOT_FOUND}\n`,
    });

    expect(result.code).toBe(0);
    expect(parseJsonLines(result.stdout).map((object) => [object.input, object.category])).toEqual([
      [ECR_API_TIMEOUT, 'ecr_api_unreachable'],
      [IMAGE_NOT_FOUND, 'image_not_found'],
    ]);
  });

  it('prints the human table for stdin with one line per reason', async () => {
    const result = await runInMemory(['classify'], { stdin: `${ECR_API_TIMEOUT}\n${IMAGE_NOT_FOUND}` });

    expect(
      result.stdout
        .trimEnd()
        .split('\n')
        .map((line) => line.split(/\s+/)[0])
    ).toEqual(['CATEGORY', 'ecr_api_unreachable', 'image_not_found']);
  });

  it('names empty stdin as a usage error instead of printing nothing and exiting 0', async () => {
    for (const stdin of ['', '\n\n', '  \r\n']) {
      expect(await runInMemory(['classify'], { stdin })).toEqual({
        code: 2,
        stdout: '',
        stderr:
          "ecs-netfix classify: stdin is empty: give the input as an argument, or pipe it on stdin (one per line)\nRun 'ecs-netfix classify --help' for usage.\n",
      });
    }
  });

  it('asks for a REASON instead of waiting on a terminal', async () => {
    const result = await runInMemory(['classify'], { stdinIsTTY: true });

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "ecs-netfix classify: give a REASON, or pipe reasons on stdin (one per line)\nRun 'ecs-netfix classify --help' for usage.\n"
    );
  });

  it('colors the table on a terminal', async () => {
    const result = await runInMemory(['classify', ECR_API_TIMEOUT], { stdoutIsTTY: true });

    expect(result.stdout).toContain(`${ESCAPE}1mecr_api_unreachable`);
  });

  it('prints no color codes on a terminal when NO_COLOR is set', async () => {
    const result = await runInMemory(['classify', ECR_API_TIMEOUT], {
      stdoutIsTTY: true,
      env: { NO_COLOR: '1' },
    });

    expect(result.stdout).not.toContain(ESCAPE);
  });

  it('rejects an unknown flag with exit code 2', async () => {
    const result = await runInMemory(['classify', '--jsn', ECR_API_TIMEOUT]);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe("ecs-netfix classify: unknown option --jsn\nRun 'ecs-netfix classify --help' for usage.\n");
  });

  it('rejects a value given to --json', async () => {
    const result = await runInMemory(['classify', '--json=yes', ECR_API_TIMEOUT]);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^ecs-netfix classify: option --json takes no value\n/);
  });

  it('rejects an unquoted reason split into several arguments', async () => {
    const result = await runInMemory(['classify', 'CannotPullContainerError:', 'i/o', 'timeout']);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^ecs-netfix classify: takes at most 1 \(REASON\), got 3; put quotes around text that contains spaces\n/
    );
  });

  it('documents its options, stdin use and exit codes in --help', async () => {
    const result = await runInMemory(['classify', '--help']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--json');
    expect(result.stdout).toContain('reads one reason per line from stdin');
    expect(result.stdout).toContain('Exit codes:\n  0  every input was classified');
  });
});

describe('ecs-netfix classify --stats FILE', () => {
  const makeTempDir = useTempDirs();

  function labelledFile(rows: unknown): string {
    const directory = makeTempDir('netfix-stats-');
    const file = join(directory, 'labelled.json');
    writeFileSync(file, JSON.stringify(rows));
    return file;
  }

  it('prints accuracy, per-category precision and recall, and the misses', async () => {
    // Prepare
    const file = labelledFile([
      { text: ECR_API_TIMEOUT, label: 'ecr_api_unreachable' },
      { text: IMAGE_NOT_FOUND, label: 'image_not_found' },
      {
        text: 'CannotPullContainerError: Error response from daemon: pull access denied for x, repository does not exist',
        label: 'rate_limited',
      },
    ]);

    // Act
    const result = await runInMemory(['classify', '--stats', file]);

    // Assess
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/: 2\/3 right, accuracy 66\.7 %, unsafe 0$/);
    expect(result.stdout).toMatch(/ecr_api_unreachable\s+1\s+1\s+100\.0 %\s+100\.0 %/);
    expect(result.stdout).toMatch(/rate_limited\s+1\s+0\s+-\s+0\.0 %/);
    expect(result.stdout).toContain('misses (1):');
    expect(result.stdout).toContain('rate_limited -> registry_auth_failed');
  });

  it('accepts the second label where a row gives one, and filters by --split', async () => {
    // Prepare
    const file = labelledFile([
      { text: IMAGE_NOT_FOUND, label: 'registry_auth_failed', alt: 'image_not_found', split: 'heldout' },
      { text: ECR_API_TIMEOUT, label: 'rate_limited', split: 'dev' },
    ]);

    // Act
    const result = await runInMemory(['classify', '--stats', file, '--split', 'heldout', '--json']);

    // Assess
    const summary = JSON.parse(result.stdout) as { total: number; correct: number; unsafe: number };
    expect(summary).toMatchObject({ total: 1, correct: 1, unsafe: 0 });
  });

  it('exits 1 and names the reason when a non-network label is called endpoint-fixable', async () => {
    // Prepare: a label a careful reader would not give, to prove the count can move.
    const file = labelledFile([{ text: ECR_API_TIMEOUT, label: 'image_not_found' }]);

    // Act
    const result = await runInMemory(['classify', '--stats', file]);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/unsafe 1/);
    expect(result.stdout).toContain('UNSAFE image_not_found called endpoint-fixable ecr_api_unreachable');
  });

  it.each([
    { name: 'a missing file', rows: null, args: ['--stats', '/nonexistent/labelled.json'], message: /cannot read --stats/ },
    {
      name: 'an unknown label',
      rows: [{ text: 'x', label: 'not_a_category' }],
      args: [],
      message: /row 1: "label" must be one of/,
    },
    { name: 'not an array', rows: { text: 'x' }, args: [], message: /expected a JSON array/ },
  ])('refuses $name with a usage error', async ({ rows, args, message }) => {
    // Prepare
    const fileArgs = rows === null ? args : ['--stats', labelledFile(rows)];

    // Act
    const result = await runInMemory(['classify', ...fileArgs]);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('refuses --split without --stats', async () => {
    // Act
    const result = await runInMemory(['classify', '--split', 'dev', ECR_API_TIMEOUT]);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--split only goes with --stats/);
  });
});
