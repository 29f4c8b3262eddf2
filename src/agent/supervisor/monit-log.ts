import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Clock } from '../../base/index.js';

export type MonitLogLevel = 'info' | 'warning' | 'error';

/**
 * The supervisor's log, `/var/vcap/monit/monit.log`, in monit's style with ISO times:
 * `[2026-11-21T10:00:00Z] info : 'web' start: '/var/vcap/jobs/web/bin/ctl start'`.
 * Lines are appended in the order written. A failed write (a full disk) is kept for
 * `lastWriteError` and does not stop supervision; the next line tries again.
 */
export class MonitLog {
  private readonly path: string;
  private readonly clock: Clock;
  private pending: Promise<void> = Promise.resolve();
  private writeError: unknown;

  constructor(path: string, clock: Clock) {
    this.path = path;
    this.clock = clock;
  }

  write(level: MonitLogLevel, message: string): void {
    const time = new Date(this.clock.nowMs()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const line = `[${time}] ${level} : ${message}\n`;
    this.pending = this.pending
      .then(async () => {
        await mkdir(dirname(this.path), { recursive: true });
        await appendFile(this.path, line, { mode: 0o640 });
      })
      .catch((e: unknown) => {
        this.writeError = e;
      });
  }

  /** Resolves once every line written so far is in the file (or has failed). */
  flush(): Promise<void> {
    return this.pending;
  }

  /** The error of the last write that failed, if any. */
  get lastWriteError(): unknown {
    return this.writeError;
  }
}
