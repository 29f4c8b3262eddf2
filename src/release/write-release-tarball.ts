import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { create } from 'tar';
import { formatReleaseManifest, type ReleaseManifest } from './release-manifest.js';

/** The built archives a release tarball holds, by name. */
export interface ReleaseArchives {
  jobs: ReadonlyMap<string, string>;
  packages: ReadonlyMap<string, string>;
  /** `license.tgz` and the LICENSE/NOTICE files it holds (copied beside it, as bosh-cli does). */
  license: { archive: string; files: readonly string[] } | undefined;
}

/**
 * Writes a release tarball in BOSH's layout (bosh-cli `release/archive_writer.go`), entries in
 * this order: `release.MF`, `jobs/`, `jobs/<name>.tgz`..., `packages/`,
 * `packages/<name>.tgz`..., `license.tgz`, `LICENSE*`, `NOTICE*` (empty `jobs/` and
 * `packages/` are left out). Deterministic for equal inputs and `mtime`.
 */
export async function writeReleaseTarball(
  manifest: ReleaseManifest,
  archives: ReleaseArchives,
  options: { stagingDir: string; destination: string; mtime: Date },
): Promise<void> {
  const { stagingDir } = options;
  await mkdir(stagingDir, { recursive: true });
  try {
    await writeFile(join(stagingDir, 'release.MF'), formatReleaseManifest(manifest), { mode: 0o644 });
    const entries = ['release.MF'];
    for (const [dir, byName] of [
      ['jobs', archives.jobs],
      ['packages', archives.packages],
    ] as const) {
      if (byName.size === 0) continue;
      await mkdir(join(stagingDir, dir), { mode: 0o755 });
      entries.push(dir);
      for (const name of [...byName.keys()].sort()) {
        await copyFile(byName.get(name) as string, join(stagingDir, dir, `${name}.tgz`));
        entries.push(`${dir}/${name}.tgz`);
      }
    }
    if (archives.license !== undefined) {
      await copyFile(archives.license.archive, join(stagingDir, 'license.tgz'));
      entries.push('license.tgz');
      for (const file of archives.license.files) {
        await copyFile(file, join(stagingDir, basename(file)));
        entries.push(basename(file));
      }
    }
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
  } finally {
    await rm(stagingDir, { recursive: true, force: true });
  }
}
