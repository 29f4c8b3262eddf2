import { access, copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BosunError, describeError, type Clock, type NativeProcess } from '../../base/index.js';
import type { VcapPaths } from '../vcap-paths.js';
import { aggregateJobState } from './aggregate-job-state.js';
import type { JobState, JobSupervisor, ProcessStatus } from './job-supervisor.js';
import { loadMonitConfig } from './load-monit-config.js';
import { MonitLog } from './monit-log.js';
import { planMonitrcCopies, type JobMonitSources } from './monitrc-files.js';
import { PollTicker } from './poll-ticker.js';
import { ProcProcessTable } from './proc-process-table.js';
import type { ProcessTable } from './process-table.js';
import { readProcessStatuses } from './read-process-statuses.js';
import type { ProgramRunner } from './program-runner.js';
import { DEFAULT_SUPERVISION_POLICY, type SupervisionPolicy } from './restart-policy.js';
import { ServiceWatcher } from './service-watcher.js';
import { SpawnProgramRunner } from './spawn-program-runner.js';
import { stopAllServices } from './stop-all-services.js';
import type { SupervisionContext } from './supervision-context.js';

/** What a MonitFileSupervisor is built from. */
export interface MonitFileSupervisorOptions {
  readonly paths: VcapPaths;
  readonly clock: Clock;
  /** Made a child subreaper by the constructor; reaps daemons re-parented to the agent. */
  readonly native: NativeProcess;
  /** `/proc` and kill(2); a `ProcProcessTable` when absent. */
  readonly processTable?: ProcessTable;
  /** How start and stop programs run; a `SpawnProgramRunner` when absent. */
  readonly programRunner?: ProgramRunner;
  /** Overrides of `DEFAULT_SUPERVISION_POLICY` (tests shorten waits). */
  readonly policy?: Partial<SupervisionPolicy>;
}

/**
 * The agent's supervisor (DESIGN decision 4): reads the jobs' monit files from `monit/job/`
 * and supervises their vcap processes itself with monit's states, noticing a death within
 * `pollIntervalMs` instead of monit's 10 s cycle. See `JobSupervisor` for each call's contract.
 * The agent calls `reload()` once at start-up, before anything else: until then no service is
 * known. Construct one per agent process: the constructor makes the process a child subreaper.
 */
export class MonitFileSupervisor implements JobSupervisor {
  private readonly ctx: SupervisionContext;
  private watchers: ServiceWatcher[] = [];
  private loadProblems: readonly string[] = [];
  private hasReloaded = false;
  private isClosed = false;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly closing = new AbortController();
  private closed: Promise<void> | undefined;

  constructor(options: MonitFileSupervisorOptions) {
    options.native.setChildSubreaper();
    const policy = { ...DEFAULT_SUPERVISION_POLICY, ...options.policy };
    this.ctx = {
      paths: options.paths,
      clock: options.clock,
      native: options.native,
      table: options.processTable ?? new ProcProcessTable(),
      runner: options.programRunner ?? new SpawnProgramRunner(),
      log: new MonitLog(options.paths.monitLog, options.clock),
      policy,
      ticker: new PollTicker(options.clock, policy.pollIntervalMs),
      spawnedPids: new Set(),
      closing: this.closing.signal,
    };
  }

  removeJobMonitFiles(): Promise<void> {
    return this.serial(async () => {
      const dir = this.ctx.paths.monitJobDir;
      const names = await readdir(dir).catch((e: NodeJS.ErrnoException) =>
        e.code === 'ENOENT' ? [] : Promise.reject(e),
      );
      for (const name of names) await rm(join(dir, name), { force: true, recursive: true });
      await this.reloadNow();
    });
  }

  writeJobMonitFiles(jobNames: readonly string[]): Promise<void> {
    return this.serial(async () => {
      const { paths } = this.ctx;
      const sources = await Promise.all(jobNames.map((job) => this.monitSourcesOf(job)));
      await mkdir(paths.monitJobDir, { recursive: true });
      for (const copy of planMonitrcCopies(sources)) {
        const from = join(paths.jobDir(copy.jobName), copy.source);
        await copyFile(from, join(paths.monitJobDir, copy.target)).catch((e: unknown) => {
          throw new BosunError(
            'MONIT_FILE_COPY_FAILED',
            `Configuring job '${copy.jobName}': copying '${from}': ${describeError(e)}`,
            {
              cause: e,
            },
          );
        });
      }
      await this.reloadNow();
    });
  }

  reload(): Promise<void> {
    return this.serial(() => this.reloadNow());
  }

  start(signal?: AbortSignal): Promise<void> {
    return this.serial(async () => {
      for (const watcher of this.watchers) {
        signal?.throwIfAborted();
        try {
          await watcher.start();
        } catch (e) {
          throw new BosunError(
            'SERVICE_START_FAILED',
            `Starting service ${watcher.name}: ${describeError(e)}`,
            { cause: e },
          );
        }
      }
      await rm(this.ctx.paths.stoppedFile, { force: true });
    });
  }

  stop(signal?: AbortSignal): Promise<void> {
    return this.serial(() => stopAllServices(this.ctx, this.watchers, signal));
  }

  unmonitor(): Promise<void> {
    return this.serial(() => {
      for (const watcher of this.watchers) watcher.unmonitor();
      return Promise.resolve();
    });
  }

  async jobState(): Promise<JobState> {
    const isStopped = await access(this.ctx.paths.stoppedFile).then(
      () => true,
      () => false,
    );
    const statuses = this.watchers.map((w) => w.status);
    return aggregateJobState({ isStopped, statuses, hasProblems: this.loadProblems.length > 0 });
  }

  processes(): Promise<ProcessStatus[]> {
    return readProcessStatuses(this.ctx.table, this.ctx.clock, this.watchers);
  }

  problems(): readonly string[] {
    return [...this.loadProblems];
  }

  close(): Promise<void> {
    this.closed ??= this.serial(async () => {
      this.isClosed = true;
      for (const watcher of this.watchers) watcher.cancelWatching();
      this.closing.abort(new BosunError('SUPERVISOR_CLOSED', 'The job supervisor is closed'));
      await Promise.all(this.watchers.map((w) => w.settled()));
    });
    return this.closed;
  }

  /** Runs supervisor operations one at a time, in call order; each ends with its log lines written. */
  private serial<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      if (this.isClosed) throw new BosunError('SUPERVISOR_CLOSED', 'The job supervisor is closed');
      try {
        return await operation();
      } finally {
        await this.ctx.log.flush();
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async reloadNow(): Promise<void> {
    const { log, paths } = this.ctx;
    const loaded = await loadMonitConfig(paths.monitJobDir);
    const previous = new Map(this.watchers.map((w) => [w.name.toLowerCase(), w]));
    const next = loaded.services.map((def) => {
      const kept = previous.get(def.name.toLowerCase());
      previous.delete(def.name.toLowerCase());
      kept?.redefine(def);
      return kept ?? new ServiceWatcher(this.ctx, def);
    });
    for (const dropped of previous.values()) dropped.cancelWatching();
    await Promise.all([...previous.values()].map((w) => w.settled()));
    this.watchers = next;
    this.loadProblems = loaded.problems;
    for (const problem of loaded.problems) log.write('error', problem);
    log.write(
      'info',
      `monit files reloaded: ${next.length} vcap service(s) ${next.map((w) => `'${w.name}'`).join(', ')}`.trim(),
    );
    if (this.hasReloaded) return;
    this.hasReloaded = true;
    const isStopped = await access(paths.stoppedFile).then(
      () => true,
      () => false,
    );
    if (!isStopped) await this.recoverAfterRestart();
  }

  /** The agent (re)started with services supervised before: as monit at boot, start them all. */
  private async recoverAfterRestart(): Promise<void> {
    for (const watcher of this.watchers) {
      // A start program that cannot be executed is logged and retried by its watcher.
      await watcher.start().catch(() => undefined);
    }
  }

  private async monitSourcesOf(jobName: string): Promise<JobMonitSources> {
    const entries = await readdir(this.ctx.paths.jobDir(jobName)).catch((e: NodeJS.ErrnoException) => {
      throw new BosunError('MONIT_FILE_COPY_FAILED', `Configuring job '${jobName}': ${describeError(e)}`, {
        cause: e,
      });
    });
    const extraLabels = entries
      .filter((name) => name.endsWith('.monit') && name !== '.monit')
      .map((name) => name.slice(0, -'.monit'.length))
      .sort();
    return { jobName, hasMonitFile: entries.includes('monit'), extraLabels };
  }
}
