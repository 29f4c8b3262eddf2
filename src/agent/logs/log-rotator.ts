import { stat } from 'node:fs/promises';
import { BosunError, describeError, type Clock } from '../../base/index.js';
import type { ApplySpec } from '../../protocol/index.js';
import { findLogFiles } from './find-log-files.js';
import { DEFAULT_MAX_LOG_FILE_SIZE, maxLogFileSizeOf, parseLogSize } from './log-size.js';
import { rotateLogFile } from './rotate-log-file.js';

/** How often the stemcell's cron runs logrotate: four times an hour (reference §8). */
export const LOG_ROTATION_INTERVAL_MS = 15 * 60 * 1000;

/** Options of {@link LogRotator}. */
export interface LogRotatorOptions {
  /** `sys/log` of the VM. */
  logDir: string;
  /** A logrotate size (`50M`, `100k`, `1G`, bytes); default 50M. */
  maxLogFileSize?: string | undefined;
  /** Rotated files kept; default 7. */
  keep?: number | undefined;
  /** Time between checks; default 15 minutes. */
  intervalMs?: number | undefined;
  /** Receives the failure of a scheduled rotation; the schedule goes on. */
  onError: (error: unknown) => void;
}

/**
 * Size-based rotation of job logs, in place of logrotate and the stemcell's cron (reference
 * §8): every `.log` file at depth 0-2 under `sys/log` that has reached `max_log_file_size` is
 * rotated with copytruncate into gzipped `x.log.1.gz` ... `x.log.<keep>.gz`.
 */
export class LogRotator {
  private readonly logDir: string;
  private readonly keep: number;
  private readonly intervalMs: number;
  private readonly onError: (error: unknown) => void;
  private maxBytes: number;
  private running: Promise<string[]> | undefined;

  constructor(options: LogRotatorOptions) {
    this.logDir = options.logDir;
    this.keep = options.keep ?? 7;
    this.intervalMs = options.intervalMs ?? LOG_ROTATION_INTERVAL_MS;
    this.onError = options.onError;
    this.maxBytes = parseLogSize(options.maxLogFileSize ?? DEFAULT_MAX_LOG_FILE_SIZE);
    if (!Number.isInteger(this.keep) || this.keep < 1) {
      throw new BosunError(
        'LOG_ROTATION_INVALID',
        `Log rotation must keep at least one file, not ${this.keep}`,
      );
    }
  }

  /** The size at which a log is rotated, in bytes. */
  get maxLogFileSizeBytes(): number {
    return this.maxBytes;
  }

  /** Sets the size from a newly applied spec; throws `LOG_SIZE_INVALID` and keeps the old size if it is malformed. */
  configure(spec: ApplySpec): void {
    this.setMaxLogFileSize(maxLogFileSizeOf(spec));
  }

  setMaxLogFileSize(size: string): void {
    this.maxBytes = parseLogSize(size);
  }

  /**
   * Rotates every log file that has reached the size, and returns their paths. Tries every
   * file; if any failed, then throws `LOG_ROTATION_FAILED` naming each. A call made while one
   * runs waits for that one.
   */
  rotateOnce(): Promise<string[]> {
    this.running ??= this.rotateAll().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /**
   * Checks every `intervalMs` until `signal` aborts, then resolves. Failures go to `onError`.
   */
  async start(clock: Clock, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await clock.sleep(this.intervalMs, signal);
      } catch (e) {
        if (signal.aborted) return;
        throw e;
      }
      try {
        await this.rotateOnce();
      } catch (e) {
        this.onError(e);
      }
    }
  }

  private async rotateAll(): Promise<string[]> {
    const rotated: string[] = [];
    const failures: string[] = [];
    for (const file of await findLogFiles(this.logDir)) {
      try {
        // A log removed since it was listed needs no rotation.
        const info = await stat(file).catch((e: NodeJS.ErrnoException) => {
          if (e.code === 'ENOENT') return undefined;
          throw e;
        });
        if (info === undefined || info.size < this.maxBytes) continue;
        await rotateLogFile(file, this.keep);
        rotated.push(file);
      } catch (e) {
        failures.push(`${file}: ${describeError(e)}`);
      }
    }
    if (failures.length > 0) {
      throw new BosunError('LOG_ROTATION_FAILED', `Rotating logs failed for ${failures.join('; ')}`);
    }
    return rotated;
  }
}
