import type { ApplySpec } from '../protocol/index.js';

/**
 * What the actions need from the parts of the agent, by role. The concrete classes
 * (MonitFileSupervisor, the applier, the log rotator) are wired to these in
 * `agent-daemon.ts`; the supervisor's role is its own `JobSupervisor` interface.
 */
export type { JobState, JobSupervisor } from './supervisor/index.js';

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
