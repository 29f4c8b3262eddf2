import { PassThrough } from 'node:stream';
import type { CliIo } from '../../src/cli/cli-io.js';

/** Captured standard streams for running a command in-process; `stdin` is a terminal when `isTty`. */
export function captureIo(
  env: Record<string, string>,
  stdinText?: { text: string; isTty: boolean },
): { io: CliIo; stdout: () => string; stderr: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (b: Buffer) => out.push(b));
  stderr.on('data', (b: Buffer) => err.push(b));
  const io: CliIo = { stdout, stderr, env };
  if (stdinText !== undefined) {
    const stdin = Object.assign(new PassThrough(), { isTTY: stdinText.isTty });
    stdin.end(stdinText.text);
    io.stdin = stdin;
  }
  return {
    io,
    stdout: () => Buffer.concat(out).toString(),
    stderr: () => Buffer.concat(err).toString(),
  };
}
