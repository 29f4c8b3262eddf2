import { stat } from 'node:fs/promises';
import { BosunError, describeError, systemClock, type Clock } from '../../base/index.js';
import {
  bashPrePackagingRunner,
  createDevRelease,
  gitExecutable,
  type GitRepo,
} from '../../release/index.js';
import { EXIT_OK, type CliIo } from '../cli-io.js';
import {
  assertTaskSucceeded,
  expectArguments,
  followTask,
  openDirectorSession,
  parseDirectorArgs,
} from '../director-client/index.js';

const USAGE = 'bosun upload-release FILE|DIR';

/** What upload-release needs to build a dev release from a directory; main wires the real ones. */
export interface UploadReleaseDeps {
  clock: Clock;
  git: GitRepo;
}

/**
 * `bosun upload-release FILE|DIR`: uploads a release tarball, or first builds the next dev
 * release of a release directory (as `bosun create-release --force` would) and uploads that;
 * then follows the Director's task, printing its event log live as `bosh` does.
 */
export async function runUploadRelease(
  argv: readonly string[],
  io: CliIo,
  deps: UploadReleaseDeps = { clock: systemClock, git: gitExecutable },
): Promise<number> {
  const { values, positionals } = parseDirectorArgs(argv, {}, USAGE);
  expectArguments(positionals, 1, USAGE);
  const path = positionals[0]!;
  const info = await stat(path).catch((e: unknown) => {
    throw new BosunError('INPUT_UNREADABLE', `Cannot read release ${path}: ${describeError(e)}`, {
      cause: e,
      hint: USAGE,
    });
  });
  const { client, ui } = openDirectorSession({ ...values, json: false }, io);
  let tarball = path;
  if (info.isDirectory()) {
    const created = await createDevRelease({
      dir: path,
      force: true,
      clock: deps.clock,
      git: deps.git,
      runPrePackaging: bashPrePackagingRunner(io.env),
    });
    ui.line(`Added dev release '${created.name}/${created.version}' (${created.path})`);
    ui.line('');
    tarball = created.path;
  }
  const task = await client.uploadRelease(tarball);
  assertTaskSucceeded(await followTask(client, task.id, 'event', io.stdout));
  ui.succeed();
  return EXIT_OK;
}
