import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extract, list } from 'tar';
import { BosunError, describeError } from '../base/index.js';
import { loadYaml } from '../yaml/index.js';
import { verifyFileDigest } from './digest.js';
import type { JobSpec } from './job-spec.js';
import { checkJobPackages, sortPackagesByDependencies } from './package-graph.js';
import { readJobDir, type JobSource } from './read-job-dir.js';
import { parseReleaseManifest, RELEASE_INVALID, type ReleaseManifest } from './release-manifest.js';
import { parseReleaseVersion } from './release-version.js';

/** A job of an uploaded release: what the Director stores, and the extracted job. */
export interface TarballJob {
  name: string;
  version: string;
  fingerprint: string;
  sha1: string;
  spec: JobSpec;
  /** `jobs/<name>.tgz` inside the extracted release (the blob to store). */
  archivePath: string;
  /** The extracted, validated job (`job.MF`, `monit`, templates). */
  job: JobSource;
}

/** A package of an uploaded release: what the Director stores. */
export interface TarballPackage {
  name: string;
  version: string;
  fingerprint: string;
  sha1: string;
  dependencies: readonly string[];
  /** `packages/<name>.tgz` inside the extracted release (the source blob). */
  archivePath: string;
}

/** A release tarball, extracted and validated. Call `cleanUp` when done with the files. */
export interface ReleaseTarball {
  manifest: ReleaseManifest;
  /** The directory the tarball was extracted into. */
  dir: string;
  jobs: readonly TarballJob[];
  packages: readonly TarballPackage[];
  /** Packages with every package after its dependencies: the order to compile them in. */
  compileOrder: readonly TarballPackage[];
  /** Removes the extracted files. Idempotent. */
  cleanUp(): Promise<void>;
}

/**
 * Reads a release tarball as the Director does on upload (`jobs/update_release.rb`,
 * `jobs/release/release_job.rb`), with its messages (reference §1.2): extract, `release.MF`,
 * version, package dependencies, each package archive, then each job archive and spec.
 * Beyond the Director, every archive's digest is checked against `release.MF`.
 * Throws BosunError (RELEASE_INVALID, JOB_SPEC_INVALID, RELEASE_DIGEST_MISMATCH,
 * RELEASE_DEPENDENCY_INVALID, YAML_INVALID) and leaves nothing behind when it fails.
 */
export async function readReleaseTarball(
  file: string,
  options: { workDir?: string } = {},
): Promise<ReleaseTarball> {
  const dir = await mkdtemp(join(options.workDir ?? tmpdir(), 'bosun-release-'));
  // A failed extraction may still be flushing files when it rejects: retry on ENOTEMPTY.
  const cleanUp = () => rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  try {
    await extract({ file, cwd: dir, strict: true }).catch((e: unknown) =>
      invalid('Extracting release archive failed. Check task debug log for details.', e),
    );
    const manifestText = await readFile(join(dir, 'release.MF'), 'utf8').catch((e: unknown) =>
      invalid('Release manifest not found', e),
    );
    const manifest = parseReleaseManifest(loadYaml(manifestText, 'release.MF'), 'release.MF');
    try {
      parseReleaseVersion(manifest.version);
    } catch (e) {
      invalid(`Release version invalid: ${manifest.version}`, e);
    }
    const packages = manifest.packages.map((p) => ({
      ...p,
      archivePath: join(dir, 'packages', `${p.name}.tgz`),
    }));
    const compileOrder = sortPackagesByDependencies(packages);
    for (const pkg of packages) {
      const what = `package '${pkg.name}/${pkg.version}'`;
      await list({ file: pkg.archivePath, strict: true, onReadEntry: () => undefined }).catch((e: unknown) =>
        invalid(`Extracting ${what} archive failed. Check task debug log for details.`, e),
      );
      await verifyFileDigest(pkg.archivePath, pkg.sha1, `Verifying ${what}`);
    }
    const packageNames = new Set(packages.map((p) => p.name));
    const jobs: TarballJob[] = [];
    for (const ref of manifest.jobs) {
      const archivePath = join(dir, 'jobs', `${ref.name}.tgz`);
      const job = await readTarballJob(ref, archivePath, join(dir, 'jobs', ref.name));
      checkJobPackages(
        job.spec,
        packageNames,
        (pkg) => `Job '${ref.name}' is referencing a missing package '${pkg}'`,
      );
      jobs.push({ ...ref, spec: job.spec, archivePath, job });
    }
    return { manifest, dir, jobs, packages, compileOrder, cleanUp };
  } catch (e) {
    // The reading error is what the user needs; a clean-up failure must not replace it.
    await cleanUp().catch(() => undefined);
    throw e;
  }
}

async function readTarballJob(
  ref: ReleaseManifest['jobs'][number],
  archivePath: string,
  jobDir: string,
): Promise<JobSource> {
  const what = `job '${ref.name}/${ref.version}'`;
  await mkdir(jobDir, { recursive: true });
  await extract({ file: archivePath, cwd: jobDir, strict: true }).catch((e: unknown) =>
    invalid(`Extracting ${what} archive failed. Check task debug log for details.`, e),
  );
  await verifyFileDigest(archivePath, ref.sha1, `Verifying ${what}`);
  if ((await stat(join(jobDir, 'job.MF')).catch(() => undefined))?.isFile() !== true) {
    invalid(`Missing job manifest for '${ref.name}'`);
  }
  try {
    return await readJobDir(jobDir, { expectedName: ref.name });
  } catch (e) {
    if (!(e instanceof BosunError)) throw e;
    // Name the archive, not the temporary directory it was extracted into.
    const message = e.message.split(jobDir).join(`jobs/${ref.name}.tgz`);
    throw new BosunError(e.code, message, e.hint === undefined ? { cause: e } : { cause: e, hint: e.hint });
  }
}

function invalid(message: string, cause?: unknown): never {
  const detail = cause === undefined ? '' : ` (${describeError(cause)})`;
  throw new BosunError(RELEASE_INVALID, message, {
    cause,
    hint: `The release tarball is not one BOSH can read${detail}; create it again with 'bosun create-release'.`,
  });
}
