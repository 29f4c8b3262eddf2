import type { Readable, Writable } from 'node:stream';

/** What a command may touch of the outside world, wired in bin/bosun.js. */
export interface CliIo {
  /** Only commands that read a request from stdin (`cpi`) use it. */
  stdin?: Readable;
  stdout: Writable;
  stderr: Writable;
  env: Readonly<Record<string, string | undefined>>;
}

/** Exit codes of every command: 0 success, 1 the operation failed, 2 bad usage or input. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
