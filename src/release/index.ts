export { parseJobSpec, type JobSpec, type PropertyDefinition } from './job-spec.js';
export { readJobDir, type JobSource } from './read-job-dir.js';
