import { lstat, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { BosunError } from '../base/index.js';
import type { DigestAlgorithm } from './digest.js';
import { computeFingerprint, compareBytes, type FingerprintFile } from './fingerprint.js';
import { listTree } from './glob.js';
import { checkJobPackages, sortPackagesByDependencies } from './package-graph.js';
import { PACKAGE_INVALID } from './package-spec.js';
import { readPackageDir, type PackageSource } from './read-package-dir.js';
import { readReleaseConfig, type ReleaseConfig } from './release-config.js';
import { readReleaseJob, type ReleaseJobSource } from './release-job.js';

/** A release source tree, read, validated and fingerprinted. */
export interface ReleaseSource {
  /** The release directory, absolute. */
  dir: string;
  /** The name `config/` gives (see `readReleaseConfig`); undefined when it gives none. */
  name: string | undefined;
  config: ReleaseConfig;
  /** Jobs by directory name. */
  jobs: readonly ReleaseJobSource[];
  /** Packages by directory name. */
  packages: readonly PackageSource[];
  /** Packages in compile order: every package after its dependencies. */
  compileOrder: readonly PackageSource[];
  /** `LICENSE*` and `NOTICE*` files of the release root, when there are any. */
  license: { files: readonly FingerprintFile[]; fingerprint: string } | undefined;
  algorithm: DigestAlgorithm;
}

export interface ReadReleaseDirOptions {
  /** Digest of fingerprints and archives; default `sha1` (`sha256` is bosh-cli's `--sha2`). */
  algorithm?: DigestAlgorithm;
}

/**
 * Reads a BOSH release directory (`jobs/`, `packages/`, `src/`, `blobs/`, `config/`) as
 * `bosh create-release` does, and validates it before anything is built: each job
 * (`readJobDir`, reference §1.2-1.3), each package (`readPackageDir`), then that every
 * package a job or package names is in the release and that dependencies have no cycle.
 * Reads only; blobs must already be in `blobs/` (see `syncBlobs`).
 */
export async function readReleaseDir(
  dir: string,
  options: ReadReleaseDirOptions = {},
): Promise<ReleaseSource> {
  const absolute = resolve(dir);
  const algorithm = options.algorithm ?? 'sha1';
  const config = await readReleaseConfig(absolute);
  const roots = {
    srcDir: join(absolute, 'src'),
    srcTree: await listTree(join(absolute, 'src')),
    blobsDir: join(absolute, 'blobs'),
    blobsTree: await listTree(join(absolute, 'blobs')),
  };
  const packages: PackageSource[] = [];
  for (const name of await subdirectories(join(absolute, 'packages'))) {
    packages.push(await readPackageDir(join(absolute, 'packages', name), roots, algorithm));
  }
  checkUniqueNames(packages);
  const compileOrder = sortPackagesByDependencies(packages);
  const packageNames = new Set(packages.map((p) => p.name));
  const jobs: ReleaseJobSource[] = [];
  for (const name of await subdirectories(join(absolute, 'jobs'))) {
    const job = await readReleaseJob(join(absolute, 'jobs', name), algorithm);
    checkJobPackages(
      job.job.spec,
      packageNames,
      (pkg) => `Expected to find package '${pkg}' since it's a dependency of job '${job.job.spec.name}'`,
    );
    jobs.push(job);
  }
  return {
    dir: absolute,
    name: config.name,
    config,
    jobs,
    packages,
    compileOrder,
    license: await readLicense(absolute, algorithm),
    algorithm,
  };
}

/** bosh-cli's `Glob(<dir>/*)` filtered to directories (a symlink to one counts), sorted. */
async function subdirectories(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [];
    throw e;
  });
  const names: string[] = [];
  for (const entry of entries) {
    const isDir =
      entry.isDirectory() || (entry.isSymbolicLink() && (await isDirectory(join(dir, entry.name))));
    if (isDir) names.push(entry.name);
  }
  return names.sort(compareBytes);
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

function checkUniqueNames(packages: readonly PackageSource[]): void {
  const seen = new Map<string, string>();
  for (const pkg of packages) {
    const other = seen.get(pkg.name);
    if (other !== undefined) {
      throw new BosunError(
        PACKAGE_INVALID,
        `Packages '${other}' and '${pkg.dir}' are both named '${pkg.name}'`,
        {
          hint: 'Give every package its own name; the spec name should match the directory name.',
        },
      );
    }
    seen.set(pkg.name, pkg.dir);
  }
}

/** bosh-cli `release/license/dir_reader.go`: base names hashed, modes left out. */
async function readLicense(dir: string, algorithm: DigestAlgorithm): Promise<ReleaseSource['license']> {
  const files: FingerprintFile[] = [];
  for (const prefix of ['LICENSE', 'NOTICE']) {
    const names = (await readdir(dir)).filter((n) => n.startsWith(prefix)).sort(compareBytes);
    for (const name of names) {
      const path = join(dir, name);
      if ((await lstat(path)).isDirectory()) continue;
      files.push({ path, relativePath: name, useBasename: true, excludeMode: true });
    }
  }
  if (files.length === 0) return undefined;
  return { files, fingerprint: await computeFingerprint(files, [], { algorithm, followSymlinks: false }) };
}
