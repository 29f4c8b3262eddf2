/*
 * When and how often a dead process is restarted, and when the supervisor gives up.
 *
 * Defaults, and why:
 * - The pidfile and /proc are polled every 200 ms (one timer shared by all processes), so a
 *   death is seen within 0.2 s (monit: up to its 10 s cycle). A zombie counts as dead. Every
 *   5 s, zombies left in a service's process groups (helpers of a ctl script, re-parented to
 *   the agent) are reaped.
 * - Restart backoff: the first restart is immediate; each further restart within the window
 *   waits 1 s, 2 s, 4 s, 8 s, ... (doubling), capped at 30 s.
 * - Crash loop: after 5 restarts within a sliding 60 s window the next failure is not restarted;
 *   the process is reported `failing` until the next `start`. This is monit's
 *   `if 5 restarts within 5 cycles then timeout` with its 10 s cycles, rounded up. A job's own
 *   `if N restarts within M cycles then timeout` rule replaces it (N restarts within M × 10 s).
 * - A failed start (the start program ended or timed out and no process runs per the pidfile)
 *   counts as a restart too, so a broken start program is tried 6 times in about 15 s and then
 *   reported failing rather than run forever.
 * - Start: the process must appear within the start program's `with timeout` (default 30 s);
 *   when the start program exits non-zero and no process runs, it gets 1 s more, not the rest
 *   of the timeout (monit 5.2.5 ignores the exit status and waits it out).
 * - Stop: the process must be gone within the stop program's timeout (default 30 s), then it
 *   and its process group and descendants get SIGTERM, then SIGKILL 10 s later.
 * - The whole stop has BOSH's 5-minute limit.
 */
import type { MonitProcess } from '../../monit/index.js';

/** The numbers of supervision; see the file header for the defaults and their reasons. */
export interface SupervisionPolicy {
  /** How often the pidfile and /proc are read for each watched process. */
  readonly pollIntervalMs: number;
  /** How often zombies in a running service's process groups are reaped. */
  readonly zombieSweepIntervalMs: number;
  /** The wait before the second restart within the window; doubled for each further one. */
  readonly firstBackoffMs: number;
  readonly maxBackoffMs: number;
  /** Restarts allowed within `restartWindowMs` before the crash-loop state. */
  readonly maxRestarts: number;
  readonly restartWindowMs: number;
  /** How long a process may take to appear after its start program failed (exit status not 0). */
  readonly failedStartGraceMs: number;
  /** Between SIGTERM and SIGKILL when a process outlives its stop program's timeout. */
  readonly killGraceMs: number;
  /** BOSH's limit on stop (reference §3.5). */
  readonly stopLimitMs: number;
  /** Monit's cycle, to read `within M cycles` in a job's restart-limit rule. */
  readonly monitCycleMs: number;
}

export const DEFAULT_SUPERVISION_POLICY: SupervisionPolicy = {
  pollIntervalMs: 200,
  zombieSweepIntervalMs: 5_000,
  firstBackoffMs: 1_000,
  maxBackoffMs: 30_000,
  maxRestarts: 5,
  restartWindowMs: 60_000,
  failedStartGraceMs: 1_000,
  killGraceMs: 10_000,
  stopLimitMs: 5 * 60_000,
  monitCycleMs: 10_000,
};

/** How many restarts within how long a window, for one process. */
export interface RestartLimit {
  readonly maxRestarts: number;
  readonly windowMs: number;
}

/** The process's own `if N restarts within M cycles then timeout` rule, or the policy's default. */
export function restartLimitOf(process: MonitProcess, policy: SupervisionPolicy): RestartLimit {
  for (const rule of process.rules) {
    if (rule.restartLimit !== undefined && rule.action.kind === 'unmonitor') {
      return {
        maxRestarts: rule.restartLimit.restarts,
        windowMs: rule.restartLimit.cycles * policy.monitCycleMs,
      };
    }
  }
  return { maxRestarts: policy.maxRestarts, windowMs: policy.restartWindowMs };
}

/** What to do after a death or a failed start. */
export type RestartDecision =
  | { readonly kind: 'restart'; readonly delayMs: number; readonly restartsInWindow: number }
  | { readonly kind: 'give-up'; readonly restartsInWindow: number };

/**
 * Decides the next restart from the times of earlier restarts (ms since the epoch). Restarts
 * older than the window are forgotten. Pure.
 */
export function planRestart(
  restartTimesMs: readonly number[],
  nowMs: number,
  limit: RestartLimit,
  policy: SupervisionPolicy,
): RestartDecision {
  const recent = restartTimesMs.filter((t) => nowMs - t < limit.windowMs).length;
  if (recent >= limit.maxRestarts) return { kind: 'give-up', restartsInWindow: recent };
  const delayMs = recent === 0 ? 0 : Math.min(policy.maxBackoffMs, policy.firstBackoffMs * 2 ** (recent - 1));
  return { kind: 'restart', delayMs, restartsInWindow: recent + 1 };
}
