import { rm } from 'node:fs/promises';
import { BosunError } from '../../base/index.js';
import { RELEASE_ALREADY_UPLOADED } from '../../protocol/index.js';
import { readReleaseTarball, type ReleaseTarball } from '../../release/index.js';
import type { Blobstore } from '../blobstore/index.js';
import type { DirectorStore, JobInput, PackageInput } from '../store/index.js';
import type { TaskContext, TaskFunction } from '../tasks/index.js';
import { readJobSpecJson } from './job-spec-json.js';
import { findKnownArtifacts, isSameReleaseContent, type KnownArtifacts } from './known-artifacts.js';

/** What a release upload touches. */
export interface UploadReleaseDeps {
  store: DirectorStore;
  blobstore: Blobstore;
  /** Parent of the directory the tarball is extracted into. */
  workDir: string;
}

/**
 * The `update_release` task of `POST /releases`: reads the uploaded tarball as BOSH's
 * Director does (reference §1.2), stores each new job and package archive in the blobstore,
 * then records the release version. Its event log has BOSH's stages: `Extracting release`,
 * `Verifying manifest`, `Resolving package dependencies`, `Creating new packages`, `Creating
 * new jobs`, `Release has been created`. Uploading a version that is stored with the same
 * jobs and packages changes nothing and ends with {@link RELEASE_ALREADY_UPLOADED}; the same
 * version with other content fails. Removes `tarballPath` when it ends, however it ends.
 */
export function uploadReleaseTask(deps: UploadReleaseDeps, tarballPath: string): TaskFunction {
  return async (task) => {
    try {
      return await uploadRelease(deps, tarballPath, task);
    } finally {
      await rm(tarballPath, { force: true });
    }
  };
}

async function uploadRelease(
  deps: UploadReleaseDeps,
  tarballPath: string,
  task: TaskContext,
): Promise<string> {
  const single = <T>(stage: string, fn: () => Promise<T>): Promise<T> =>
    task.events.beginStage(stage, 1).track(stage, async () => {
      task.signal.throwIfAborted();
      return fn();
    });
  const release = await single('Extracting release', () =>
    readReleaseTarball(tarballPath, { workDir: deps.workDir }),
  );
  try {
    const { name, version } = release.manifest;
    task.debug(
      `Release ${name}/${version}: ${release.jobs.length} jobs, ${release.packages.length} packages`,
    );
    const isUploaded = await single('Verifying manifest', () =>
      Promise.resolve(isAlreadyUploaded(deps.store, release)),
    );
    if (isUploaded) {
      task.debug(`Release ${name}/${version} is stored with the same jobs and packages: nothing to do`);
      return RELEASE_ALREADY_UPLOADED;
    }
    await single('Resolving package dependencies', () => {
      for (const pkg of release.compileOrder)
        task.debug(`Package ${pkg.name} depends on [${pkg.dependencies.join(', ')}]`);
      return Promise.resolve();
    });
    const known = findKnownArtifacts(deps.store, name);
    const packages = await storePackages(deps, release, known, task);
    const jobs = await storeJobs(deps, release, known, task);
    await task.events.beginStage('Release has been created', 1).track(`${name}/${version}`, () => {
      task.signal.throwIfAborted();
      deps.store.releases.createVersion({
        name,
        version,
        commitHash: release.manifest.commitHash,
        uncommittedChanges: release.manifest.uncommittedChanges,
        jobs,
        packages,
      });
      return Promise.resolve();
    });
    return `Created release '${name}/${version}'`;
  } finally {
    await release.cleanUp();
  }
}

/** True when the version is stored with the same content; fails when stored with other content. */
function isAlreadyUploaded(store: DirectorStore, release: ReleaseTarball): boolean {
  const { name, version } = release.manifest;
  const stored = store.releases.findVersion(name, version);
  if (stored === undefined) return false;
  if (isSameReleaseContent(stored, release)) return true;
  throw new BosunError(
    'RELEASE_VERSION_EXISTS',
    `Release '${name}/${version}' has already been uploaded with different jobs or packages`,
    { hint: 'Create the release again with a new version (bosun create-release) and upload that.' },
  );
}

async function storePackages(
  deps: UploadReleaseDeps,
  release: ReleaseTarball,
  known: KnownArtifacts,
  task: TaskContext,
): Promise<PackageInput[]> {
  const fresh = release.packages.filter(
    (p) => known.packages.get(`${p.name}/${p.version}`)?.fingerprint !== p.fingerprint,
  );
  const stage = fresh.length > 0 ? task.events.beginStage('Creating new packages', fresh.length) : undefined;
  const inputs: PackageInput[] = [];
  for (const pkg of release.packages) {
    const stored = known.packages.get(`${pkg.name}/${pkg.version}`);
    const base = {
      name: pkg.name,
      version: pkg.version,
      fingerprint: pkg.fingerprint,
      dependencies: [...pkg.dependencies],
    };
    if (stored !== undefined && stored.fingerprint === pkg.fingerprint) {
      inputs.push({ ...base, sha1: stored.sha1 ?? pkg.sha1, blobstoreId: stored.blobstoreId });
      continue;
    }
    // A fingerprint conflict with a stored package is refused by the store, with its message.
    const blob = await stage!.track(`${pkg.name}/${pkg.version}`, () =>
      deps.blobstore.put(pkg.archivePath, task.signal),
    );
    inputs.push({ ...base, sha1: pkg.sha1, blobstoreId: blob.blobstoreId });
  }
  return inputs;
}

async function storeJobs(
  deps: UploadReleaseDeps,
  release: ReleaseTarball,
  known: KnownArtifacts,
  task: TaskContext,
): Promise<JobInput[]> {
  const fresh = release.jobs.filter(
    (j) => known.jobs.get(`${j.name}/${j.version}`)?.fingerprint !== j.fingerprint,
  );
  const stage = fresh.length > 0 ? task.events.beginStage('Creating new jobs', fresh.length) : undefined;
  const inputs: JobInput[] = [];
  for (const job of release.jobs) {
    const spec = await readJobSpecJson(job.job.specFile);
    const base = { name: job.name, version: job.version, fingerprint: job.fingerprint, sha1: job.sha1, spec };
    const stored = known.jobs.get(`${job.name}/${job.version}`);
    if (stored !== undefined && stored.fingerprint === job.fingerprint) {
      inputs.push({ ...base, blobstoreId: stored.blobstoreId });
      continue;
    }
    const blob = await stage!.track(`${job.name}/${job.version}`, () =>
      deps.blobstore.put(job.archivePath, task.signal),
    );
    inputs.push({ ...base, blobstoreId: blob.blobstoreId });
  }
  return inputs;
}
