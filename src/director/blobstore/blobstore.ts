import type { Readable } from 'node:stream';

/** What can be put: a file path, bytes, or a stream of bytes. */
export type BlobSource = string | Uint8Array | Readable | AsyncIterable<Uint8Array>;

/** A blob as stored, with its digests in BOSH's multi-digest notation. */
export interface StoredBlob {
  /** Derived from the content: the SHA-256 hex of the bytes. */
  blobstoreId: string;
  /** SHA-1, lowercase hex: BOSH's classic `sha1` value. */
  sha1: string;
  /** `sha256:<hex>`. */
  sha256: string;
  /** Both, as a BOSH multi-digest (`<sha1>;sha256:<hex>`); agents verify the strongest. */
  multiDigest: string;
  /** Bytes. */
  size: number;
}

/**
 * Where the Director keeps release jobs and packages, compiled packages, rendered templates
 * and log bundles.
 */
export interface Blobstore {
  /**
   * Stores the bytes of `source` and returns their id and digests. Content-addressed: the
   * same bytes always get the same id, and putting them again is harmless. Atomic: the blob
   * appears whole or not at all, even when the Director is killed mid-write. Aborting
   * `signal` stops the write and leaves nothing behind.
   */
  put(source: BlobSource, signal?: AbortSignal): Promise<StoredBlob>;
  /** The file holding blob `blobstoreId` (which may not exist). Rejects ids that are not file names. */
  pathOf(blobstoreId: string): string;
  exists(blobstoreId: string): Promise<boolean>;
  /** A stream of the blob's bytes; `BLOB_NOT_FOUND` when there is no such blob. */
  open(blobstoreId: string): Promise<Readable>;
  /** Removes a blob. Idempotent: a missing blob is not an error. */
  delete(blobstoreId: string): Promise<void>;
}
