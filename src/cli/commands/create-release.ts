import { parseArgs } from 'node:util';
import { BosunError, systemClock, type Clock } from '../../base/index.js';
import {
  bashPrePackagingRunner,
  createDevRelease,
  gitExecutable,
  type CreatedDevRelease,
  type GitRepo,
} from '../../release/index.js';
import { EXIT_OK, type CliIo } from '../cli-io.js';
import { formatColumns } from '../format-columns.js';

const HINT =
  'bosun create-release [--dir DIR] [--tarball FILE] [--force] [--name NAME] [--version V] [--sha2] [--timestamp-version]';

/** The outside world create-release touches besides the file system; main wires the real ones. */
export interface CreateReleaseDeps {
  clock: Clock;
  git: GitRepo;
}

/**
 * `bosun create-release`: builds a dev release of a BOSH release directory and prints what
 * bosh-cli prints: an `Added ...` line per job, package and license and for the release, the
 * summary (Name, Version, Commit Hash, Archive), the jobs and packages tables, `Succeeded`.
 */
export async function runCreateRelease(
  argv: readonly string[],
  io: CliIo,
  deps: CreateReleaseDeps = { clock: systemClock, git: gitExecutable },
): Promise<number> {
  const { values, positionals } = parseCreateReleaseArgs(argv);
  if (positionals.length > 0) {
    throw new BosunError('USAGE', `bosun create-release takes no arguments, got '${positionals.join(' ')}'`, {
      hint: HINT,
    });
  }
  const release = await createDevRelease({
    dir: values.dir ?? '.',
    ...(values.tarball === undefined ? {} : { tarball: values.tarball }),
    ...(values.name === undefined ? {} : { name: values.name }),
    ...(values.version === undefined ? {} : { version: values.version }),
    force: values.force === true,
    sha2: values.sha2 === true,
    timestampVersion: values['timestamp-version'] === true,
    clock: deps.clock,
    git: deps.git,
    runPrePackaging: bashPrePackagingRunner(io.env),
  });
  io.stdout.write(formatCreatedRelease(release));
  return EXIT_OK;
}

/** bosh-cli's create-release output (`cmd/release_tables.go`), as text. */
export function formatCreatedRelease(release: CreatedDevRelease): string {
  const { manifest } = release;
  const lines: string[] = [];
  for (const job of manifest.jobs) lines.push(`Added job '${job.name}/${job.fingerprint}'`);
  for (const pkg of manifest.packages) lines.push(`Added package '${pkg.name}/${pkg.fingerprint}'`);
  if (manifest.license !== undefined) lines.push(`Added license 'license/${manifest.license.fingerprint}'`);
  lines.push(`Added dev release '${manifest.name}/${manifest.version}'`, '');
  const commit = `${manifest.commitHash}${manifest.uncommittedChanges ? '+' : ''}`;
  lines.push(
    ...formatColumns([
      ['Name', manifest.name],
      ['Version', manifest.version],
      ['Commit Hash', commit],
      ['Archive', release.path],
    ]),
    '',
  );
  const byName = <T extends { name: string }>(items: readonly T[]) =>
    [...items].sort((a, b) => (a.name < b.name ? -1 : 1));
  lines.push(
    ...formatColumns([
      ['Job', 'Digest', 'Packages'],
      ...byName(manifest.jobs).map((j) => [`${j.name}/${j.fingerprint}`, j.sha1, j.packages.join('\n')]),
    ]),
    '',
    `${manifest.jobs.length} jobs`,
    '',
  );
  lines.push(
    ...formatColumns([
      ['Package', 'Digest', 'Dependencies'],
      ...byName(manifest.packages).map((p) => [
        `${p.name}/${p.fingerprint}`,
        p.sha1,
        p.dependencies.join('\n'),
      ]),
    ]),
    '',
    `${manifest.packages.length} packages`,
    '',
    'Succeeded',
  );
  return `${lines.join('\n')}\n`;
}

function parseCreateReleaseArgs(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        dir: { type: 'string' },
        tarball: { type: 'string' },
        force: { type: 'boolean' },
        name: { type: 'string' },
        version: { type: 'string' },
        sha2: { type: 'boolean' },
        'timestamp-version': { type: 'boolean' },
        debug: { type: 'boolean' },
      },
    });
  } catch (e) {
    throw new BosunError('USAGE', (e as Error).message, { hint: HINT });
  }
}
