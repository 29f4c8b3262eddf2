export { BosunError, isBosunError, describeError } from './bosun-error.js';
export { type Clock, systemClock, FakeClock } from './clock.js';
export { type NativeProcess, type ReapedStatus, loadNativeProcess } from './native-process.js';
export { formatSchemaIssues } from './schema-issues.js';
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
