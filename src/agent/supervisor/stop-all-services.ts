import { writeFile } from 'node:fs/promises';
import { BosunError, describeError } from '../../base/index.js';
import type { ServiceWatcher } from './service-watcher.js';
import type { SupervisionContext } from './supervision-context.js';

/**
 * BOSH's StopAndWait (reference §3.5) over the watchers, which are in dependency order:
 * 1. end every watch loop and wait for start programs in flight (monit's pending actions);
 * 2. write the stopped file;
 * 3. stop each service, dependents first, and wait until it is no longer monitored.
 * One limit (`stopLimitMs`, 5 minutes) covers it all, with BOSH's timeout texts; `signal`
 * cancels it.
 */
export async function stopAllServices(
  ctx: SupervisionContext,
  watchers: readonly ServiceWatcher[],
  signal?: AbortSignal,
): Promise<void> {
  const { clock, policy } = ctx;
  const minutes = policy.stopLimitMs / 60_000;
  const timedOut = new BosunError('SERVICES_STOP_TIMED_OUT', `stop took more than ${minutes} minutes`);
  const limit = new AbortController();
  const timer = new AbortController();
  void clock.sleep(policy.stopLimitMs, timer.signal).then(
    () => limit.abort(timedOut),
    () => undefined,
  );
  const onCancel = (): void => limit.abort(signal?.reason);
  if (signal?.aborted === true) onCancel();
  else signal?.addEventListener('abort', onCancel, { once: true });
  const names = (which: readonly ServiceWatcher[]): string => which.map((w) => w.name).join(', ');
  try {
    for (const watcher of watchers) watcher.cancelWatching();
    try {
      await untilAborted(Promise.all(watchers.map((w) => w.settled())), limit.signal);
    } catch (e) {
      if (limit.signal.reason !== timedOut) throw e;
      const pending = watchers.filter((w) => w.isPending);
      throw new BosunError(
        'SERVICES_STOP_TIMED_OUT',
        `Timed out waiting for services '${names(pending)}' to no longer be pending after ${minutes} minutes`,
      );
    }
    await writeFile(ctx.paths.stoppedFile, '');
    const order = [...watchers].reverse();
    for (const [index, watcher] of order.entries()) {
      try {
        await watcher.stop(limit.signal);
      } catch (e) {
        if (limit.signal.reason === timedOut) {
          const left = order.slice(index);
          throw new BosunError(
            'SERVICES_STOP_TIMED_OUT',
            `Timed out waiting for services '${names(left)}' to stop after ${minutes} minutes`,
          );
        }
        if (limit.signal.aborted) throw e;
        throw new BosunError('SERVICE_STOP_FAILED', `Stopping service ${watcher.name}: ${describeError(e)}`, {
          cause: e,
        });
      }
    }
  } finally {
    timer.abort();
    signal?.removeEventListener('abort', onCancel);
  }
}

/** `work`, or a rejection with the signal's reason when it aborts first. */
async function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason as Error);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    if (onAbort !== undefined) signal.removeEventListener('abort', onAbort);
  }
}
