import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DigestAlgorithm } from './digest.js';
import { computeFingerprint, type FingerprintFile } from './fingerprint.js';
import { readJobDir, type JobSource } from './read-job-dir.js';

/** A job of a release source tree with what goes into its archive, and its fingerprint. */
export interface ReleaseJobSource {
  job: JobSource;
  /**
   * The archive's files, as bosh-cli collects them (`release/job/dir_reader.go`): `spec` as
   * `job.MF`, `monit` and `properties_schema.json` when present, `templates/<key>` for every
   * `templates` key. (`*.monit` files are not archived, as in bosh-cli.)
   */
  files: readonly FingerprintFile[];
  fingerprint: string;
}

/** Reads and validates `jobs/<name>` (see `readJobDir`) and fingerprints it, following symlinks. */
export async function readReleaseJob(dir: string, algorithm: DigestAlgorithm): Promise<ReleaseJobSource> {
  const job = await readJobDir(dir);
  const files: FingerprintFile[] = [{ path: job.specFile, relativePath: 'job.MF' }];
  for (const name of ['monit', 'properties_schema.json']) {
    const path = join(job.dir, name);
    if (await exists(path)) files.push({ path, relativePath: name });
  }
  for (const { source } of job.spec.templates) {
    files.push({ path: join(job.dir, 'templates', source), relativePath: `templates/${source}` });
  }
  const fingerprint = await computeFingerprint(files, [], { algorithm, followSymlinks: true });
  return { job, files, fingerprint };
}

async function exists(path: string): Promise<boolean> {
  return (await lstat(path).catch(() => undefined)) !== undefined;
}
