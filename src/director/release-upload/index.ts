export { uploadReleaseTask, type UploadReleaseDeps } from './upload-release.js';
export { findKnownArtifacts, isSameReleaseContent, type KnownArtifacts } from './known-artifacts.js';
export { readJobSpecJson } from './job-spec-json.js';
