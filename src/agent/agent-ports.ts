import type { ApplySpec } from '../protocol/index.js';

/**
 * What the actions need from the parts of the agent, by role. The concrete classes
 * (MonitFileSupervisor, the applier, the log rotator) are wired to these in `agent.ts`;
 * tests of the actions use fakes.
 */
export type JobState = 'running' | 'failing' | 'starting' | 'stopped' | 'unknown';

/** One supervised process as `get_state` reports it (reference §3.5). */
export interface ProcessReport {
  name: string;
  state: string;
  uptime: { secs: number };
  mem: { kb: number; percent: number };
  cpu: { total: number };
}

/** The supervisor as the actions use it; see `supervisor/` for the contract of each call. */
export interface SupervisorPort {
  removeJobMonitFiles(): Promise<void>;
  writeJobMonitFiles(jobNames: readonly string[]): Promise<void>;
  reload(): Promise<void>;
  start(signal?: AbortSignal): Promise<void>;
  stop(signal?: AbortSignal): Promise<void>;
  unmonitor(): Promise<void>;
  jobState(): Promise<JobState>;
  processes(): Promise<readonly ProcessReport[]>;
  problems(): readonly string[];
  close(): Promise<void>;
}

/** Installs jobs and packages from an apply spec and keeps the persisted spec (reference §2.10, §7.2). */
export interface ApplierPort {
  /** Downloads and installs without enabling (`prepare`). */
  prepare(spec: unknown, signal?: AbortSignal): Promise<unknown>;
  /** Validates, installs and enables, removes what is no longer in the spec, persists the spec (`apply`). */
  apply(spec: unknown, signal?: AbortSignal): Promise<ApplySpec>;
  /** The persisted apply spec, or an empty one before the first apply. */
  currentSpec(): Promise<ApplySpec>;
}

/** Size-based log rotation (reference §8). */
export interface LogRotationPort {
  /** Takes `properties.logging.max_log_file_size` from a newly applied spec. */
  configure(spec: ApplySpec): void;
}

/** `compile_package` (reference §7.2). */
export interface PackageCompilerPort {
  compilePackage(
    request: { blobstoreId: string; sha1: string; name: string; version: string; deps: Record<string, unknown> },
    signal?: AbortSignal,
  ): Promise<{ result: { blobstore_id: string; sha1: string } }>;
}

/** `fetch_logs` (reference §7.2): a tgz of `sys/log` in the blobstore. */
export interface LogFetcherPort {
  fetchLogs(logType: string, filters: readonly string[]): Promise<{ blobstore_id: string; sha1: string }>;
}
