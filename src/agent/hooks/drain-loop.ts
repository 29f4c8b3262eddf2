//   first call: <job_change> <hash_change> [<pkgs>...], with BOSH_JOB_NEXT_STATE
//        │
//        ▼          stdout N ≥ 0                     slept
//   ┌─────────┐ ─────────────────▶ [sleep N s] ─────────────▶ done
//   │ calling │
//   └─────────┘ ─────────────────▶ [sleep |N| s] ──┐
//     ▲    │        stdout N < 0                    │ next call: job_check_status hash_unchanged,
//     │    │                                        │ without BOSH_JOB_NEXT_STATE
//     └────┼────────────────────────────────────────┘
//          └── no integer, cannot exec, non-zero exit (strict mode only), cancel ──▶ failed
import type { Clock } from '../../base/index.js';
import type { DrainParams } from './drain-params.js';
import { buildHookEnv } from './hook-env.js';
import { parseDrainOutput } from './parse-drain-output.js';
import type { ScriptExit, ScriptProcessRunner } from './script-process.js';

/** Drain stdout is one integer; keep enough to see what a misbehaving script printed. */
const DRAIN_STDOUT_CAPTURE_BYTES = 64 * 1024;
/** setTimeout's limit; longer drain sleeps are taken in pieces. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Everything one job's drain loop needs. */
export interface DrainLoopOptions {
  readonly path: string;
  readonly params: DrainParams;
  readonly baseEnv: NodeJS.ProcessEnv;
  readonly stderrFd: number;
  /** Called with each call's captured stdout, so it can be kept in the drain log. */
  readonly onStdout: (stdout: string) => Promise<void>;
  readonly failOnNonZeroExit: boolean;
  readonly runProcess: ScriptProcessRunner;
  readonly clock: Clock;
  readonly killGraceMs: number;
  readonly signal?: AbortSignal;
}

/** How one job's drain loop ended; `error` is set when it failed, `exit` is the last call's. */
export interface DrainLoopResult {
  readonly exit: ScriptExit | undefined;
  readonly stdout: string;
  readonly error?: string;
}

export const DRAIN_CANCELLED = 'Script was cancelled by user request';

/**
 * One job's drain loop (`concrete_script.go`): call, parse, sleep, and call again with
 * `job_check_status hash_unchanged` while the result is negative, with no limit. Sleeps use
 * the clock and end early on cancel. Never rejects for the script's sake.
 */
export async function runDrainLoop(options: DrainLoopOptions): Promise<DrainLoopResult> {
  const { params, signal } = options;
  let args = [params.jobChange, params.hashChange, ...params.updatedPackages];
  let nextState = params.jobNextState;
  for (;;) {
    const env = buildHookEnv(options.baseEnv, {
      BOSH_JOB_STATE: params.jobState,
      ...(nextState === undefined ? {} : { BOSH_JOB_NEXT_STATE: nextState }),
    });
    const exit = await options.runProcess({
      path: options.path,
      args,
      env,
      stdout: { captureBytes: DRAIN_STDOUT_CAPTURE_BYTES },
      stderr: { fd: options.stderrFd },
      ...(signal === undefined ? {} : { signal }),
      clock: options.clock,
      killGraceMs: options.killGraceMs,
    });
    await options.onStdout(exit.stdout);
    const result = { exit, stdout: exit.stdout };
    if (exit.cancelled) return { ...result, error: DRAIN_CANCELLED };
    if (exit.execError !== undefined) return { ...result, error: `Running drain script: ${exit.execError}` };
    if (options.failOnNonZeroExit && exit.exitCode !== 0) {
      const how = exit.signal === null ? `exited with code ${exit.exitCode}` : `was killed by ${exit.signal}`;
      return { ...result, error: `Drain script ${how}` };
    }
    const output = parseDrainOutput(exit.stdout);
    if (!output.ok) return { ...result, error: output.error };
    if (!(await sleepSeconds(options.clock, Math.abs(output.value), signal))) {
      return { ...result, error: DRAIN_CANCELLED };
    }
    if (output.value >= 0) return result;
    args = ['job_check_status', 'hash_unchanged'];
    nextState = undefined;
  }
}

/** Sleeps `seconds`; false when cancelled first. */
async function sleepSeconds(
  clock: Clock,
  seconds: number,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  let leftMs = seconds * 1000;
  try {
    do {
      const stepMs = Math.min(leftMs, MAX_TIMER_MS);
      await clock.sleep(stepMs, signal);
      leftMs -= stepMs;
    } while (leftMs > 0);
    return true;
  } catch (e) {
    if (signal?.aborted === true) return false;
    throw e;
  }
}
