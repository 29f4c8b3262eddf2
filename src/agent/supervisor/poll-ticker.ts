import type { Clock } from '../../base/index.js';

/**
 * One timer for the polls of every watched process: each watcher waits for the next shared
 * tick instead of arming its own timer, so ten processes wake the agent five times a second,
 * not fifty (each wake-up of the event loop costs more CPU than the two /proc reads it serves).
 * A watcher that starts waiting between ticks waits less than an interval.
 */
export class PollTicker {
  private next: Promise<void> | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
  ) {}

  /** Resolves at the next tick; rejects with the signal's reason when it aborts first. */
  wait(signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    this.next ??= this.clock.sleep(this.intervalMs).then(() => {
      this.next = undefined;
    });
    const tick = this.next;
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason as Error);
      signal.addEventListener('abort', onAbort, { once: true });
      void tick.then(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }
}
