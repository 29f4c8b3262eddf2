import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalBlobstore } from './local-blobstore.js';

const SHA1_HELLO = '2aae6c35c94fcfb415dbe95f408b9ce91ee846ed';

describe('LocalBlobstore', () => {
  let dir: string;
  let blobstore: LocalBlobstore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bosun-blobs-'));
    blobstore = new LocalBlobstore({ blobstorePath: join(dir, 'blobs') });
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('puts a file under a new id and fetches it back when the digest matches', async () => {
    await writeFile(join(dir, 'in'), 'hello world');
    const stored = await blobstore.put(join(dir, 'in'));
    expect(stored.sha1).toBe(SHA1_HELLO);
    expect(stored.blobstoreId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await readdir(join(dir, 'blobs'))).toEqual([stored.blobstoreId]);
    await blobstore.fetch(stored.blobstoreId, SHA1_HELLO, join(dir, 'out'));
    expect(await readFile(join(dir, 'out'), 'utf8')).toBe('hello world');
  });

  it('gives each put a new id', async () => {
    await writeFile(join(dir, 'in'), 'x');
    const a = await blobstore.put(join(dir, 'in'));
    const b = await blobstore.put(join(dir, 'in'));
    expect(a.blobstoreId).not.toBe(b.blobstoreId);
  });

  it('removes the copy and names the blob when the digest does not match', async () => {
    await writeFile(join(dir, 'in'), 'hello world');
    const { blobstoreId } = await blobstore.put(join(dir, 'in'));
    const wrong = 'a'.repeat(40);
    await expect(blobstore.fetch(blobstoreId, wrong, join(dir, 'out'))).rejects.toThrow(
      `Checking downloaded blob '${blobstoreId}': Expected stream to have digest '${wrong}' but was '${SHA1_HELLO}'`,
    );
    await expect(readFile(join(dir, 'out'))).rejects.toThrow(/ENOENT/);
  });

  it('reports a missing blob', async () => {
    await expect(blobstore.fetch('nope', SHA1_HELLO, join(dir, 'out'))).rejects.toThrow(
      `Blob 'nope' not found in the blobstore at ${join(dir, 'blobs')}`,
    );
  });

  it.each(['../x', '..', 'a/b', ''])('refuses the blob id %j', async (id) => {
    await expect(blobstore.fetch(id, SHA1_HELLO, join(dir, 'out'))).rejects.toThrow(
      `Invalid blob id '${id}'`,
    );
  });
});
