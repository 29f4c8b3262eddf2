import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isBosunError } from '../../base/index.js';
import { LocalFileBlobstore } from './local-file-blobstore.js';

const SHA1_HELLO = '2aae6c35c94fcfb415dbe95f408b9ce91ee846ed';
const SHA256_HELLO = 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9';

describe('LocalFileBlobstore', () => {
  let root: string;
  let dir: string;
  let blobstore: LocalFileBlobstore;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'bosun-blobstore-'));
    dir = join(root, 'blobs');
    blobstore = new LocalFileBlobstore({ dir });
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it.each([
    ['a buffer', (): Uint8Array => Buffer.from('hello world')],
    ['a stream', (): Readable => Readable.from([Buffer.from('hello '), Buffer.from('world')])],
    [
      'an async iterable',
      (): AsyncIterable<Uint8Array> =>
        (async function* () {
          await Promise.resolve();
          yield Buffer.from('hello world');
        })(),
    ],
  ])('stores %s under the SHA-256 of its bytes with both digests', async (_name, source) => {
    const stored = await blobstore.put(source());
    expect(stored).toEqual({
      blobstoreId: SHA256_HELLO,
      sha1: SHA1_HELLO,
      sha256: `sha256:${SHA256_HELLO}`,
      multiDigest: `${SHA1_HELLO};sha256:${SHA256_HELLO}`,
      size: 11,
    });
  });

  it("lays blobs out as the agent's local provider reads them: <blobstore_path>/<id>, a plain file", async () => {
    await writeFile(join(root, 'in'), 'hello world');
    const stored = await blobstore.put(join(root, 'in'));
    expect(await readdir(dir)).toEqual([stored.blobstoreId]);
    expect(
      await readFile(join(blobstore.agentSettings().options.blobstore_path, stored.blobstoreId), 'utf8'),
    ).toBe('hello world');
    expect(blobstore.agentSettings()).toEqual({ provider: 'local', options: { blobstore_path: dir } });
  });

  it('gives the same bytes the same id, once', async () => {
    const a = await blobstore.put(Buffer.from('x'));
    const b = await blobstore.put(Buffer.from('x'));
    const c = await blobstore.put(Buffer.from('y'));
    expect(b.blobstoreId).toBe(a.blobstoreId);
    expect(c.blobstoreId).not.toBe(a.blobstoreId);
    expect((await readdir(dir)).sort()).toEqual([a.blobstoreId, c.blobstoreId].sort());
  });

  it('leaves nothing behind when the source fails mid-way', async () => {
    const failing = Readable.from(
      (async function* () {
        await Promise.resolve();
        yield Buffer.from('partial');
        throw new Error('disk on fire');
      })(),
    );
    await expect(blobstore.put(failing)).rejects.toThrow(
      /Storing a stream in the blobstore at .*: disk on fire/,
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it('leaves nothing behind when aborted', async () => {
    const controller = new AbortController();
    const slow = Readable.from(
      (async function* () {
        yield Buffer.from('a');
        controller.abort(new Error('cancelled'));
        await new Promise((resolve) => setTimeout(resolve, 10));
        yield Buffer.from('b');
      })(),
    );
    await expect(blobstore.put(slow, controller.signal)).rejects.toThrow();
    expect(await readdir(dir)).toEqual([]);
  });

  it('reads, checks and deletes blobs, including ones an agent put under a UUID', async () => {
    const stored = await blobstore.put(Buffer.from('hello world'));
    expect(
      createHash('sha1')
        .update(await text(await blobstore.open(stored.blobstoreId)))
        .digest('hex'),
    ).toBe(SHA1_HELLO);
    const agentId = '0b8a5f3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
    await writeFile(join(dir, agentId), 'compiled');
    expect(await blobstore.exists(agentId)).toBe(true);
    expect(await text(await blobstore.open(agentId))).toBe('compiled');
    await blobstore.delete(agentId);
    await blobstore.delete(agentId);
    expect(await blobstore.exists(agentId)).toBe(false);
  });

  it('says which blob is missing', async () => {
    const e: unknown = await blobstore.open('f'.repeat(64)).catch((err: unknown) => err);
    expect(isBosunError(e, 'BLOB_NOT_FOUND')).toBe(true);
    expect((e as Error).message).toBe(`Blob '${'f'.repeat(64)}' not found in the blobstore at ${dir}`);
  });

  it.each(['../etc/passwd', 'a/b', '', '.', '..', '.x.partial'])('refuses the id %j', (id) => {
    expect(() => blobstore.pathOf(id)).toThrow(`Invalid blob id '${id}'`);
  });
});
