import { chmod, copyFile, lstat, mkdir, readdir, readlink, realpath, rm, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { create } from 'tar';
import { BosunError, describeError } from '../base/index.js';
import { compareBytes, type FingerprintFile } from './fingerprint.js';

/** How one job, package or license archive is built. */
export interface BuildArchiveOptions {
  /** An empty directory to stage the files in; it is removed afterwards. */
  stagingDir: string;
  /** The `.tgz` to write. */
  destination: string;
  /** Copy symlinks' targets (jobs) or keep the links (packages). */
  followSymlinks: boolean;
  /** The modification time stored for every entry, so that equal inputs give equal bytes. */
  mtime: Date;
  /**
   * Runs after staging, before archiving (a package's `pre_packaging`); the paths of
   * `removeAfterHook` (relative) are then deleted from the staging directory.
   */
  hook?: (stagingDir: string) => Promise<void>;
  removeAfterHook?: readonly string[];
}

/**
 * Builds an archive as bosh-cli does (`release/resource/archive.go`): each file is copied to
 * its path in the archive with mode 0755 when its owner may execute it (lstat), else 0644;
 * directories get 0755. The gzipped tar lists every directory and file by relative path
 * (no `./`), sorted, owned by root, with `mtime`: the same inputs always give the same bytes.
 */
export async function buildArchive(
  files: readonly FingerprintFile[],
  options: BuildArchiveOptions,
): Promise<void> {
  const { stagingDir } = options;
  try {
    await mkdir(stagingDir, { recursive: true });
    for (const file of files)
      await stageFile(file, join(stagingDir, file.relativePath), options.followSymlinks);
    if (options.hook !== undefined) {
      await options.hook(stagingDir);
      for (const path of options.removeAfterHook ?? [])
        await rm(join(stagingDir, path), { recursive: true, force: true });
    }
    const entries = await listEntries(stagingDir);
    await mkdir(dirname(options.destination), { recursive: true });
    await create(
      {
        gzip: true,
        cwd: stagingDir,
        file: options.destination,
        portable: true,
        noDirRecurse: true,
        mtime: options.mtime,
      },
      entries,
    );
  } catch (e) {
    if (e instanceof BosunError) throw e;
    throw new BosunError('ARCHIVE_FAILED', `Building archive '${options.destination}': ${describeError(e)}`, {
      cause: e,
    });
  } finally {
    await rm(stagingDir, { recursive: true, force: true });
  }
}

async function stageFile(file: FingerprintFile, target: string, followSymlinks: boolean): Promise<void> {
  await mkdir(dirname(target), { recursive: true, mode: 0o755 });
  const info = await lstat(file.path);
  if (info.isSymbolicLink() && !followSymlinks) {
    await symlink(await readlink(file.path), target);
    return;
  }
  await copyFile(info.isSymbolicLink() ? await realpath(file.path) : file.path, target);
  await chmod(target, (info.mode & 0o100) !== 0 ? 0o755 : 0o644);
}

/** Every path below `dir`, relative, sorted by bytes: directories before what they hold. */
async function listEntries(dir: string): Promise<string[]> {
  const all = (await readdir(dir, { recursive: true })).map((p) => p.split('\\').join('/'));
  return all.sort(compareBytes);
}
