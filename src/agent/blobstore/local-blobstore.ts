import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { BosunError, describeError, digestFile, verifyDigest } from '../../base/index.js';
import type { AgentBlobstore, StoredBlob } from './agent-blobstore.js';

/** The options of BOSH's `local` blobstore provider, as they appear in agent settings. */
export const localBlobstoreOptionsSchema = z.object({ blobstore_path: z.string().min(1) });

/** Options of {@link LocalBlobstore}. */
export interface LocalBlobstoreOptions {
  /** The directory holding one file per blob, named by the blob id (`blobstore_path`). */
  blobstorePath: string;
}

/**
 * BOSH agent's `local` blobstore: blob `<id>` is the file `<blobstorePath>/<id>`. Used when the
 * Director and the agent share a directory (local VMs), and in tests.
 */
export class LocalBlobstore implements AgentBlobstore {
  private readonly dir: string;

  constructor(options: LocalBlobstoreOptions) {
    this.dir = options.blobstorePath;
  }

  async fetch(blobId: string, digest: string, destFile: string, signal?: AbortSignal): Promise<void> {
    const source = this.pathOf(blobId);
    const found = await stat(source).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw e;
    });
    if (found?.isFile() !== true) {
      throw new BosunError('BLOB_NOT_FOUND', `Blob '${blobId}' not found in the blobstore at ${this.dir}`);
    }
    try {
      await copyStream(source, destFile, signal);
      await verifyDigest(destFile, digest, `blob '${blobId}'`, signal);
    } catch (e) {
      await rm(destFile, { force: true }).catch(() => undefined); // the first failure is the one to report
      throw e;
    }
  }

  async put(file: string, signal?: AbortSignal): Promise<StoredBlob> {
    await mkdir(this.dir, { recursive: true });
    const blobstoreId = randomUUID();
    const temp = join(this.dir, `.${blobstoreId}.partial`);
    try {
      await copyStream(file, temp, signal);
      const sha1 = (await digestFile(temp, 'sha1', signal)).hex;
      await rename(temp, join(this.dir, blobstoreId));
      return { blobstoreId, sha1 };
    } catch (e) {
      await rm(temp, { force: true }).catch(() => undefined); // the first failure is the one to report
      throw new BosunError(
        'BLOB_PUT_FAILED',
        `Storing ${file} in the blobstore at ${this.dir}: ${describeError(e)}`,
        {
          cause: e,
        },
      );
    }
  }

  private pathOf(blobId: string): string {
    // A blob id names a file in one directory; anything that could leave it is refused.
    if (blobId === '' || blobId === '.' || blobId === '..' || blobId.includes('/') || blobId.includes('\0')) {
      throw new BosunError('BLOB_ID_INVALID', `Invalid blob id '${blobId}'`);
    }
    return join(this.dir, blobId);
  }
}

async function copyStream(from: string, to: string, signal: AbortSignal | undefined): Promise<void> {
  const options = signal === undefined ? {} : { signal };
  await pipeline(createReadStream(from), createWriteStream(to), options);
}
