import type { Clock } from '../../base/index.js';

interface Watched {
  version: number;
  wake: Array<() => void>;
}

/**
 * Lets followers of a task sleep until its output or state changes. Each task has a version
 * that {@link bump} increases; {@link waitForChange} resolves once the version differs from
 * the one the caller last saw, so a change between reading and waiting is never missed.
 */
export class TaskWatch {
  private readonly tasks = new Map<number, Watched>();

  constructor(private readonly clock: Clock) {}

  /** The current version of task `taskId`'s output and state. */
  version(taskId: number): number {
    return this.tasks.get(taskId)?.version ?? 0;
  }

  /** Records a change and wakes every waiter. */
  bump(taskId: number): void {
    const watched = this.tasks.get(taskId) ?? { version: 0, wake: [] };
    watched.version += 1;
    const wake = watched.wake;
    watched.wake = [];
    this.tasks.set(taskId, watched);
    for (const fn of wake) fn();
  }

  /** Forgets a task's waiters' bookkeeping once nobody follows a finished task. */
  forget(taskId: number): void {
    const watched = this.tasks.get(taskId);
    if (watched !== undefined && watched.wake.length === 0) this.tasks.delete(taskId);
  }

  /**
   * Resolves when the version is no longer `seenVersion`, or after `timeoutMs` (a poll, for
   * tasks this process does not run), or rejects when `signal` aborts.
   */
  async waitForChange(
    taskId: number,
    seenVersion: number,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<void> {
    if (this.version(taskId) !== seenVersion) return;
    const timer = new AbortController();
    const onAbort = (): void => timer.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const watched = this.tasks.get(taskId) ?? { version: seenVersion, wake: [] };
    this.tasks.set(taskId, watched);
    const wake = (): void => timer.abort('changed');
    watched.wake.push(wake);
    try {
      await this.clock.sleep(timeoutMs, timer.signal);
    } catch (e) {
      if (signal?.aborted === true) throw e;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      watched.wake = watched.wake.filter((fn) => fn !== wake);
    }
  }
}
