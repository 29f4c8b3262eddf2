import { EXIT_OK, type CliIo } from '../cli-io.js';
import { expectArguments, openDirectorSession, parseDirectorArgs } from '../director-client/index.js';

const USAGE = 'bosun stemcells [--json]';

/** `bosun stemcells`: name, version (`*` when deployed), OS, CPI and CID of each stemcell. */
export async function runStemcells(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseDirectorArgs(argv, {}, USAGE);
  expectArguments(positionals, 0, USAGE);
  const { client, ui } = openDirectorSession(values, io);
  const stemcells = await client.stemcells();
  ui.table({
    content: 'stemcells',
    header: ['Name', 'Version', 'OS', 'CPI', 'CID'],
    rows: stemcells.map((s) => [
      s.name,
      `${s.version}${s.deployments.length > 0 ? '*' : ''}`,
      s.operating_system,
      s.cpi,
      s.cid,
    ]),
    notes: ['(*) Currently deployed'],
  });
  ui.succeed();
  return EXIT_OK;
}
