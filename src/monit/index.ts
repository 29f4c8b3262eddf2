export type {
  MonitAction,
  MonitCommand,
  MonitEvery,
  MonitFile,
  MonitInclude,
  MonitMode,
  MonitOtherCheck,
  MonitProcess,
  MonitProgram,
  MonitRate,
  MonitRecovery,
  MonitRule,
  MonitService,
  MonitServiceCommon,
  MonitServiceType,
  MonitSetting,
  MonitStatement,
} from './model.js';
export { MonitSyntaxError } from './monit-syntax-error.js';
export { DEFAULT_PROGRAM_TIMEOUT_SECONDS } from './parse-command.js';
export { parseMonitFile, type ParseMonitFileOptions } from './parse-monit-file.js';
export {
  orderMonitServices,
  processesInGroup,
  servicesInGroup,
  type MonitJobFile,
  type MonitServiceRef,
} from './order-monit-services.js';
