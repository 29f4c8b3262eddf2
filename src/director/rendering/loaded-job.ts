import type { JobSource } from '../../release/index.js';

/**
 * A job of an instance group, resolved to its release's job: what rendering needs of it. The
 * deploy executor builds these (usually with `loadJobFromBlobstore`) before rendering; they
 * are read-only values, safe to share between instance groups.
 */
export interface LoadedJob {
  /** The job as its tarball holds it (`job.MF`, `monit`, `templates/`). */
  readonly source: JobSource;
  /** The release version that provides the job (`spec.release` of its templates, §2.5). */
  readonly release: { readonly name: string; readonly version: string };
  /** The stored job: `spec.job.templates[]` entries and the apply spec's `job.templates`. */
  readonly record: { readonly version: string; readonly sha1: string; readonly blobstoreId: string };
}

/** The manifest's job `job` of release `release`; throws a BosunError when the deploy has none. */
export type JobLookup = (release: string, job: string) => LoadedJob;
