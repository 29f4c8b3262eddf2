import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BosunError } from '../../base/index.js';
import { jobsOfApplySpec, packagesOfApplySpec, type ApplySpec } from '../../protocol/index.js';
import type { AgentBlobstore } from '../blobstore/index.js';
import type { VcapPaths } from '../vcap-paths.js';
import { ensureDir } from './file-modes.js';
import { JobBundles, type JobInstall } from './job-bundles.js';
import { PackageBundles } from './package-bundles.js';
import { parseApplySpec, readSpecFile, writeInstanceFiles, writeSpecFile } from './spec-store.js';
import type { VcapOwner } from './vcap-owner.js';
import { checkBundleName, withContext } from './wrap-error.js';

/** Options of {@link Applier}. */
export interface ApplierOptions {
  paths: VcapPaths;
  blobstore: AgentBlobstore;
  /** `root:vcap` from {@link findVcapOwner}, or undefined to keep owners as created. */
  owner?: VcapOwner | undefined;
}

type Verb = 'Preparing' | 'Applying';

/**
 * Installs an instance's jobs and packages from an apply spec (reference §2.10, §7.2):
 *
 * - `prepare(spec)`: download and install every job and package that is not installed yet,
 *   enabling nothing (the `prepare` action).
 * - `apply(spec)`: when `configuration_hash` is non-empty, install, then enable (per-job
 *   directories, `packages/<pkg>`, `jobs/<job>/packages/<pkg>`, `jobs/<job>`), then remove
 *   jobs and packages not in the spec. Every extraction finishes before anything is enabled,
 *   so a failed apply leaves the previous jobs enabled. Always persists the spec and writes
 *   `instance/{id,az,name,deployment}`. Does not touch the supervisor or hooks.
 *
 * Both validate the spec first (`APPLY_SPEC_INVALID`) and wrap failures as BOSH does:
 * `Applying job '<name>': ...`, `Applying package '<name>': ...`. Calls must not overlap;
 * the caller (the agent's task queue) runs one at a time. `signal` stops between steps.
 */
export class Applier {
  private readonly paths: VcapPaths;
  private readonly blobstore: AgentBlobstore;
  private readonly owner: VcapOwner | undefined;
  private readonly packages: PackageBundles;
  private readonly jobs: JobBundles;

  constructor(options: ApplierOptions) {
    this.paths = options.paths;
    this.blobstore = options.blobstore;
    this.owner = options.owner;
    this.packages = new PackageBundles(this.paths, this.blobstore, this.owner);
    this.jobs = new JobBundles(this.paths, this.owner);
  }

  async prepare(rawSpec: unknown, signal?: AbortSignal): Promise<ApplySpec> {
    const spec = parseApplySpec(rawSpec);
    await this.install(spec, 'Preparing', signal);
    return spec;
  }

  async apply(rawSpec: unknown, signal?: AbortSignal): Promise<ApplySpec> {
    const spec = parseApplySpec(rawSpec);
    if ((spec.configuration_hash ?? '') !== '') {
      const installs = await this.install(spec, 'Applying', signal);
      await this.enable(spec, installs);
      await this.jobs.keepOnly(installs);
      await this.packages.keepOnly(packagesOfApplySpec(spec));
    }
    await writeSpecFile(this.paths.specFile, spec);
    await writeInstanceFiles(this.paths.instanceDir, spec, this.owner);
    return spec;
  }

  /** The last applied spec (`bosh/spec.json`), or an empty spec. */
  currentSpec(): Promise<ApplySpec> {
    return readSpecFile(this.paths.specFile);
  }

  private async install(spec: ApplySpec, verb: Verb, signal: AbortSignal | undefined): Promise<JobInstall[]> {
    const jobs = jobsOfApplySpec(spec);
    for (const pkg of packagesOfApplySpec(spec)) {
      await withContext(`${verb} package '${pkg.name}'`, 'APPLY_FAILED', async () => {
        checkBundleName('package', pkg.name);
        signal?.throwIfAborted();
        await this.packages.install(pkg, signal);
      });
    }
    const archive = spec.rendered_templates_archive;
    const installs = jobs.map((job) => ({ job, archive: archive ?? { blobstore_id: '', sha1: '' } }));
    const pending: JobInstall[] = [];
    for (const install of installs) {
      await withContext(`${verb} job '${install.job.name}'`, 'APPLY_FAILED', async () => {
        checkBundleName('job', install.job.name);
        if (archive === undefined || archive === null) {
          throw new BosunError('APPLY_SPEC_INVALID', 'The apply spec has no rendered_templates_archive');
        }
        if (!(await this.jobs.isInstalled(install))) pending.push(install);
      });
    }
    const first = pending[0];
    if (first === undefined || archive === undefined || archive === null) return installs;
    const archiveFile = await withContext(`${verb} job '${first.job.name}'`, 'APPLY_FAILED', async () => {
      await ensureDir(this.paths.tmpDir, 0o755, undefined);
      const file = join(this.paths.tmpDir, `rendered-templates-${randomUUID()}.tgz`);
      await this.blobstore.fetch(archive.blobstore_id, archive.sha1, file, signal);
      return file;
    });
    try {
      for (const install of pending) {
        await withContext(`${verb} job '${install.job.name}'`, 'APPLY_FAILED', async () => {
          signal?.throwIfAborted();
          await this.jobs.install(install, archiveFile, signal);
        });
      }
    } finally {
      await rm(archiveFile, { force: true });
    }
    return installs;
  }

  private async enable(spec: ApplySpec, installs: JobInstall[]): Promise<void> {
    const packageDirs = new Map<string, string>();
    for (const pkg of packagesOfApplySpec(spec)) {
      await withContext(`Applying package '${pkg.name}'`, 'APPLY_FAILED', () => this.packages.enable(pkg));
      packageDirs.set(pkg.name, this.packages.installDirOf(pkg));
    }
    for (const install of installs) {
      await withContext(`Applying job '${install.job.name}'`, 'APPLY_FAILED', async () => {
        await this.jobs.createJobDirs(install.job.name);
        await this.jobs.linkPackages(this.jobs.installDirOf(install), packageDirs);
        await this.jobs.enable(install);
      });
    }
  }
}
