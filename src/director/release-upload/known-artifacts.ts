import type { ReleaseTarball } from '../../release/index.js';
import type { DirectorStore, JobRecord, PackageRecord, ReleaseVersionDetail } from '../store/index.js';

/** The jobs and packages a release already has in the store, by `name/version`. */
export interface KnownArtifacts {
  packages: ReadonlyMap<string, PackageRecord>;
  jobs: ReadonlyMap<string, JobRecord>;
}

/** Every job and package stored for any version of release `releaseName`. */
export function findKnownArtifacts(store: DirectorStore, releaseName: string): KnownArtifacts {
  const packages = new Map<string, PackageRecord>();
  const jobs = new Map<string, JobRecord>();
  const summary = store.releases.list().find((r) => r.name === releaseName);
  for (const version of summary?.versions ?? []) {
    const detail = store.releases.findVersionById(version.id);
    for (const pkg of detail?.packages ?? []) packages.set(`${pkg.name}/${pkg.version}`, pkg);
    for (const job of detail?.jobs ?? []) jobs.set(`${job.name}/${job.version}`, job);
  }
  return { packages, jobs };
}

/** True when a stored version has exactly the tarball's jobs and packages (names, versions, fingerprints). */
export function isSameReleaseContent(stored: ReleaseVersionDetail, tarball: ReleaseTarball): boolean {
  const key = (a: { name: string; version: string; fingerprint: string }): string =>
    `${a.name}/${a.version}/${a.fingerprint}`;
  const same = (a: readonly string[], b: readonly string[]): boolean =>
    a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);
  return (
    same(stored.packages.map(key), tarball.packages.map(key)) &&
    same(stored.jobs.map(key), tarball.jobs.map(key))
  );
}
