import { constants } from 'node:os';
import { join } from 'node:path';
import type { Clock, NativeProcess, ReapedStatus } from '../../base/index.js';
import type { MonitProgram } from '../../monit/index.js';
import type { VcapPaths } from '../vcap-paths.js';
import type { MonitLog } from './monit-log.js';
import type { PollTicker } from './poll-ticker.js';
import type { ProcessInfo, ProcessTable } from './process-table.js';
import type { ProgramRunner, RunningProgram } from './program-runner.js';
import type { SupervisionPolicy } from './restart-policy.js';

/** What every part of one supervisor shares: its ports, its log and its numbers. */
export interface SupervisionContext {
  readonly paths: VcapPaths;
  readonly clock: Clock;
  readonly table: ProcessTable;
  readonly runner: ProgramRunner;
  readonly native: NativeProcess;
  readonly log: MonitLog;
  readonly policy: SupervisionPolicy;
  /**
   * Pids of programs this supervisor spawned through node:child_process that have not exited.
   * libuv reaps those; `native.reap` must never be called for them.
   */
  readonly spawnedPids: Set<number>;
  /** The shared timer of the watch loops' polls. */
  readonly ticker: PollTicker;
  /** Aborted by `close`: waits on start programs end, the programs keep running. */
  readonly closing: AbortSignal;
}

/** The environment of start and stop programs: monit's own is minimal. */
export function programEnv(serviceName: string): Record<string, string> {
  return { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', MONIT_SERVICE: serviceName };
}

/**
 * Where a service's start and stop programs write: `sys/log/<job>/<process>.monit.stdout.log`
 * and `.monit.stderr.log`, appended across runs (and rotated with the job's other logs, §8).
 */
export function programLogPaths(
  ctx: SupervisionContext,
  jobName: string,
  serviceName: string,
): [string, string] {
  const base = join(ctx.paths.jobLogDir(jobName), `${serviceName.replace(/\//g, '_')}.monit`);
  return [`${base}.stdout.log`, `${base}.stderr.log`];
}

/** Spawns a service's start or stop program, tracking its pid while it runs. */
export async function spawnServiceProgram(
  ctx: SupervisionContext,
  service: { readonly name: string; readonly jobName: string },
  program: MonitProgram,
): Promise<RunningProgram> {
  const [stdoutPath, stderrPath] = programLogPaths(ctx, service.jobName, service.name);
  const running = await ctx.runner.spawn({
    argv: program.argv,
    env: programEnv(service.name),
    user: program.uid,
    group: program.gid,
    stdoutPath,
    stderrPath,
  });
  ctx.spawnedPids.add(running.pid);
  void running.exit.then(() => ctx.spawnedPids.delete(running.pid));
  return running;
}

/** The last lines of a program's stderr on one line, for a log line. */
export async function stderrSummary(program: RunningProgram): Promise<string> {
  const tail = (await program.stderrTail()).trim();
  return tail === '' ? '' : `; stderr: ${tail.split('\n').join(' | ')}`;
}

/**
 * Reaps `info` when it is a zombie child of the agent (a daemon re-parented to it, the agent
 * being a child subreaper) that node:child_process does not own. Returns how it ended, or
 * undefined when it was not ours to reap.
 */
export function reapZombie(ctx: SupervisionContext, info: ProcessInfo): ReapedStatus | undefined {
  if (info.state !== 'Z' || info.ppid !== ctx.table.ownPid || ctx.spawnedPids.has(info.pid)) return undefined;
  const reaped = ctx.native.reap(info.pid);
  return reaped === null || reaped === 'not-a-child' ? undefined : reaped;
}

/** `exited with status 1`, `killed by signal SIGKILL`, from a reaped status. */
export function describeReaped(status: ReapedStatus): string {
  if (status.signal !== null) return `killed by signal ${signalName(status.signal)}`;
  return `exited with status ${status.code ?? '?'}`;
}

function signalName(signal: number): string {
  const entry = Object.entries(constants.signals).find(([, number]) => number === signal);
  return entry?.[0] ?? String(signal);
}
