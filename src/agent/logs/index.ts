export { fetchLogs, LogFetcher, type FetchLogsRequest } from './fetch-logs.js';
export { compileLogFilters } from './log-filter.js';
export { findLogFiles, isLogName } from './find-log-files.js';
export { DEFAULT_MAX_LOG_FILE_SIZE, maxLogFileSizeOf, parseLogSize } from './log-size.js';
export { LOG_ROTATION_INTERVAL_MS, LogRotator, type LogRotatorOptions } from './log-rotator.js';
export { rotateLogFile } from './rotate-log-file.js';
