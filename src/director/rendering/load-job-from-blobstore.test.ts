import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create } from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalFileBlobstore, type StoredBlob } from '../blobstore/index.js';
import type { JobRecord } from '../store/index.js';
import { loadJobFromBlobstore } from './load-job-from-blobstore.js';

describe('loadJobFromBlobstore', () => {
  let dir: string;
  let blobstore: LocalFileBlobstore;
  let cacheDir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bosun-rendering-'));
    blobstore = new LocalFileBlobstore({ dir: join(dir, 'blobs') });
    cacheDir = join(dir, 'jobs');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Packs a job the way `bosh create-release` does (job.MF, monit, templates/) and stores it. */
  async function storeJobTarball(): Promise<StoredBlob> {
    const src = join(dir, 'src');
    await mkdir(join(src, 'templates'), { recursive: true });
    await writeFile(
      join(src, 'job.MF'),
      'name: web\ntemplates: {ctl.erb: bin/ctl}\nproperties: {port: {default: 80}}\n',
    );
    await writeFile(join(src, 'monit'), 'check process web\n');
    await writeFile(join(src, 'templates', 'ctl.erb'), "port=<%= p('port') %>\n");
    const tgz = join(dir, 'web.tgz');
    await create({ gzip: true, file: tgz, cwd: src }, ['job.MF', 'monit', 'templates']);
    return blobstore.put(tgz);
  }

  function recordOf(blob: StoredBlob, sha1 = blob.sha1): JobRecord {
    return {
      id: 1,
      releaseId: 1,
      name: 'web',
      version: 'v1',
      fingerprint: 'f',
      sha1,
      blobstoreId: blob.blobstoreId,
      spec: {},
    };
  }

  it('extracts the job tarball once into <cacheDir>/<sha1> and reads it', async () => {
    const blob = await storeJobTarball();
    const job = await loadJobFromBlobstore(blobstore, recordOf(blob), cacheDir);
    expect(job.dir).toBe(join(cacheDir, blob.sha1));
    expect(job.kind).toBe('tarball');
    expect(job.spec.name).toBe('web');
    expect(job.spec.templates).toEqual([{ source: 'ctl.erb', destination: 'bin/ctl' }]);
    expect(job.monit).toBe('check process web\n');
    expect([...job.templates]).toEqual([['ctl.erb', "port=<%= p('port') %>\n"]]);
    // Nothing else is left in the cache: the temporary directory was renamed into place.
    expect(await readdir(cacheDir)).toEqual([blob.sha1]);

    // The second load reads the cache: the blob is no longer needed.
    await blobstore.delete(blob.blobstoreId);
    const again = await loadJobFromBlobstore(blobstore, recordOf(blob), cacheDir);
    expect(again.spec).toEqual(job.spec);
  });

  it('keys the cache by blobstore id when the digest is not a plain SHA-1', async () => {
    const blob = await storeJobTarball();
    const job = await loadJobFromBlobstore(blobstore, recordOf(blob, blob.sha256), cacheDir);
    expect(job.dir).toBe(join(cacheDir, blob.blobstoreId));
  });

  it('refuses a blob whose bytes are not the record digest and caches nothing', async () => {
    const blob = await storeJobTarball();
    const wrong = '0'.repeat(40);
    const error = await loadJobFromBlobstore(blobstore, recordOf(blob, wrong), cacheDir).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      code: 'BLOB_DIGEST_MISMATCH',
      message: `Checking downloaded blob '${blob.blobstoreId}' of job 'web/v1': Expected stream to have digest '${wrong}' but was '${blob.sha1}'`,
    });
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('reports a missing blob', async () => {
    const blob = await storeJobTarball();
    await blobstore.delete(blob.blobstoreId);
    const error = await loadJobFromBlobstore(blobstore, recordOf(blob), cacheDir).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BLOB_NOT_FOUND' });
  });
});
