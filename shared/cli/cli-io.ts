/**
 * The streams and environment a CLI run uses. Passed in rather than read from `process`, so
 * tests run the whole CLI in-process with in-memory streams.
 */

interface CliOutputStream {
  write(chunk: string): unknown;
  /** True only for a terminal: colors are for people, never for pipes and files. */
  isTTY?: boolean;
}

interface CliInputStream extends AsyncIterable<string | Buffer | Uint8Array> {
  isTTY?: boolean;
}

interface CliIo {
  stdin: CliInputStream;
  stdout: CliOutputStream;
  stderr: CliOutputStream;
  env: Readonly<Record<string, string | undefined>>;
}

export type { CliInputStream, CliIo, CliOutputStream };
