export { HOOK_PATH, buildHookEnv } from './hook-env.js';
export {
  HookScriptsError,
  formatScriptsFailure,
  type HookJobFailure,
  type HookScriptsErrorCode,
} from './hook-scripts-error.js';
export { runJobScripts, KILL_GRACE_MS, type RunJobScriptsOptions } from './run-job-scripts.js';
export { computeDrainParams, type DrainParams, type DrainType } from './drain-params.js';
export { parseDrainOutput, type DrainOutput } from './parse-drain-output.js';
export { runDrainScripts, type RunDrainScriptsOptions } from './run-drain-scripts.js';
export {
  runErrand,
  ERRAND_OUTPUT_MAX_BYTES,
  type ErrandResult,
  type RunErrandOptions,
} from './run-errand.js';
export {
  runScriptProcess,
  type OutputTarget,
  type ScriptExit,
  type ScriptProcessOptions,
  type ScriptProcessRunner,
} from './script-process.js';
