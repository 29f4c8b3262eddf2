/** Aggregate state of all the jobs of an instance, `get_state`'s `job_state` (reference §3.4). */
export type JobState = 'running' | 'failing' | 'starting' | 'stopped' | 'unknown';

/**
 * One supervised process's `Status` string, mapped from monit's fields exactly as BOSH's agent
 * does (reference §3.4): not monitored → `unknown`, initializing → `starting`, status ok →
 * `running`, anything else → `failing`.
 */
export type ServiceStatus = 'running' | 'failing' | 'starting' | 'unknown';

/** One entry of `get_state`'s `processes` (reference §3.5). */
export interface ProcessStatus {
  name: string;
  state: ServiceStatus;
  /** Seconds since the watched process started; 0 while there is none. */
  uptime: { secs: number };
  /** Resident memory of the process and its descendants, and its share of the machine's memory. */
  mem: { kb: number; percent: number };
  /** CPU time used so far by the live process tree, in seconds. */
  cpu: { total: number };
}

/**
 * Supervises the processes that the jobs' monit files declare, in monit service group `vcap`
 * (reference §3, DESIGN decision 4). The agent's actions call exactly this; every call is safe
 * to repeat. Calls that change what is supervised (`reload`, `start`, `stop`, `unmonitor`,
 * `removeJobMonitFiles`, `writeJobMonitFiles`) are serialised: one waits for the previous one.
 */
export interface JobSupervisor {
  /**
   * Apply (§3.2): deletes every file in `monit/job/`; the supervised set becomes empty. Processes
   * already running keep running, as with monit reload; they are no longer watched.
   */
  removeJobMonitFiles(): Promise<void>;
  /**
   * Start step 1 (§3.2): copies `jobs/<job>/monit` to `monit/job/<%04d>_<job>.monitrc` (reverse
   * order, last job = 0000) and each `jobs/<job>/<label>.monit` as `<%04d>_<job>_<label>.monitrc`,
   * then reloads. A job without a `monit` file is skipped.
   */
  writeJobMonitFiles(jobNames: readonly string[]): Promise<void>;
  /**
   * Re-reads every `monit/job/*.monitrc`. A file that does not parse is recorded as a problem of
   * its job; the others still load. Services that stay keep their state; removed ones stop
   * being watched (their processes keep running); new ones are not monitored until `start`.
   * The first reload of a supervisor is the agent's start-up: unless the stopped file exists,
   * it starts every service as monit does after a reboot (a process that is still running per
   * its pidfile is adopted, not started twice; no hooks run).
   */
  reload(): Promise<void>;
  /**
   * §3.5 Start: starts every vcap service in `depends on` order (a service already running per
   * its pidfile is adopted, not started twice), then removes the stopped file. Resolves once the
   * start programs have returned; it does not wait for `running` (the Director polls get_state).
   * A start program that runs but fails is not an error here: the service is `failing` and
   * restarted with backoff. Rejects with `Starting service <name>: ...` when a start program
   * cannot be executed at all; `signal` stops before the next service.
   */
  start(signal?: AbortSignal): Promise<void>;
  /**
   * §3.5 StopAndWait: waits for start programs in flight, writes the stopped file, then runs
   * the stop programs in reverse dependency order; a process that outlives its stop program's
   * timeout gets SIGTERM, then SIGKILL, with its process group and descendants. Resolves when no
   * service is monitored. One 5-minute limit covers it all, with BOSH's texts `Timed out waiting
   * for services '<a, b>' to no longer be pending after 5 minutes` and `... to stop after 5
   * minutes`. Nothing the supervisor started outlives a completed stop. `signal` cancels it.
   */
  stop(signal?: AbortSignal): Promise<void>;
  /** §3.5 Unmonitor: stops watching every vcap service (no more restarts) without stopping it. */
  unmonitor(): Promise<void>;
  /**
   * Aggregate job_state per §3.4: stopped file → `stopped`; any service `starting` → `starting`;
   * any service not monitored or not running, or any monit file that did not parse → `failing`;
   * otherwise `running`, including when there are no services.
   */
  jobState(): Promise<JobState>;
  /** One entry per vcap service (§3.5), in dependency order, with figures read from `/proc`. */
  processes(): Promise<ProcessStatus[]>;
  /** The messages of monit files that did not load: `job '<name>': invalid monit file at line N: ...`. */
  problems(): readonly string[];
  /**
   * Agent shutdown: stops watching and waits for the supervisor's own work to settle; leaves
   * the processes running, as they keep running when the agent restarts under monit.
   */
  close(): Promise<void>;
}
