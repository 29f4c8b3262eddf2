import { copyFile, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { BosunError, describeError, formatSchemaIssues } from '../base/index.js';
import { fromRubyValue, loadYaml } from '../yaml/index.js';
import { verifyFileDigest } from './digest.js';
import type { ReleaseConfig } from './release-config.js';

const blobsIndexSchema = z
  .record(
    z.string(),
    z.object({
      size: z.union([z.number(), z.bigint()]).nullish(),
      object_id: z.string().nullish(),
      sha: z.string(),
    }),
  )
  .nullish();

/** One entry of `config/blobs.yml`: a file under `blobs/` and where the blobstore keeps it. */
export interface TrackedBlob {
  path: string;
  /** Undefined for a blob added locally and not uploaded yet. */
  objectId: string | undefined;
  sha: string;
}

/** Reads `config/blobs.yml` (absent means no blobs), sorted by path as bosh-cli sorts them. */
export async function readBlobsIndex(releaseDir: string): Promise<TrackedBlob[]> {
  const path = join(releaseDir, 'config', 'blobs.yml');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new BosunError('INPUT_UNREADABLE', `Reading blobs index '${path}': ${describeError(e)}`, {
      cause: e,
    });
  }
  const parsed = blobsIndexSchema.safeParse(fromRubyValue(loadYaml(text, path)));
  if (!parsed.success) {
    throw new BosunError(
      'RELEASE_CONFIG_INVALID',
      `Unmarshalling blobs index '${path}': ${formatSchemaIssues(parsed.error).join('; ')}`,
    );
  }
  return Object.entries(parsed.data ?? {})
    .map(([blobPath, blob]) => ({ path: blobPath, objectId: blob.object_id ?? undefined, sha: blob.sha }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Makes every uploaded blob of `config/blobs.yml` present in `blobs/` (bosh-cli
 * `DownloadBlobs`): a file already there with the recorded digest is kept; otherwise it is
 * fetched from a `local` blobstore (`blobstore_path/<object_id>`) and checked. Other blobstore
 * providers are not reachable from Bosun: the blob must already be in `blobs/`. Blobs without
 * an object id are local-only and used as they are. Idempotent.
 */
export async function syncBlobs(releaseDir: string, config: ReleaseConfig): Promise<void> {
  for (const blob of await readBlobsIndex(releaseDir)) {
    if (blob.objectId === undefined) continue;
    const target = join(releaseDir, 'blobs', blob.path);
    const isPresent = await verifyFileDigest(target, blob.sha, blob.path).then(
      () => true,
      () => false,
    );
    if (isPresent) continue;
    const context = `Getting blob '${blob.objectId}' for path '${blob.path}'`;
    const store = config.blobstore;
    const storePath = store?.options['blobstore_path'];
    if (store?.provider !== 'local' || typeof storePath !== 'string') {
      throw new BosunError(
        'BLOB_NOT_FOUND',
        `${context}: not in blobs/ and blobstore '${store?.provider ?? '(none)'}' is not reachable from Bosun`,
        {
          hint: `Run 'bosh sync-blobs' in ${releaseDir}, or copy the blob to blobs/${blob.path}.`,
        },
      );
    }
    const partial = `${target}.bosun-partial`;
    try {
      await mkdir(dirname(target), { recursive: true });
      await copyFile(join(storePath, blob.objectId), partial);
      await verifyFileDigest(partial, blob.sha, context);
      await rename(partial, target);
    } catch (e) {
      await rm(partial, { force: true });
      if (e instanceof BosunError) throw e;
      throw new BosunError('BLOB_NOT_FOUND', `${context}: ${describeError(e)}`, { cause: e });
    }
  }
}
