import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobTemplateRef } from '../../protocol/index.js';
import type { VcapPaths } from '../vcap-paths.js';
import { bundleHash } from './bundle-hash.js';
import { extractArchive } from './extract-archive.js';
import { ensureDir, fixJobPermissions } from './file-modes.js';
import { listDir } from './package-bundles.js';
import { removeSymlink, replaceSymlink } from './symlink-swap.js';
import type { VcapOwner } from './vcap-owner.js';
import { lstatIfExists } from './probe-path.js';

/** The rendered-templates archive of an apply spec. */
export interface RenderedArchiveRef {
  blobstore_id: string;
  sha1: string;
}

/** A job to install and where each of the instance's packages is installed. */
export interface JobInstall {
  job: Pick<JobTemplateRef, 'name' | 'version'>;
  archive: RenderedArchiveRef;
}

/**
 * Rendered jobs on a VM (BOSH `renderedJobApplier` over a `FileBundleCollection`): each job's
 * part of the rendered-templates archive is installed in `data/jobs/<job>/<hash>` and enabled
 * by the symlink `jobs/<job>` (reference §2.10).
 */
export class JobBundles {
  constructor(
    private readonly paths: VcapPaths,
    private readonly owner: VcapOwner | undefined,
  ) {}

  /** Where a job version is installed: the hash of `<version>-<archive sha1>`. */
  installDirOf({ job, archive }: JobInstall): string {
    return join(this.paths.dataJobsDir, job.name, bundleHash(job.version, archive.sha1));
  }

  /** True when that job version is installed (an install appears whole, by a rename). */
  async isInstalled(install: JobInstall): Promise<boolean> {
    return (await lstatIfExists(this.installDirOf(install))) !== undefined;
  }

  /**
   * Extracts `<job>/` of the archive (already downloaded to `archiveFile`) with BOSH's owners
   * and modes, unless that version is installed. Enables nothing.
   */
  async install(install: JobInstall, archiveFile: string, signal?: AbortSignal): Promise<string> {
    const dir = this.installDirOf(install);
    if (await this.isInstalled(install)) return dir;
    await ensureDir(join(this.paths.dataJobsDir, install.job.name), 0o750, this.owner);
    await extractArchive(archiveFile, dir, {
      only: install.job.name,
      label: `the rendered templates archive (blob '${install.archive.blobstore_id}')`,
      signal,
      beforeInstall: (tree) => fixJobPermissions(tree, this.owner),
    });
    return dir;
  }

  /**
   * Gives an installed job the links `<jobdir>/packages/<pkg>` → each package's install
   * directory (every package of the instance, as BOSH does), removing any other link there.
   */
  async linkPackages(jobDir: string, packageDirs: ReadonlyMap<string, string>): Promise<void> {
    const dir = join(jobDir, 'packages');
    await ensureDir(dir, 0o755, this.owner);
    for (const [name, target] of packageDirs) await replaceSymlink(target, join(dir, name));
    for (const name of await listDir(dir)) {
      if (!packageDirs.has(name)) await removeSymlink(join(dir, name));
    }
  }

  /** Creates `sys/log/<job>`, `sys/run/<job>` and `data/<job>` (0770) when missing. */
  async createJobDirs(name: string): Promise<void> {
    for (const dir of [this.paths.jobLogDir(name), this.paths.jobRunDir(name), this.paths.jobDataDir(name)]) {
      await ensureDir(dir, 0o770, this.owner);
    }
  }

  /** Makes `jobs/<job>` point at the installed version. */
  async enable(install: JobInstall): Promise<void> {
    await ensureDir(this.paths.jobsDir, 0o750, this.owner);
    await replaceSymlink(this.installDirOf(install), this.paths.jobDir(install.job.name));
  }

  /**
   * Removes every `jobs/` link and installed job version that `keep` does not name. The jobs'
   * log and data directories stay, as in BOSH.
   */
  async keepOnly(keep: readonly JobInstall[]): Promise<void> {
    const wanted = new Map(keep.map((k) => [k.job.name, bundleHash(k.job.version, k.archive.sha1)]));
    for (const name of await listDir(this.paths.jobsDir)) {
      if (!wanted.has(name)) await removeSymlink(join(this.paths.jobsDir, name));
    }
    for (const name of await listDir(this.paths.dataJobsDir)) {
      const hash = wanted.get(name);
      const dir = join(this.paths.dataJobsDir, name);
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
