import { readFile } from 'node:fs/promises';
import { BosunError, describeError } from '../../base/index.js';
import { EXIT_OK, type CliIo } from '../cli-io.js';
import { expectArguments, openDirectorSession, parseDirectorArgs } from '../director-client/index.js';

const USAGE = 'bosun update-cloud-config FILE';

/** `bosun update-cloud-config FILE`: makes FILE the cloud config in effect (reference §6.2). */
export async function runUpdateCloudConfig(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseDirectorArgs(argv, {}, USAGE);
  expectArguments(positionals, 1, USAGE);
  const file = positionals[0]!;
  const yaml = await readFile(file, 'utf8').catch((e: unknown) => {
    throw new BosunError('INPUT_UNREADABLE', `Cannot read cloud config ${file}: ${describeError(e)}`, {
      cause: e,
    });
  });
  const { client, ui } = openDirectorSession(values, io);
  await client.updateCloudConfig(yaml);
  ui.succeed();
  return EXIT_OK;
}
