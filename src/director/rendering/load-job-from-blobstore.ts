import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extract } from 'tar';
import { BosunError, describeError, formatDigest, isBosunError, strongestDigest } from '../../base/index.js';
import { readJobDir, type JobSource } from '../../release/index.js';
import type { Blobstore } from '../blobstore/index.js';
import type { JobRecord } from '../store/index.js';

/** The code of a job blob that cannot be fetched, verified or extracted. */
export const JOB_LOAD_FAILED = 'JOB_LOAD_FAILED';

/** A name that is one path segment and never a temporary (dot) file. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Reads the job of `record` from its tarball blob (a gzipped tar of `job.MF`, `monit`,
 * `templates/...`). The blob is extracted once into `<cacheDir>/<key>/`, where `key` is the
 * record's sha1 when that is a plain file name (a SHA-1 hex), else its blobstore id; later
 * calls read the extracted directory without touching the blobstore. Extraction is atomic: a
 * temporary sibling directory is filled, the blob's bytes are checked against the strongest
 * digest of `record.sha1`, then it is renamed into place, so the cache holds whole, verified
 * jobs only, and concurrent loads of the same job are harmless (the first rename wins).
 * Aborting `signal` stops the download and leaves nothing behind.
 *
 * Throws BosunError `BLOB_NOT_FOUND` (no such blob), `BLOB_DIGEST_MISMATCH` (the bytes are
 * not the record's), `JOB_LOAD_FAILED` (unreadable, not a tarball, cache not writable),
 * readJobDir's errors (`JOB_SPEC_INVALID` ...) for a job that does not read, or the abort
 * reason when `signal` is aborted.
 */
export async function loadJobFromBlobstore(
  blobstore: Blobstore,
  record: JobRecord,
  cacheDir: string,
  signal?: AbortSignal,
): Promise<JobSource> {
  const what = `job '${record.name}/${record.version}'`;
  const key = SAFE_NAME.test(record.sha1) ? record.sha1 : record.blobstoreId;
  if (!SAFE_NAME.test(key)) {
    throw new BosunError(JOB_LOAD_FAILED, `Loading ${what}: invalid blobstore id '${key}'`);
  }
  const dir = join(cacheDir, key);
  if (!(await isExtracted(dir))) await extractInto(blobstore, record, dir, key, what, signal);
  return readJobDir(dir, { expectedName: record.name });
}

async function isExtracted(dir: string): Promise<boolean> {
  return (await stat(join(dir, 'job.MF')).catch(() => undefined))?.isFile() === true;
}

async function extractInto(
  blobstore: Blobstore,
  record: JobRecord,
  dir: string,
  key: string,
  what: string,
  signal: AbortSignal | undefined,
): Promise<void> {
  const parent = join(dir, '..');
  await mkdir(parent, { recursive: true });
  const temp = await mkdtemp(join(parent, `.${key}.extracting-`));
  try {
    await fetchAndExtract(blobstore, record, temp, what, signal);
    await rename(temp, dir).catch(async (e: NodeJS.ErrnoException) => {
      // Another load of the same job finished first: its copy is as good as ours.
      if ((e.code === 'ENOTEMPTY' || e.code === 'EEXIST') && (await isExtracted(dir))) return;
      throw e;
    });
  } catch (e) {
    if (isBosunError(e) || signal?.aborted === true) throw e;
    throw new BosunError(
      JOB_LOAD_FAILED,
      `Loading ${what} from blob '${record.blobstoreId}': ${describeError(e)}`,
      {
        cause: e,
      },
    );
  } finally {
    // A failed extraction may still be flushing files when it rejects: retry on ENOTEMPTY.
    await rm(temp, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }).catch(() => undefined);
  }
}

async function fetchAndExtract(
  blobstore: Blobstore,
  record: JobRecord,
  temp: string,
  what: string,
  signal: AbortSignal | undefined,
): Promise<void> {
  const want = strongestDigest(record.sha1);
  const hash = createHash(want.algorithm);
  const hasher = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const blob = await blobstore.open(record.blobstoreId);
  try {
    await pipeline(
      blob,
      hasher,
      extract({ cwd: temp, strict: true }),
      signal === undefined ? {} : { signal },
    );
  } catch (e) {
    if (signal?.aborted === true) throw e;
    throw new BosunError(
      JOB_LOAD_FAILED,
      `Extracting ${what} archive failed (blob '${record.blobstoreId}'): ${describeError(e)}`,
      { cause: e },
    );
  }
  const got = { algorithm: want.algorithm, hex: hash.digest('hex') };
  if (got.hex !== want.hex) {
    throw new BosunError(
      'BLOB_DIGEST_MISMATCH',
      `Checking downloaded blob '${record.blobstoreId}' of ${what}: Expected stream to have digest '${formatDigest(want)}' but was '${formatDigest(got)}'`,
    );
  }
}
