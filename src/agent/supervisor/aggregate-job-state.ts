import type { JobState, ServiceStatus } from './job-supervisor.js';

/** What `jobState` looks at. */
export interface JobStateInput {
  /** `/var/vcap/monit/stopped` exists. */
  readonly isStopped: boolean;
  /** The Status string of every vcap service. */
  readonly statuses: readonly ServiceStatus[];
  /** Some job's monit file did not load (its services are unknown, so the job is failing). */
  readonly hasProblems: boolean;
}

/**
 * BOSH's `Status()` (reference §3.4), in its order: the stopped file wins; any `starting`
 * service makes `starting`; any service not monitored (`unknown`) or not `running`, or a monit
 * file that did not load, makes `failing`; otherwise `running`, also with no services. Pure.
 */
export function aggregateJobState(input: JobStateInput): JobState {
  if (input.isStopped) return 'stopped';
  if (input.statuses.includes('starting')) return 'starting';
  if (input.hasProblems) return 'failing';
  return input.statuses.every((status) => status === 'running') ? 'running' : 'failing';
}
