export type { AgentBlobstore, StoredBlob } from './agent-blobstore.js';
export {
  LocalBlobstore,
  localBlobstoreOptionsSchema,
  type LocalBlobstoreOptions,
} from './local-blobstore.js';
export {
  DIGEST_ALGORITHMS,
  digestFile,
  formatDigest,
  parseMultiDigest,
  strongestDigest,
  verifyDigest,
  type Digest,
  type DigestAlgorithm,
} from './multi-digest.js';
