import { constants } from 'node:os';
import type { Clock } from '../../base/index.js';
import { BosunError, systemClock } from '../../base/index.js';
import type { VcapPaths } from '../vcap-paths.js';
import { buildHookEnv } from './hook-env.js';
import { jobScriptPath } from './job-script-path.js';
import { KILL_GRACE_MS } from './run-job-scripts.js';
import type { ScriptProcessRunner } from './script-process.js';
import { runScriptProcess } from './script-process.js';

/** Errand output kept per stream (docs: 1 MB); beyond it the last 1 MiB is returned. */
export const ERRAND_OUTPUT_MAX_BYTES = 1024 * 1024;

/** run_errand's value (reference §4.8): the Director reads 0 as success, 1–128 as error, >128 as cancelled. */
export interface ErrandResult {
  /** The exit code, or 128 + the signal's number when a signal ended the script. */
  exit_code: number;
  stdout: string;
  stderr: string;
}

/** Options of {@link runErrand}. */
export interface RunErrandOptions {
  readonly paths: VcapPaths;
  /** The jobs of the current apply spec, in its order; the first is the default errand. */
  readonly jobNames: readonly string[];
  readonly errandName?: string;
  readonly baseEnv: NodeJS.ProcessEnv;
  /** SIGTERM to the errand's process group, SIGKILL after `killGraceMs`; the result is still returned. */
  readonly signal?: AbortSignal;
  readonly clock?: Clock;
  readonly killGraceMs?: number;
  readonly runProcess?: ScriptProcessRunner;
}

/**
 * BOSH's `run_errand`: runs `jobs/<errand>/bin/run` with no arguments and BOSH's PATH,
 * captures stdout and stderr in memory (not logged), and returns them with the exit code.
 * A non-zero exit is a result, not an error; errors are for a missing or unrunnable errand.
 */
export async function runErrand(options: RunErrandOptions): Promise<ErrandResult> {
  const first = options.jobNames[0];
  if (first === undefined) {
    throw new BosunError('ERRAND_NO_JOBS', 'At least one job template is required to run an errand');
  }
  const name = options.errandName ?? first;
  if (!options.jobNames.includes(name)) {
    throw new BosunError('ERRAND_NOT_FOUND', `Could not find errand ${name}`, {
      hint: `The instance's jobs are: ${options.jobNames.join(', ')}.`,
    });
  }
  const exit = await (options.runProcess ?? runScriptProcess)({
    path: jobScriptPath(options.paths, name, 'run'),
    args: [],
    env: buildHookEnv(options.baseEnv),
    stdout: { captureBytes: ERRAND_OUTPUT_MAX_BYTES },
    stderr: { captureBytes: ERRAND_OUTPUT_MAX_BYTES },
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    clock: options.clock ?? systemClock,
    killGraceMs: options.killGraceMs ?? KILL_GRACE_MS,
  });
  if (exit.execError !== undefined) {
    throw new BosunError('ERRAND_EXEC_FAILED', `Running errand script: ${exit.execError}`);
  }
  if (exit.exitCode === null && exit.signal === null) {
    throw new BosunError('ERRAND_CANCELLED', 'Errand was cancelled by user request before it started');
  }
  return { exit_code: exitCodeOf(exit.exitCode, exit.signal), stdout: exit.stdout, stderr: exit.stderr };
}

function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  return 128 + (signal === null ? 0 : constants.signals[signal]);
}
