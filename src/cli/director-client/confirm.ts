import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { BosunError } from '../../base/index.js';
import type { CliIo } from '../cli-io.js';

/**
 * True when the command may ask the operator: not `-n`, and stdin is a terminal (a script
 * piping into bosun must not hang on a question nobody sees).
 */
export function isInteractive(io: CliIo, isNonInteractive: boolean | undefined): boolean {
  return (
    isNonInteractive !== true && (io.stdin as (Readable & { isTTY?: boolean }) | undefined)?.isTTY === true
  );
}

/**
 * Asks bosh-cli's `Continue? [yN]:` on stdout and reads one line from stdin; `y` or `yes`
 * goes on, anything else (or the end of input) stops the command with bosh-cli's `Stopped`
 * (`STOPPED`, exit 1). Call only when {@link isInteractive}.
 */
export async function askForConfirmation(io: CliIo): Promise<void> {
  const stdin = io.stdin;
  if (stdin === undefined) throw new BosunError('STOPPED', 'Stopped');
  io.stdout.write('Continue? [yN]: ');
  const answer = await readLine(stdin);
  io.stdout.write('\n');
  if (!/^(y|yes)$/i.test(answer?.trim() ?? '')) throw new BosunError('STOPPED', 'Stopped');
}

async function readLine(input: Readable): Promise<string | undefined> {
  const lines = createInterface({ input, terminal: false });
  try {
    for await (const line of lines) return line;
    return undefined;
  } finally {
    lines.close();
  }
}
