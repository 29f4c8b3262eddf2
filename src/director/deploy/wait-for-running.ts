import { BosunError, type Clock } from '../../base/index.js';
import { watchSchedule, type WatchTime } from '../../manifest/index.js';
import type { InstanceTarget } from './instance-agent.js';

interface ProcessState {
  name?: unknown;
  state?: unknown;
}

/**
 * Waits for `job_state == "running"` on BOSH's watch schedule (reference §4.6): for each
 * wait, check for cancellation, sleep, call `get_state`; stop at `running`. Otherwise fails
 * with BOSH's AgentJobNotRunning text naming the processes that are not running.
 */
export async function waitForRunning(target: InstanceTarget, watch: WatchTime, clock: Clock, signal?: AbortSignal): Promise<void> {
  let processes: ProcessState[] = [];
  for (const waitMs of watchSchedule(watch.minMs, watch.maxMs)) {
    signal?.throwIfAborted();
    await clock.sleep(waitMs, signal);
    const state = (await target.agent.call('get_state')) as { job_state?: unknown; processes?: unknown };
    if (state.job_state === 'running') return;
    processes = Array.isArray(state.processes) ? (state.processes as ProcessState[]) : [];
  }
  const failing = processes.filter((p) => p.state !== 'running').map((p) => String(p.name));
  const review = failing.length === 0 ? '' : ` Review logs for failed jobs: ${failing.join(', ')}`;
  throw Object.assign(
    new BosunError('AGENT_JOB_NOT_RUNNING', `'${target.name}' is not running after update.${review}`),
    { processes: processes.map((p) => ({ name: String(p.name), state: String(p.state) })) },
  );
}
