import { getPriority } from 'node:os';
import type { Clock } from '../../base/index.js';
import { describeError, systemClock } from '../../base/index.js';
import type { VcapPaths } from '../vcap-paths.js';
import { buildHookEnv } from './hook-env.js';
import type { HookJobFailure } from './hook-scripts-error.js';
import { HookScriptsError, formatScriptsFailure } from './hook-scripts-error.js';
import { jobScriptPath, jobsWithScript } from './job-script-path.js';
import { openScriptLogs } from './job-log-file.js';
import type { ScriptProcessRunner } from './script-process.js';
import { runScriptProcess } from './script-process.js';

/** Grace between SIGTERM and SIGKILL when a hook, drain or errand is cancelled (BOSH: 10 s). */
export const KILL_GRACE_MS = 10_000;

/** Options of {@link runJobScripts}. */
export interface RunJobScriptsOptions {
  readonly paths: VcapPaths;
  /** The jobs of the current apply spec, in its order; failure lists keep this order. */
  readonly jobNames: readonly string[];
  /** `pre-start`, `post-start`, `post-deploy`, `pre-stop` or `post-stop`. */
  readonly scriptName: string;
  /** run_script's `env` option (pre-stop's `BOSH_*_NEXT_STATE`), over BOSH's PATH. */
  readonly env?: Readonly<Record<string, string>>;
  /** The agent's environment, read once at its entry point. */
  readonly baseEnv: NodeJS.ProcessEnv;
  /** Cancels every script: SIGTERM to each process group, SIGKILL after `killGraceMs`. */
  readonly signal?: AbortSignal;
  readonly clock?: Clock;
  /** Default {@link KILL_GRACE_MS}. */
  readonly killGraceMs?: number;
  /** How scripts are run; default {@link runScriptProcess}. */
  readonly runProcess?: ScriptProcessRunner;
}

/**
 * BOSH's `run_script` (reference §4.3): runs `jobs/<job>/bin/<script>` of every job in
 * parallel, with no arguments, BOSH's PATH, nice `min(agentNice + 5, 19)`, stdout and stderr
 * appended to `sys/log/<job>/<script>.{stdout,stderr}.log`. Jobs without the script are
 * skipped. Resolves when every script succeeded (exit 0); otherwise, once all have ended,
 * rejects with a {@link HookScriptsError} carrying BOSH's exact text and, per failed job,
 * its exit status and output tails. No timeout; idempotency is the script's business.
 */
export async function runJobScripts(options: RunJobScriptsOptions): Promise<void> {
  const { paths, scriptName, signal } = options;
  const jobs = await jobsWithScript(paths, options.jobNames, scriptName);
  const env = buildHookEnv(options.baseEnv, options.env);
  const niceness = Math.min(getPriority() + 5, 19);
  const results = await Promise.all(
    jobs.map((job) =>
      runOneJob(options, job, env, niceness).catch((e: unknown) => failureOf(job, describeError(e))),
    ),
  );
  const failures = results.filter((r): r is HookJobFailure => r !== undefined);
  if (signal?.aborted === true && failures.length > 0) {
    throw new HookScriptsError('HOOK_SCRIPTS_CANCELLED', 'Script was cancelled by user request', failures);
  }
  if (failures.length === 0) return;
  const failed = new Set(failures.map((f) => f.job));
  throw new HookScriptsError(
    'HOOK_SCRIPTS_FAILED',
    formatScriptsFailure(
      scriptName,
      jobs.filter((j) => failed.has(j)),
      jobs.filter((j) => !failed.has(j)),
    ),
    failures,
    { hint: `See ${paths.sysLogDir}/<job>/${scriptName}.stderr.log and .stdout.log of the failed jobs.` },
  );
}

async function runOneJob(
  options: RunJobScriptsOptions,
  job: string,
  env: Record<string, string>,
  niceness: number,
): Promise<HookJobFailure | undefined> {
  const logs = await openScriptLogs(options.paths, job, options.scriptName);
  try {
    const exit = await (options.runProcess ?? runScriptProcess)({
      path: jobScriptPath(options.paths, job, options.scriptName),
      args: [],
      env,
      niceness,
      stdout: { fd: logs.stdout.fd },
      stderr: { fd: logs.stderr.fd },
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      clock: options.clock ?? systemClock,
      killGraceMs: options.killGraceMs ?? KILL_GRACE_MS,
    });
    if (exit.exitCode === 0 && !exit.cancelled) return undefined;
    const error = exit.cancelled ? 'Script was cancelled by user request' : exit.execError;
    return {
      job,
      exitCode: exit.exitCode,
      signal: exit.signal,
      ...(error === undefined ? {} : { error }),
      stdoutTail: await logs.stdout.readTail(),
      stderrTail: await logs.stderr.readTail(),
    };
  } finally {
    await logs.close();
  }
}

function failureOf(job: string, error: string): HookJobFailure {
  return { job, exitCode: null, signal: null, error, stdoutTail: '', stderrTail: '' };
}
