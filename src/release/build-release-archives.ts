import { join } from 'node:path';
import { buildArchive, type BuildArchiveOptions } from './build-archive.js';
import { digestFile } from './digest.js';
import type { FingerprintFile } from './fingerprint.js';
import type { PrePackagingRunner } from './pre-packaging.js';
import type { ReleaseSource } from './read-release-dir.js';
import type { ReleaseManifest } from './release-manifest.js';
import type { ReleaseArchives } from './write-release-tarball.js';

/** The archives of a release source tree and their digests (`sha1` in `release.MF`), by name. */
export interface BuiltReleaseArchives {
  archives: ReleaseArchives;
  jobDigests: ReadonlyMap<string, string>;
  packageDigests: ReadonlyMap<string, string>;
  licenseDigest: string | undefined;
}

/**
 * Builds `jobs/<name>.tgz` (symlinks followed), `packages/<name>.tgz` (symlinks kept,
 * `pre_packaging` run then removed) and `license.tgz` under `workDir`, and digests each with
 * the release's algorithm.
 */
export async function buildReleaseArchives(
  source: ReleaseSource,
  options: { workDir: string; mtime: Date; runPrePackaging: PrePackagingRunner },
): Promise<BuiltReleaseArchives> {
  const { workDir } = options;
  const build = async (
    archive: string,
    files: readonly FingerprintFile[],
    extra: Partial<BuildArchiveOptions>,
  ): Promise<string> => {
    const base = { stagingDir: join(workDir, 'staging'), destination: archive, followSymlinks: false };
    await buildArchive(files, { ...base, mtime: options.mtime, ...extra });
    return digestFile(source.algorithm, archive);
  };
  const jobs = new Map<string, string>();
  const jobDigests = new Map<string, string>();
  for (const { job, files } of source.jobs) {
    const archive = join(workDir, 'jobs', `${job.spec.name}.tgz`);
    jobDigests.set(job.spec.name, await build(archive, files, { followSymlinks: true }));
    jobs.set(job.spec.name, archive);
  }
  const packages = new Map<string, string>();
  const packageDigests = new Map<string, string>();
  for (const pkg of source.packages) {
    const archive = join(workDir, 'packages', `${pkg.name}.tgz`);
    const script = pkg.prePackaging?.relativePath;
    const hook = (buildDir: string) =>
      options.runPrePackaging({ script: join(buildDir, script ?? ''), buildDir, releaseDir: source.dir });
    const extra = script === undefined ? {} : { hook, removeAfterHook: [script] };
    packageDigests.set(pkg.name, await build(archive, pkg.files, extra));
    packages.set(pkg.name, archive);
  }
  let license: ReleaseArchives['license'];
  let licenseDigest: string | undefined;
  if (source.license !== undefined) {
    const archive = join(workDir, 'license.tgz');
    licenseDigest = await build(archive, source.license.files, {});
    license = { archive, files: source.license.files.map((f) => f.path) };
  }
  return { archives: { jobs, packages, license }, jobDigests, packageDigests, licenseDigest };
}

/** The `release.MF` of a built dev release: job and package versions are their fingerprints. */
export function devReleaseManifest(
  source: ReleaseSource,
  built: BuiltReleaseArchives,
  release: { name: string; version: string; commitHash: string; uncommittedChanges: boolean },
): ReleaseManifest {
  const license = source.license;
  return {
    ...release,
    jobs: source.jobs.map(({ job, fingerprint }) => ({
      name: job.spec.name,
      version: fingerprint,
      fingerprint,
      sha1: built.jobDigests.get(job.spec.name) ?? '',
      packages: job.spec.packages,
    })),
    packages: source.packages.map((p) => ({
      name: p.name,
      version: p.fingerprint,
      fingerprint: p.fingerprint,
      sha1: built.packageDigests.get(p.name) ?? '',
      dependencies: p.dependencies,
    })),
    license:
      license === undefined
        ? undefined
        : { version: license.fingerprint, fingerprint: license.fingerprint, sha1: built.licenseDigest ?? '' },
  };
}
