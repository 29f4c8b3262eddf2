import { BosunError } from '../../base/index.js';

/**
 * One job whose hook failed, beyond BOSH: why, without ssh. Exactly one of `exitCode` and
 * `signal` is set when the script ran; both are null when it could not be run (`error` then
 * says why) or was cancelled before it ended.
 */
export interface HookJobFailure {
  /** The job's name, as in the apply spec. */
  job: string;
  /** The script's exit code, when it exited. */
  exitCode: number | null;
  /** The signal that ended the script (`SIGKILL`, ...), when one did. */
  signal: string | null;
  /** Why the run counts as failed when the exit status alone does not say: failed to exec, bad drain output, cancelled. */
  error?: string;
  /** The last lines (at most 20 lines, 4 KiB) of what this run wrote to stdout. */
  stdoutTail: string;
  /** The last lines (at most 20 lines, 4 KiB) of what this run wrote to stderr. */
  stderrTail: string;
}

/** The stable codes of {@link HookScriptsError}. */
export type HookScriptsErrorCode =
  'HOOK_SCRIPTS_FAILED' | 'HOOK_SCRIPTS_CANCELLED' | 'DRAIN_SCRIPTS_FAILED' | 'DRAIN_SCRIPTS_CANCELLED';

/**
 * Thrown after every job's script has finished when any of them failed. The message is
 * BOSH's exact text (reference §4.3), or `Script was cancelled by user request` on cancel;
 * `failures` is extra data for the Director, one entry per failed job in the order given.
 */
export class HookScriptsError extends BosunError {
  readonly failures: readonly HookJobFailure[];

  constructor(
    code: HookScriptsErrorCode,
    message: string,
    failures: readonly HookJobFailure[],
    options: { hint?: string } = {},
  ) {
    super(code, message, options);
    this.name = 'HookScriptsError';
    this.failures = failures;
  }
}

/**
 * BOSH's summary of a parallel script run (`parallel_script.go`):
 * `<F> of <T> <script> scripts failed. Failed Jobs: a, b. Successful Jobs: c.`, the
 * `Successful Jobs` clause omitted when none succeeded.
 */
export function formatScriptsFailure(
  scriptName: string,
  failedJobs: readonly string[],
  successfulJobs: readonly string[],
): string {
  let detail = `Failed Jobs: ${failedJobs.join(', ')}`;
  if (successfulJobs.length > 0) detail += `. Successful Jobs: ${successfulJobs.join(', ')}`;
  const total = failedJobs.length + successfulJobs.length;
  return `${failedJobs.length} of ${total} ${scriptName} scripts failed. ${detail}.`;
}
