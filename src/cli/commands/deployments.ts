import { EXIT_OK, type CliIo } from '../cli-io.js';
import { expectArguments, openDirectorSession, parseDirectorArgs } from '../director-client/index.js';

const USAGE = 'bosun deployments [--json]';

/** `bosun deployments`: each deployment with its releases, stemcells and teams. */
export async function runDeployments(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseDirectorArgs(argv, {}, USAGE);
  expectArguments(positionals, 0, USAGE);
  const { client, ui } = openDirectorSession(values, io);
  const deployments = await client.deployments();
  ui.table({
    content: 'deployments',
    header: ['Name', 'Release(s)', 'Stemcell(s)', 'Team(s)'],
    rows: deployments.map((d) => [
      d.name,
      d.releases.map((r) => `${r.name}/${r.version}`).join('\n'),
      d.stemcells.map((s) => `${s.name}/${s.version}`).join('\n'),
      d.teams.join('\n'),
    ]),
  });
  ui.succeed();
  return EXIT_OK;
}
