export {
  JOB_SPEC_INVALID,
  parseJobSpec,
  VALID_ID,
  type JobSpec,
  type ParseJobSpecOptions,
  type PropertyDefinition,
} from './job-spec.js';
export { readJobDir, type JobSource, type ReadJobDirOptions } from './read-job-dir.js';
