import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { BosunError, type Clock } from '../base/index.js';
import { buildReleaseArchives, devReleaseManifest } from './build-release-archives.js';
import { gitExecutable, type GitRepo } from './git-repo.js';
import { bashPrePackagingRunner, type PrePackagingRunner } from './pre-packaging.js';
import { readReleaseDir, type ReleaseSource } from './read-release-dir.js';
import { releaseNameOf, readReleaseConfig } from './release-config.js';
import { addDevRelease, lastReleaseVersion, readReleaseIndex } from './release-index.js';
import { formatReleaseManifest, type ReleaseManifest } from './release-manifest.js';
import { formatReleaseVersion, nextDevVersion, parseReleaseVersion } from './release-version.js';
import { syncBlobs } from './sync-blobs.js';
import { writeReleaseTarball } from './write-release-tarball.js';

/** What `bosun create-release` asks for. */
export interface CreateDevReleaseOptions {
  /** The release directory. */
  dir: string;
  /** Where to write the tarball; default `dev_releases/<name>/<name>-<version>.tgz`. */
  tarball?: string;
  /** Build even when git reports local modifications (recorded as `uncommitted_changes`). */
  force?: boolean;
  /** Release name; default from `config/final.yml`. */
  name?: string;
  /** Release version; default the next dev version (`0+dev.1`, `0+dev.2`, ...). */
  version?: string;
  /** Use `dev.<unix seconds>` as the post-release (bosh-cli `--timestamp-version`). */
  timestampVersion?: boolean;
  /** Fingerprints and digests with SHA-256 (bosh-cli `--sha2`); default SHA-1. */
  sha2?: boolean;
  /** Gives every archive entry's mtime. */
  clock: Clock;
  /** Default: the `git` executable. */
  git?: GitRepo;
  /** Ids of `dev_releases/<name>/index.yml` builds; default random UUIDs. */
  newId?: () => string;
  /** Runs `pre_packaging` scripts; default bash with an empty base environment. */
  runPrePackaging?: PrePackagingRunner;
  /** Parent of the temporary build directory; default the OS temp directory. */
  workDir?: string;
}

/** A dev release that was created. */
export interface CreatedDevRelease {
  name: string;
  version: string;
  /** The release tarball. */
  path: string;
  /** The manifest, also written to `dev_releases/<name>/<name>-<version>.yml`. */
  manifest: ReleaseManifest;
  source: ReleaseSource;
}

/**
 * `bosh create-release` for a dev release (bosh-cli `releasedir/fs_release_dir.go`): checks
 * git (refusing local modifications unless `force`), fetches blobs, reads and validates the
 * release directory, builds each job, package and license archive, records the release in
 * `dev_releases/<name>/` and writes the tarball. Nothing is recorded when anything fails.
 */
export async function createDevRelease(options: CreateDevReleaseOptions): Promise<CreatedDevRelease> {
  const dir = resolve(options.dir);
  const config = await readReleaseConfig(dir);
  const name = releaseNameOf(config, dir, options.name);
  let next =
    options.version === undefined
      ? nextDevVersion(await lastReleaseVersion(dir, name))
      : parseReleaseVersion(options.version);
  if (options.version === undefined && options.timestampVersion === true) {
    next = { ...next, postRelease: ['dev', BigInt(Math.floor(options.clock.nowMs() / 1000))] };
  }
  const version = formatReleaseVersion(next);
  if ((await readReleaseIndex(join(dir, 'dev_releases'), name)).includes(version)) {
    throw new BosunError('RELEASE_EXISTS', `Release version '${version}' already exists`, {
      hint: 'Pass another --version, or leave it out to get the next dev version.',
    });
  }
  const git = options.git ?? gitExecutable;
  const status = await git.status(dir);
  if (status !== '' && options.force !== true) {
    throw new BosunError('RELEASE_DIRTY', `Git repository has local modifications:\n\n${status}`, {
      hint: 'Commit the changes, or pass --force to build the release from the working tree.',
    });
  }
  const commitHash = await git.lastCommitSha(dir);
  await syncBlobs(dir, config);
  const algorithm = options.sha2 === true ? 'sha256' : 'sha1';
  const source = await readReleaseDir(dir, { algorithm });
  const destination = resolve(options.tarball ?? join(dir, 'dev_releases', name, `${name}-${version}.tgz`));
  if ((await stat(destination).catch(() => undefined))?.isDirectory() === true) {
    throw new BosunError('INPUT_INVALID', `Path must not be directory: '${destination}'`, {
      hint: 'Give --tarball the path of the .tgz file to write.',
    });
  }
  const work = await mkdtemp(join(options.workDir ?? tmpdir(), 'bosun-create-release-'));
  try {
    const mtime = new Date(options.clock.nowMs());
    const runPrePackaging = options.runPrePackaging ?? bashPrePackagingRunner({});
    const archives = await buildReleaseArchives(source, { workDir: work, mtime, runPrePackaging });
    const manifest = devReleaseManifest(source, archives, {
      name,
      version,
      commitHash,
      uncommittedChanges: status !== '',
    });
    const built = join(work, 'release.tgz');
    await writeReleaseTarball(manifest, archives.archives, {
      stagingDir: join(work, 'release'),
      destination: built,
      mtime,
    });
    await addDevRelease(
      dir,
      { name, version, manifestText: formatReleaseManifest(manifest) },
      options.newId ?? randomUUID,
    );
    await moveFile(built, destination);
    return { name, version, path: destination, manifest, source };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function moveFile(from: string, to: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true });
  await rename(from, to).catch(async (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EXDEV') throw e;
    await copyFile(from, to);
  });
}
