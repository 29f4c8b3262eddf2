import { EXIT_OK, type CliIo } from '../cli-io.js';
import { expectArguments, openDirectorSession, parseDirectorArgs } from '../director-client/index.js';

const USAGE = 'bosun env [-e URL --client NAME --client-secret SECRET] [--json]';

/** `bosun env`: the Director's name, UUID, version, CPI, features and the user, as `bosh env`. */
export async function runEnv(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseDirectorArgs(argv, {}, USAGE);
  expectArguments(positionals, 0, USAGE);
  const { client, ui } = openDirectorSession(values, io);
  const info = await client.info();
  ui.table({
    content: 'director',
    header: ['Name', 'UUID', 'Version', 'CPI', 'Features', 'User'],
    rows: [
      [
        info.name,
        info.uuid,
        info.version,
        info.cpi,
        `enable_post_deploy: ${info.features.enable_post_deploy ? 'enabled' : 'disabled'}`,
        info.user,
      ],
    ],
    isTransposed: true,
  });
  ui.succeed();
  return EXIT_OK;
}
