import { describeError } from '../../base/index.js';
import type { MonitProcess } from '../../monit/index.js';
import { awaitProgram } from './await-program.js';
import { describeExit, type RunningProgram } from './program-runner.js';
import type { ServiceWatcher } from './service-watcher.js';
import { spawnServiceProgram, stderrSummary, type SupervisionContext } from './supervision-context.js';

/**
 * One start attempt of a service (monit's start action): adopts the process when one runs per
 * the pidfile; otherwise runs the start program, waits for it at most its `with timeout`, and
 * waits for the process to appear within that same timeout (monit 5.2.5), or within
 * `failedStartGraceMs` when the program failed. Returns the live pid, or undefined when the
 * start failed (logged with the program's exit and the last lines of its stderr).
 *
 * `returned` is called when the start program has returned but the process is not there yet,
 * or with the error when the program cannot be executed; the caller calls it otherwise.
 * The start program is never killed early: only when it outlives its timeout with no process.
 */
export async function bringUpService(
  ctx: SupervisionContext,
  watcher: ServiceWatcher,
  signal: AbortSignal,
  returned: (error: Error | undefined) => void,
): Promise<number | undefined> {
  const { clock, log, policy, table } = ctx;
  const { name, process: p } = watcher.definition;
  const existing = await watcher.findLivePid();
  if (existing !== undefined) {
    log.write('info', `'${name}' process is already running with pid ${existing}`);
    return existing;
  }
  const program = p.start;
  if (program === undefined) {
    log.write('error', `'${name}' start skipped: the monit file has no start program`);
    return undefined;
  }
  const timeoutMs = program.timeoutSeconds * 1000;
  const startedMs = clock.nowMs();
  log.write('info', `'${name}' start: '${program.command}'`);
  let running: RunningProgram;
  try {
    running = await spawnServiceProgram(ctx, watcher.definition, program);
  } catch (e) {
    log.write('error', `'${name}' failed to start: ${describeError(e)}`);
    returned(e instanceof Error ? e : new Error(describeError(e)));
    return undefined;
  }
  watcher.groups.add(running.pid);
  const killGroup = (): void => void table.signal(-running.pid, 'SIGKILL');
  // Only closing the supervisor stops this wait, leaving the program to run; unmonitor and stop wait for it.
  const outcome = await awaitProgram(clock, running, timeoutMs, { signal: ctx.closing });
  const failed = outcome !== 'timed-out' && (outcome.code !== 0 || outcome.signal !== null);
  let pid = await watcher.findLivePid();
  if (pid === undefined) {
    returned(undefined);
    const untilMs = failed
      ? Math.min(startedMs + timeoutMs, clock.nowMs() + policy.failedStartGraceMs)
      : startedMs + timeoutMs;
    pid = await waitForLivePid(ctx, watcher, untilMs, signal);
  }
  if (pid === undefined) {
    if (outcome === 'timed-out') killGroup();
    const what =
      outcome === 'timed-out'
        ? `the start program was still running after ${program.timeoutSeconds} seconds and was killed`
        : `the start program ${describeExit(outcome)}`;
    log.write(
      'error',
      `'${name}' failed to start (${what}; no process per ${where(p)})${await stderrSummary(running)}`,
    );
    return undefined;
  }
  if (failed)
    log.write('warning', `'${name}' start program ${describeExit(outcome)}${await stderrSummary(running)}`);
  log.write('info', `'${name}' process is running with pid ${pid}`);
  return pid;
}

async function waitForLivePid(
  ctx: SupervisionContext,
  watcher: ServiceWatcher,
  untilMs: number,
  signal: AbortSignal,
): Promise<number | undefined> {
  for (;;) {
    const left = untilMs - ctx.clock.nowMs();
    if (left <= 0) return undefined;
    await ctx.clock.sleep(Math.min(ctx.policy.pollIntervalMs, left), signal);
    const pid = await watcher.findLivePid();
    if (pid !== undefined) return pid;
  }
}

function where(p: MonitProcess): string {
  return p.pidfile !== undefined ? `pidfile '${p.pidfile}'` : `a process matching '${p.matching}'`;
}
