// The per-instance sequence of a deploy (reference §4.2), as the Director drives an agent:
//
//   stop (running instance):   pre-stop ─▶ drain ─▶ stop ─▶ post-stop      (skip-drain: no pre-stop, no drain)
//   start:                     apply ─▶ pre-start ─▶ start ─▶ wait running ─▶ post-start
//
import type { Clock } from '../../base/index.js';
import type { WatchTime } from '../../manifest/index.js';
import type { StopPlan } from '../planning/index.js';
import type { InstanceTarget } from './instance-agent.js';
import { waitForRunning } from './wait-for-running.js';

/** Receives each step as it begins, for the task's event log (`executing pre-stop`, ...). */
export type StepReporter = (step: string) => void;

/**
 * Stops a running instance (reference §4.2 step 3): pre-stop with the intent's environment
 * and drain with the next spec unless skip-drain applies, then stop and post-stop. The agent
 * ignores stop timeouts whose text BOSH ignores (`Timed out waiting for service`).
 */
export async function stopInstance(
  target: InstanceTarget,
  plan: StopPlan,
  nextSpec: unknown,
  report: StepReporter,
  signal?: AbortSignal,
): Promise<void> {
  if (plan.skipPreStopAndDrain) {
    report('skipped pre-stop & drain');
  } else {
    report('executing pre-stop');
    await target.agent.run('run_script', ['pre-stop', { env: plan.preStopEnv }], signal);
    report('executing drain');
    await target.agent.run('drain', [plan.drainType, nextSpec], signal);
  }
  report('stopping jobs');
  try {
    await target.agent.run('stop', [], signal);
  } catch (e) {
    if (!(e instanceof Error && e.message.includes('Timed out waiting for service'))) throw e;
  }
  report('executing post-stop');
  await target.agent.run('run_script', ['post-stop', {}], signal);
}

/**
 * Applies the spec and starts the instance (reference §4.2 steps 7-8): apply, pre-start,
 * start, wait for running on the watch schedule, post-start (only once running).
 */
export async function startInstance(
  target: InstanceTarget,
  applySpec: unknown,
  watch: WatchTime,
  clock: Clock,
  report: StepReporter,
  signal?: AbortSignal,
): Promise<void> {
  report('applying');
  await target.agent.run('apply', [applySpec], signal);
  report('executing pre-start');
  await target.agent.run('run_script', ['pre-start', {}], signal);
  report('starting jobs');
  await target.agent.call('start');
  report('waiting for running');
  await waitForRunning(target, watch, clock, signal);
  report('executing post-start');
  await target.agent.run('run_script', ['post-start', {}], signal);
}
