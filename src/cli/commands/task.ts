import { BosunError } from '../../base/index.js';
import { EXIT_OK, type CliIo } from '../cli-io.js';
import {
  assertTaskSucceeded,
  expectArguments,
  followTask,
  openDirectorSession,
  parseDirectorArgs,
  parseTaskId,
} from '../director-client/index.js';

const USAGE = 'bosun task ID [--event|--debug|--result]';

/**
 * `bosun task ID`: follows the task until it ends, printing its event log as `bosh task`
 * does (or its debug log, or its result). Exits 1 when the task did not succeed.
 */
export async function runTask(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseDirectorArgs(
    argv,
    { event: { type: 'boolean' }, debug: { type: 'boolean' }, result: { type: 'boolean' } },
    USAGE,
  );
  expectArguments(positionals, 1, USAGE);
  const id = parseTaskId(positionals[0], USAGE);
  if ([values.event, values.debug, values.result].filter((v) => v === true).length > 1) {
    throw new BosunError('USAGE', 'give at most one of --event, --debug, --result', { hint: USAGE });
  }
  const type = values.debug === true ? 'debug' : values.result === true ? 'result' : 'event';
  const { client, ui } = openDirectorSession({ ...values, json: false }, io);
  assertTaskSucceeded(await followTask(client, id, type, io.stdout));
  ui.succeed();
  return EXIT_OK;
}
