import { randomUUID } from 'node:crypto';
import { chmod, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { PackageRef } from '../../protocol/index.js';
import type { AgentBlobstore } from '../blobstore/index.js';
import type { VcapPaths } from '../vcap-paths.js';
import { bundleHash } from './bundle-hash.js';
import { extractArchive } from './extract-archive.js';
import { ensureDir, setOwner } from './file-modes.js';
import { removeSymlink, replaceSymlink } from './symlink-swap.js';
import type { VcapOwner } from './vcap-owner.js';
import { isMissing, lstatIfExists } from './probe-path.js';

/** A package version to install: what the apply spec and `compile_package` dependencies give. */
export type PackageSource = Pick<PackageRef, 'name' | 'version' | 'sha1' | 'blobstore_id'>;

/**
 * Compiled packages on a VM (BOSH `compiledPackageApplier` over a `FileBundleCollection`):
 * installed in `data/packages/<pkg>/<hash>`, enabled by the symlink `packages/<pkg>`.
 */
export class PackageBundles {
  constructor(
    private readonly paths: VcapPaths,
    private readonly blobstore: AgentBlobstore,
    private readonly owner: VcapOwner | undefined,
  ) {}

  /** Where a package version is installed. */
  installDirOf(pkg: Pick<PackageSource, 'name' | 'version'> & { sha1?: string }): string {
    return join(this.paths.dataPackagesDir, pkg.name, bundleHash(pkg.version, pkg.sha1));
  }

  /** Downloads, verifies and extracts the package blob unless that version is installed. Enables nothing. */
  async install(pkg: PackageSource, signal?: AbortSignal): Promise<string> {
    const dir = this.installDirOf(pkg);
    if (await exists(dir)) return dir;
    await ensureDir(join(this.paths.dataPackagesDir, pkg.name), 0o755, this.owner);
    await ensureDir(this.paths.tmpDir, 0o755, undefined);
    const blobFile = join(this.paths.tmpDir, `package-${randomUUID()}.tgz`);
    try {
      await this.blobstore.fetch(pkg.blobstore_id, pkg.sha1, blobFile, signal);
      await extractArchive(blobFile, dir, {
        allowAbsoluteSymlinks: true,
        label: `package blob '${pkg.blobstore_id}'`,
        signal,
        beforeInstall: async (tree) => {
          await chmod(tree, 0o755);
          await setOwner(tree, this.owner);
        },
      });
    } finally {
      await rm(blobFile, { force: true });
    }
    return dir;
  }

  /** Makes `packages/<pkg>` point at the installed version. */
  async enable(pkg: Pick<PackageSource, 'name' | 'version'> & { sha1?: string }): Promise<string> {
    await ensureDir(this.paths.packagesDir, 0o755, this.owner);
    const link = join(this.paths.packagesDir, pkg.name);
    await replaceSymlink(this.installDirOf(pkg), link);
    return link;
  }

  /**
   * Removes every installed package version and `packages/` link that `keep` does not name:
   * other versions of kept packages, and whole packages no longer wanted.
   */
  async keepOnly(keep: readonly PackageSource[]): Promise<void> {
    const wanted = new Map(keep.map((p) => [p.name, bundleHash(p.version, p.sha1)]));
    for (const name of await listDir(this.paths.packagesDir)) {
      if (!wanted.has(name)) await removeSymlink(join(this.paths.packagesDir, name));
    }
    for (const name of await listDir(this.paths.dataPackagesDir)) {
      const hash = wanted.get(name);
      const dir = join(this.paths.dataPackagesDir, name);
      if (hash === undefined) {
        await rm(dir, { recursive: true, force: true });
        continue;
      }
      for (const version of await listDir(dir)) {
        if (version !== hash) await rm(join(dir, version), { recursive: true, force: true });
      }
    }
  }
}

/** Names in a directory; none when it does not exist. */
export async function listDir(dir: string): Promise<string[]> {
  return readdir(dir).catch((e: unknown) => {
    if (isMissing(e)) return [];
    throw e;
  });
}

async function exists(path: string): Promise<boolean> {
  return (await lstatIfExists(path)) !== undefined;
}
