/**
 * Where the agent gets package and rendered-template blobs and puts compiled packages and
 * log bundles: the agent side of the Director's blobstore (BOSH agent `blobstore` setting).
 */
export interface AgentBlobstore {
  /**
   * Copies blob `blobId` to `destFile` (created or replaced) and checks it against `digest`,
   * a BOSH multi-digest (`<sha1 hex>`, `sha256:<hex>`, several joined by `;`; the strongest
   * is verified). On a mismatch `destFile` is removed and the error (code
   * `BLOB_DIGEST_MISMATCH`) names the blob and both digests. Aborting `signal` stops the copy
   * and removes `destFile`. Idempotent.
   */
  fetch(blobId: string, digest: string, destFile: string, signal?: AbortSignal): Promise<void>;
  /**
   * Stores a copy of `file` under a new, unique id and returns the id and the SHA1 hex digest
   * of what was stored. The blob appears atomically: a concurrent `fetch` sees all or nothing.
   */
  put(file: string, signal?: AbortSignal): Promise<StoredBlob>;
}

/** A blob written by {@link AgentBlobstore.put}. */
export interface StoredBlob {
  blobstoreId: string;
  /** SHA1 of the blob's bytes, lowercase hex. */
  sha1: string;
}
