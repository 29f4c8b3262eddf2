export type {
  Cpi,
  CpiCallOptions,
  CpiHash,
  CpiInfo,
  CpiNetwork,
  CpiNetworks,
  CreatedVm,
  CreateVmRequest,
  DesiredInstanceSize,
} from './cpi.js';
export { CPI_ERROR_TYPES, KNOWN_CPI_ERROR_TYPES, CpiError, isCpiError } from './cpi-error.js';
export { type CpiLog, MemoryCpiLog, silentCpiLog } from './cpi-log.js';
export {
  CPI_API_VERSION,
  cpiRequestSchema,
  cpiResponseSchema,
  redactCpiRequest,
  type CpiRequest,
  type CpiResponse,
  type CpiResponseError,
} from './cpi-wire.js';
export {
  nodeCommandRunner,
  type CommandRequest,
  type CommandResult,
  type CommandRunner,
} from './command-runner.js';
export {
  ExternalCpi,
  type CpiCallRecord,
  type CpiDebugLog,
  type ExternalCpiOptions,
} from './external-cpi.js';
export { runCpiCommand, formatCpiErrorResponse, type RunCpiCommandOptions } from './run-cpi-command.js';
export { LocalCpi, type LocalCpiPorts } from './local/local-cpi.js';
export {
  localCpiConfigSchema,
  parseLocalCpiConfig,
  readLocalCpiConfig,
  type LocalCpiConfig,
} from './local/local-cpi-config.js';
export { runLocalCpiCommand } from './local/run-local-cpi-command.js';
export {
  vmEnvSchema,
  type VmEnv,
  VM_AGENT_CONFIG_PATH,
  VM_SETTINGS_PATH,
  VM_STORE_PATH,
} from './local/vm-env.js';
