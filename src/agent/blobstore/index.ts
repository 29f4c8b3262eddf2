export type { AgentBlobstore, StoredBlob } from './agent-blobstore.js';
export {
  LocalBlobstore,
  localBlobstoreOptionsSchema,
  type LocalBlobstoreOptions,
} from './local-blobstore.js';
