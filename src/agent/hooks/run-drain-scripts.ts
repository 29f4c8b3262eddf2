import { appendFile } from 'node:fs/promises';
import type { Clock } from '../../base/index.js';
import { describeError, systemClock } from '../../base/index.js';
import type { VcapPaths } from '../vcap-paths.js';
import type { DrainParams } from './drain-params.js';
import { DRAIN_CANCELLED, runDrainLoop } from './drain-loop.js';
import type { HookJobFailure } from './hook-scripts-error.js';
import { HookScriptsError, formatScriptsFailure } from './hook-scripts-error.js';
import { jobScriptPath, jobsWithScript } from './job-script-path.js';
import { openScriptLogs } from './job-log-file.js';
import { tailOf } from './output-capture.js';
import { KILL_GRACE_MS } from './run-job-scripts.js';
import type { ScriptProcessRunner } from './script-process.js';
import { runScriptProcess } from './script-process.js';

/** Options of {@link runDrainScripts}. */
export interface RunDrainScriptsOptions {
  readonly paths: VcapPaths;
  /** The jobs of the current apply spec, in its order. */
  readonly jobNames: readonly string[];
  readonly params: DrainParams;
  readonly baseEnv: NodeJS.ProcessEnv;
  /** Cancels every loop: running scripts get SIGTERM (group), SIGKILL after `killGraceMs`; sleeps end. */
  readonly signal?: AbortSignal;
  /** Drain sleeps and kill grace go through it. */
  readonly clock?: Clock;
  /** Default 10 s, as BOSH. */
  readonly killGraceMs?: number;
  /**
   * BOSH's agent accepts a drain script that exits non-zero but prints an integer (reference
   * §4.5, normative); that is the default (false). True follows the docs instead: any
   * non-zero exit, or death by a signal, fails the job's drain.
   */
  readonly failOnNonZeroExit?: boolean;
  /** How scripts are run; default {@link runScriptProcess}. */
  readonly runProcess?: ScriptProcessRunner;
}

/**
 * The agent's side of `drain` (reference §4.5), after the caller has unmonitored the jobs:
 * every job's `bin/drain` loop runs in parallel, each sleeping on its own schedule, and this
 * resolves when all are done. Drain scripts run at the agent's priority (BOSH does not lower
 * it). Beyond BOSH, each call's stdout and stderr are appended to
 * `sys/log/<job>/drain.stdout.log` / `drain.stderr.log`. Failures reject with a
 * {@link HookScriptsError}: `N of M drain scripts failed. ...`, or, when cancelled,
 * `Script was cancelled by user request`. No timeout.
 */
export async function runDrainScripts(options: RunDrainScriptsOptions): Promise<void> {
  const { paths, signal } = options;
  const jobs = await jobsWithScript(paths, options.jobNames, 'drain');
  const results = await Promise.all(
    jobs.map((job) =>
      drainOneJob(options, job).catch((e: unknown): HookJobFailure => ({
        job,
        exitCode: null,
        signal: null,
        error: describeError(e),
        stdoutTail: '',
        stderrTail: '',
      })),
    ),
  );
  const failures = results.filter((r): r is HookJobFailure => r !== undefined);
  if (failures.length === 0) return;
  if (signal?.aborted === true)
    throw new HookScriptsError('DRAIN_SCRIPTS_CANCELLED', DRAIN_CANCELLED, failures);
  const failed = new Set(failures.map((f) => f.job));
  throw new HookScriptsError(
    'DRAIN_SCRIPTS_FAILED',
    formatScriptsFailure(
      'drain',
      jobs.filter((j) => failed.has(j)),
      jobs.filter((j) => !failed.has(j)),
    ),
    failures,
    {
      hint: `Drain scripts must print one signed integer; see ${paths.sysLogDir}/<job>/drain.stdout.log and .stderr.log.`,
    },
  );
}

async function drainOneJob(
  options: RunDrainScriptsOptions,
  job: string,
): Promise<HookJobFailure | undefined> {
  const logs = await openScriptLogs(options.paths, job, 'drain');
  try {
    const result = await runDrainLoop({
      path: jobScriptPath(options.paths, job, 'drain'),
      params: options.params,
      baseEnv: options.baseEnv,
      stderrFd: logs.stderr.fd,
      onStdout: (stdout) => appendFile(logs.stdout.path, stdout),
      failOnNonZeroExit: options.failOnNonZeroExit ?? false,
      runProcess: options.runProcess ?? runScriptProcess,
      clock: options.clock ?? systemClock,
      killGraceMs: options.killGraceMs ?? KILL_GRACE_MS,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    if (result.error === undefined) return undefined;
    return {
      job,
      exitCode: result.exit?.exitCode ?? null,
      signal: result.exit?.signal ?? null,
      error: result.error,
      stdoutTail: tailOf(result.stdout),
      stderrTail: await logs.stderr.readTail(),
    };
  } finally {
    await logs.close();
  }
}
