export type { Blobstore, BlobSource, StoredBlob } from './blobstore.js';
export { LocalFileBlobstore, type LocalFileBlobstoreOptions } from './local-file-blobstore.js';
