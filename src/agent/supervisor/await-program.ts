import type { Clock } from '../../base/index.js';
import type { ProgramExit, RunningProgram } from './program-runner.js';

/**
 * Waits for `program` to exit, at most `timeoutMs` on `clock`: its exit, or `timed-out` while it
 * still runs (it is left running; the caller decides whether to kill its group). When `signal`
 * aborts first, the abort reason is thrown: after `killGroupOnAbort` has been called and the
 * exit awaited when given, at once (the program left running) when not.
 */
export async function awaitProgram(
  clock: Clock,
  program: RunningProgram,
  timeoutMs: number,
  options: { readonly signal?: AbortSignal; readonly killGroupOnAbort?: () => void } = {},
): Promise<ProgramExit | 'timed-out'> {
  const { signal, killGroupOnAbort } = options;
  const timer = new AbortController();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<'aborted'>((resolve) => {
    onAbort = () => resolve('aborted');
    if (signal?.aborted === true) resolve('aborted');
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
  // A cancelled timer rejects; that only happens once the race is decided.
  const timedOut = clock.sleep(timeoutMs, timer.signal).then(
    () => 'timed-out' as const,
    () => 'timed-out' as const,
  );
  try {
    const first = await Promise.race([program.exit, timedOut, aborted]);
    if (first !== 'aborted') return first;
    if (killGroupOnAbort !== undefined) {
      killGroupOnAbort();
      await program.exit;
    }
    throw signal?.reason ?? new Error('aborted');
  } finally {
    timer.abort();
    if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
  }
}
