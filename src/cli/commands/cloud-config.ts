import { BosunError } from '../../base/index.js';
import { EXIT_OK, type CliIo } from '../cli-io.js';
import { expectArguments, openDirectorSession, parseDirectorArgs } from '../director-client/index.js';

const USAGE = 'bosun cloud-config [--json]';

/** `bosun cloud-config`: the cloud config in effect, as uploaded. */
export async function runCloudConfig(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseDirectorArgs(argv, {}, USAGE);
  expectArguments(positionals, 0, USAGE);
  const { client, ui } = openDirectorSession(values, io);
  const config = await client.latestCloudConfig();
  if (config === undefined) throw new BosunError('CLOUD_CONFIG_NOT_FOUND', 'No cloud config');
  ui.block(config.content);
  ui.succeed();
  return EXIT_OK;
}
