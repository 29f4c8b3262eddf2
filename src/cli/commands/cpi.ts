import { BosunError } from '../../base/index.js';
import { runLocalCpiCommand } from '../../cpi/index.js';
import type { CliIo } from '../cli-io.js';

/**
 * `bosun cpi local --config FILE`: the built-in local CPI as an external CPI executable
 * (DESIGN decision 6). Reads one BOSH CPI request from stdin, writes one response to
 * stdout; CPI failures are in the response, so the exit code is 0 whenever a response
 * was written.
 */
export async function runCpi(argv: readonly string[], io: CliIo): Promise<number> {
  const [kind, flag, configFile, ...extra] = argv;
  if (kind !== 'local' || flag !== '--config' || configFile === undefined || extra.length > 0) {
    throw new BosunError('USAGE', 'usage: bosun cpi local --config FILE (request JSON on stdin)');
  }
  if (io.stdin === undefined) throw new BosunError('USAGE', 'bosun cpi needs the request on stdin');
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin as AsyncIterable<Buffer>) chunks.push(chunk);
  io.stdout.write(await runLocalCpiCommand(configFile, Buffer.concat(chunks).toString('utf8')));
  return 0;
}
