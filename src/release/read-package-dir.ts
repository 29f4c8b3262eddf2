import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { BosunError } from '../base/index.js';
import type { DigestAlgorithm } from './digest.js';
import { computeFingerprint, type FingerprintFile } from './fingerprint.js';
import { matchGlob } from './glob.js';
import { PACKAGE_INVALID, readPackageSpec, type PackageSpec } from './package-spec.js';
import { wrapError } from './wrap-error.js';

/** A package read from a release source tree (`packages/<name>`), with its fingerprint. */
export interface PackageSource {
  name: string;
  /** The package directory (`packages/<name>`). */
  dir: string;
  spec: PackageSpec;
  /** The spec's dependencies (package names). */
  dependencies: readonly string[];
  /**
   * What goes into the package archive: `packaging`, `pre_packaging` when present, and every
   * file the spec's globs match in `src/` (first) or `blobs/`, minus `excluded_files`.
   */
  files: readonly FingerprintFile[];
  /** The `pre_packaging` script, run in the staging directory before archiving; usually absent. */
  prePackaging: FingerprintFile | undefined;
  fingerprint: string;
}

/** Where a package's `files` globs look, with the trees listed once per release (see `listTree`). */
export interface PackageFileRoots {
  srcDir: string;
  srcTree: readonly string[];
  blobsDir: string;
  blobsTree: readonly string[];
}

/**
 * Reads `packages/<name>` as bosh-cli does (`release/pkg/dir_reader.go`) and fingerprints it:
 * files sorted by path, modes of the matched files (not of `packaging`/`pre_packaging`), the
 * dependency names as additional chunks, symlinks kept as links. Errors read
 * `Reading package from '<dir>': Collecting package files: <BOSH's message>`.
 */
export async function readPackageDir(
  dir: string,
  roots: PackageFileRoots,
  algorithm: DigestAlgorithm,
): Promise<PackageSource> {
  try {
    if (await exists(join(dir, 'spec.lock'))) {
      throw new BosunError(PACKAGE_INVALID, `Vendored package (spec.lock) is not supported`, {
        hint: 'Bosun builds packages from source; replace the vendored package with its sources.',
      });
    }
    const spec = await readPackageSpec(join(dir, 'spec'));
    const packaging = join(dir, 'packaging');
    if (!(await isPackageable(packaging))) {
      throw new BosunError(PACKAGE_INVALID, `Expected to find '${packaging}' for package '${spec.name}'`, {
        hint: `Write ${packaging}: the script that compiles the package into $BOSH_INSTALL_TARGET.`,
      });
    }
    const files: FingerprintFile[] = [{ path: packaging, relativePath: 'packaging', excludeMode: true }];
    const prePackagingPath = join(dir, 'pre_packaging');
    const prePackaging: FingerprintFile | undefined = (await isPackageable(prePackagingPath))
      ? { path: prePackagingPath, relativePath: 'pre_packaging', excludeMode: true }
      : undefined;
    if (prePackaging !== undefined) files.push(prePackaging);
    files.push(...(await collectSpecFiles(spec, roots)));
    const fingerprint = await computeFingerprint(files, spec.dependencies, {
      algorithm,
      followSymlinks: false,
    });
    return { name: spec.name, dir, spec, dependencies: spec.dependencies, files, prePackaging, fingerprint };
  } catch (e) {
    throw wrapError(e, `Reading package from '${dir}': Collecting package files`);
  }
}

async function collectSpecFiles(spec: PackageSpec, roots: PackageFileRoots): Promise<FingerprintFile[]> {
  const byPath = new Map<string, FingerprintFile>();
  const bases = [
    { dir: roots.srcDir, tree: roots.srcTree },
    { dir: roots.blobsDir, tree: roots.blobsTree },
  ];
  for (const glob of spec.files) {
    let found = false;
    for (const base of bases) {
      for (const relativePath of matchGlob(base.tree, glob)) {
        const path = join(base.dir, relativePath);
        if (!(await isPackageable(path))) continue;
        found = true;
        if (!byPath.has(relativePath)) byPath.set(relativePath, { path, relativePath });
      }
    }
    if (!found) {
      throw new BosunError(PACKAGE_INVALID, `Missing files for pattern '${glob}'`, {
        hint: `Add the files to src/ (or blobs/), or fix the pattern in the spec of package '${spec.name}'.`,
      });
    }
  }
  for (const glob of spec.excludedFiles) {
    for (const base of bases)
      for (const relativePath of matchGlob(base.tree, glob)) byPath.delete(relativePath);
  }
  for (const special of ['packaging', 'pre_packaging']) {
    if (byPath.has(special)) {
      throw new BosunError(
        PACKAGE_INVALID,
        `Expected special '${special}' file to not be included via 'files' key for package '${spec.name}'`,
        { hint: `Exclude '${special}' with excluded_files, or rename it in src/.` },
      );
    }
  }
  return [...byPath.values()];
}

/** bosh-cli `isPackageableFile`: anything but a directory (a symlink to one counts). */
async function isPackageable(path: string): Promise<boolean> {
  const info = await lstat(path).catch(() => undefined);
  return info !== undefined && !info.isDirectory();
}

async function exists(path: string): Promise<boolean> {
  return (await lstat(path).catch(() => undefined)) !== undefined;
}
