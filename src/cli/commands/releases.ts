import { EXIT_OK, type CliIo } from '../cli-io.js';
import { expectArguments, openDirectorSession, parseDirectorArgs } from '../director-client/index.js';

const USAGE = 'bosun releases [--json]';

/** `bosun releases`: every release version, newest version first, `*` when deployed, `+` when built from uncommitted changes. */
export async function runReleases(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseDirectorArgs(argv, {}, USAGE);
  expectArguments(positionals, 0, USAGE);
  const { client, ui } = openDirectorSession(values, io);
  const releases = await client.releases();
  const rows = [...releases]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((release) =>
      [...release.release_versions]
        .reverse()
        .map((v) => [
          release.name,
          `${v.version}${v.currently_deployed ? '*' : ''}`,
          `${v.commit_hash}${v.uncommitted_changes ? '+' : ''}`,
        ]),
    );
  ui.table({
    content: 'releases',
    header: ['Name', 'Version', 'Commit Hash'],
    rows,
    notes: ['(*) Currently deployed', '(+) Uncommitted changes'],
  });
  ui.succeed();
  return EXIT_OK;
}
