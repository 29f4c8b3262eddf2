import { EXIT_OK, type CliIo } from '../cli-io.js';
import {
  expectArguments,
  openDirectorSession,
  parseDirectorArgs,
  parseTaskId,
} from '../director-client/index.js';

const USAGE = 'bosun cancel-task ID';

/** `bosun cancel-task ID`: asks the Director to cancel a queued or running task. */
export async function runCancelTask(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseDirectorArgs(argv, {}, USAGE);
  expectArguments(positionals, 1, USAGE);
  const id = parseTaskId(positionals[0], USAGE);
  const { client, ui } = openDirectorSession(values, io);
  await client.cancelTask(id);
  ui.succeed();
  return EXIT_OK;
}
