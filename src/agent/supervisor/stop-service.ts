import { describeError } from '../../base/index.js';
import { DEFAULT_PROGRAM_TIMEOUT_SECONDS, type MonitProgram } from '../../monit/index.js';
import { awaitProgram } from './await-program.js';
import { describeExit } from './program-runner.js';
import type { ServiceDefinition } from './service-watcher.js';
import { isLive } from './process-table.js';
import { reapZombie, spawnServiceProgram, stderrSummary, type SupervisionContext } from './supervision-context.js';
import { terminateService, type ServiceProcesses } from './terminate-service.js';

/**
 * Monit's stop action, made thorough: when the process runs, the stop program runs (at most its
 * `with timeout`, default 30 s, then its group is killed); the process then has until that
 * timeout (counted from the start of stop) to go. Whatever of the service is left (the process,
 * its descendants, its process group, the groups of its programs) gets SIGTERM, then SIGKILL.
 * A service without a stop program goes straight to SIGTERM. `signal` interrupts every wait.
 */
export async function stopService(
  ctx: SupervisionContext,
  def: ServiceDefinition,
  processes: ServiceProcesses,
  signal: AbortSignal,
): Promise<void> {
  const program = def.process.stop;
  const timeoutMs = (program?.timeoutSeconds ?? DEFAULT_PROGRAM_TIMEOUT_SECONDS) * 1000;
  const termAtMs = ctx.clock.nowMs() + timeoutMs;
  if (processes.pid !== undefined) {
    if (program === undefined) ctx.log.write('warning', `'${def.name}' has no stop program`);
    else await runStopProgram(ctx, def, program, processes, timeoutMs, signal);
  }
  await terminateService(ctx, processes, program === undefined ? ctx.clock.nowMs() : termAtMs, signal);
  ctx.log.write('info', `'${def.name}' stop action done`);
}

async function runStopProgram(
  ctx: SupervisionContext,
  def: ServiceDefinition,
  program: MonitProgram,
  processes: ServiceProcesses,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<void> {
  ctx.log.write('info', `'${def.name}' stop: '${program.command}'`);
  let running;
  try {
    running = await spawnServiceProgram(ctx, def, program);
  } catch (e) {
    ctx.log.write('error', `'${def.name}' stop program could not be executed: ${describeError(e)}`);
    return;
  }
  processes.groups.add(running.pid);
  const pgid = running.pid;
  const killGroup = (): void => void ctx.table.signal(-pgid, 'SIGKILL');
  // As init would: the watched process, re-parented to the agent, is reaped as soon as it
  // ends, so a stop program that waits for it to go (`kill -0` loops) sees it gone at once.
  const programEnded = new AbortController();
  const reaping = reapWhileStopping(ctx, processes.pid, AbortSignal.any([signal, programEnded.signal]));
  const outcome = await awaitProgram(ctx.clock, running, timeoutMs, { signal, killGroupOnAbort: killGroup }).finally(
    () => programEnded.abort(),
  );
  await reaping;
  if (outcome === 'timed-out') {
    killGroup();
    ctx.log.write(
      'warning',
      `'${def.name}' stop program still running after ${program.timeoutSeconds} seconds: killed it`,
    );
  } else if (outcome.code !== 0 || outcome.signal !== null) {
    ctx.log.write(
      'warning',
      `'${def.name}' stop program ${describeExit(outcome)}${await stderrSummary(running)}`,
    );
  }
}

/** Polls the watched process while the stop program runs and reaps it once it is our zombie. */
async function reapWhileStopping(ctx: SupervisionContext, pid: number | undefined, until: AbortSignal): Promise<void> {
  if (pid === undefined) return;
  while (!until.aborted) {
    try {
      await ctx.clock.sleep(ctx.policy.pollIntervalMs, until);
    } catch {
      return;
    }
    const info = await ctx.table.inspect(pid);
    if (info === undefined) return;
    if (!isLive(info)) {
      reapZombie(ctx, info);
      return;
    }
  }
}
