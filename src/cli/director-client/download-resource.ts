import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { BosunError, describeError, verifyDigest } from '../../base/index.js';
import type { DirectorClient } from './director-client.js';

/**
 * Downloads a blob of the Director (`GET /resources/:blobstore_id`) to `destination`: into a
 * hidden temporary file beside it, checked against `digest` (a BOSH multi-digest, e.g. the
 * SHA1 of a logs task's result; skipped when empty), then renamed into place, so that
 * `destination` is either absent or whole. The temporary file is removed on any failure.
 * `signal` cancels the transfer.
 */
export async function downloadResource(
  client: DirectorClient,
  blobstoreId: string,
  digest: string,
  destination: string,
  signal?: AbortSignal,
): Promise<void> {
  const partial = join(
    dirname(destination),
    `.${basename(destination)}.${randomBytes(4).toString('hex')}.part`,
  );
  try {
    const body = await client.resource(blobstoreId);
    try {
      await pipeline(
        Readable.fromWeb(body as WebReadableStream<Uint8Array>),
        createWriteStream(partial, { flags: 'wx' }),
        signal === undefined ? {} : { signal },
      );
    } catch (e) {
      throw new BosunError(
        'DOWNLOAD_FAILED',
        `Downloading resource '${blobstoreId}' to '${destination}': ${describeError(e)}`,
        { cause: e },
      );
    }
    if (digest !== '') await verifyDigest(partial, digest, `resource '${blobstoreId}'`, signal);
    await rename(partial, destination);
  } catch (e) {
    await rm(partial, { force: true });
    throw e;
  }
}
