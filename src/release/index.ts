export {
  JOB_SPEC_INVALID,
  parseJobSpec,
  VALID_ID,
  type JobSpec,
  type ParseJobSpecOptions,
  type PropertyDefinition,
} from './job-spec.js';
export { readJobDir, type JobSource, type ReadJobDirOptions } from './read-job-dir.js';
export {
  DIGEST_MISMATCH,
  digestBytes,
  digestFile,
  verifyFileDigest,
  type DigestAlgorithm,
} from './digest.js';
export {
  computeFingerprint,
  fingerprintEntries,
  type FingerprintEntry,
  type FingerprintFile,
  type FingerprintOptions,
} from './fingerprint.js';
export { listTree, matchGlob } from './glob.js';
export { PACKAGE_INVALID, readPackageSpec, type PackageSpec } from './package-spec.js';
export { readPackageDir, type PackageFileRoots, type PackageSource } from './read-package-dir.js';
export { RELEASE_DEPENDENCY_INVALID, sortPackagesByDependencies, type PackageNode } from './package-graph.js';
export { readReleaseJob, type ReleaseJobSource } from './release-job.js';
export { RELEASE_CONFIG_INVALID, readReleaseConfig, type ReleaseConfig } from './release-config.js';
export { readReleaseDir, type ReadReleaseDirOptions, type ReleaseSource } from './read-release-dir.js';
export {
  compareReleaseVersions,
  formatReleaseVersion,
  nextDevVersion,
  parseReleaseVersion,
  type ReleaseVersion,
} from './release-version.js';
export {
  formatReleaseManifest,
  parseReleaseManifest,
  RELEASE_INVALID,
  type ReleaseManifest,
  type ReleaseManifestJob,
  type ReleaseManifestPackage,
} from './release-manifest.js';
export { gitExecutable, noGit, type GitRepo } from './git-repo.js';
export { bashPrePackagingRunner, type PrePackagingRunner } from './pre-packaging.js';
export {
  createDevRelease,
  type CreateDevReleaseOptions,
  type CreatedDevRelease,
} from './create-dev-release.js';
export {
  readReleaseTarball,
  type ReleaseTarball,
  type TarballJob,
  type TarballPackage,
} from './read-release-tarball.js';
