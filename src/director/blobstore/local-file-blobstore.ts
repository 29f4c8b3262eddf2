import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BosunError, describeError } from '../../base/index.js';
import type { Blobstore, BlobSource, StoredBlob } from './blobstore.js';

/** Options of {@link LocalFileBlobstore}. */
export interface LocalFileBlobstoreOptions {
  /** The flat directory of blobs, e.g. `<dataDir>/blobs`; created when missing. */
  dir: string;
}

/**
 * A content-addressed blobstore in one flat directory: blob `<id>` is the plain file
 * `<dir>/<id>`, where a put's id is the SHA-256 hex of its bytes. That is the layout of BOSH's
 * `local` blobstore provider, so agents configured with `blobstore_path: <dir>` read the
 * Director's blobs directly and their own puts (UUID ids) land beside them. Files being
 * written are dot-files (`.<uuid>.partial`), which are never valid ids.
 */
export class LocalFileBlobstore implements Blobstore {
  readonly dir: string;

  constructor(options: LocalFileBlobstoreOptions) {
    this.dir = options.dir;
  }

  async put(source: BlobSource, signal?: AbortSignal): Promise<StoredBlob> {
    await mkdir(this.dir, { recursive: true });
    const temp = join(this.dir, `.${randomUUID()}.partial`);
    const sha1 = createHash('sha1');
    const sha256 = createHash('sha256');
    let size = 0;
    const hasher = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        sha1.update(chunk);
        sha256.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(
        readableOf(source),
        hasher,
        createWriteStream(temp, { flags: 'wx' }),
        signal === undefined ? {} : { signal },
      );
      const blobstoreId = sha256.digest('hex');
      // Same id, same bytes: renaming over an existing blob replaces it with an identical one.
      await rename(temp, join(this.dir, blobstoreId));
      const sha1Hex = sha1.digest('hex');
      return {
        blobstoreId,
        sha1: sha1Hex,
        sha256: `sha256:${blobstoreId}`,
        multiDigest: `${sha1Hex};sha256:${blobstoreId}`,
        size,
      };
    } catch (e) {
      await rm(temp, { force: true }).catch(() => undefined); // the first failure is the one to report
      throw new BosunError(
        'BLOB_PUT_FAILED',
        `Storing ${describeSource(source)} in the blobstore at ${this.dir}: ${describeError(e)}`,
        {
          cause: e,
        },
      );
    }
  }

  pathOf(blobstoreId: string): string {
    // An id names a file in one directory; anything that could leave it, or name a file
    // being written, is refused.
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(blobstoreId)) {
      throw new BosunError('BLOB_ID_INVALID', `Invalid blob id '${blobstoreId}'`);
    }
    return join(this.dir, blobstoreId);
  }

  async exists(blobstoreId: string): Promise<boolean> {
    const found = await stat(this.pathOf(blobstoreId)).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw e;
    });
    return found?.isFile() === true;
  }

  async open(blobstoreId: string): Promise<ReadStream> {
    if (!(await this.exists(blobstoreId))) {
      throw new BosunError(
        'BLOB_NOT_FOUND',
        `Blob '${blobstoreId}' not found in the blobstore at ${this.dir}`,
      );
    }
    return createReadStream(this.pathOf(blobstoreId));
  }

  async delete(blobstoreId: string): Promise<void> {
    await rm(this.pathOf(blobstoreId), { force: true });
  }

  /** The agent settings (`blobstore`) that make an agent on this machine read these blobs. */
  agentSettings(): { provider: 'local'; options: { blobstore_path: string } } {
    return { provider: 'local', options: { blobstore_path: this.dir } };
  }
}

function readableOf(source: BlobSource): Readable {
  if (typeof source === 'string') return createReadStream(source);
  if (source instanceof Uint8Array) return Readable.from([source]);
  return Readable.from(source);
}

function describeSource(source: BlobSource): string {
  if (typeof source === 'string') return source;
  return source instanceof Uint8Array ? `${source.length} bytes` : 'a stream';
}
