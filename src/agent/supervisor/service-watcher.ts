import { BosunError, describeError, type ReapedStatus } from '../../base/index.js';
import type { MonitProcess } from '../../monit/index.js';
import { findMatchingProcess } from './find-matching-process.js';
import { isLive } from './process-table.js';
import { planRestart, restartLimitOf } from './restart-policy.js';
import { nextServiceState, serviceStatusOf, type ServiceEvent, type ServiceState } from './service-state.js';
import { bringUpService } from './start-service.js';
import { stopService } from './stop-service.js';
import { describeReaped, reapZombie, type SupervisionContext } from './supervision-context.js';
import { reapChildZombies, reapServiceZombies } from './terminate-service.js';
import type { ServiceStatus } from './job-supervisor.js';

/** One `check process` of group vcap, with the job whose monit file declares it. */
export interface ServiceDefinition {
  readonly name: string;
  readonly jobName: string;
  readonly process: MonitProcess;
}

/**
 * Watches one process through the states of `service-state.ts`: runs its start program, polls
 * its pidfile and /proc, restarts it with backoff, gives up in a crash loop, stops it. The
 * supervisor calls one operation at a time; the watch loop runs in between.
 */
export class ServiceWatcher {
  private def: ServiceDefinition;
  private current: ServiceState = 'unmonitored';
  private watchedPid: number | undefined;
  private restartTimesMs: number[] = [];
  /** How the watched process ended, when `findLivePid` reaped it. */
  private reapedExit: { pid: number; status: ReapedStatus } | undefined;
  private watching: { controller: AbortController; done: Promise<void> } | undefined;
  /** Process groups led by this service's programs (see `ServiceProcesses.groups`). */
  readonly groups = new Set<number>();

  constructor(
    private readonly ctx: SupervisionContext,
    definition: ServiceDefinition,
  ) {
    this.def = definition;
  }

  get name(): string {
    return this.def.name;
  }

  get definition(): ServiceDefinition {
    return this.def;
  }

  get state(): ServiceState {
    return this.current;
  }

  get status(): ServiceStatus {
    return serviceStatusOf(this.current);
  }

  /** The watched process while there is one. */
  get pid(): number | undefined {
    return this.watchedPid;
  }

  /** A reload changed the service's stanza: restarts and stop use the new one. */
  redefine(definition: ServiceDefinition): void {
    this.def = definition;
  }

  /**
   * Starts watching: adopts the process when it runs per its pidfile, else runs the start
   * program. Resolves once that program has returned (or at its timeout); rejects when it could
   * not be executed (the watch loop still retries with backoff). A service already monitored
   * (starting, running, restarting) is left alone, as monit's start leaves it.
   */
  async start(): Promise<void> {
    if (this.current !== 'unmonitored' && this.current !== 'crash-loop') return;
    await this.settled(); // a cancelled loop may still be running a start program
    this.transition('start');
    this.restartTimesMs = [];
    let settle: (error: Error | undefined) => void = () => undefined;
    const returned = new Promise<Error | undefined>((resolve) => (settle = resolve));
    const controller = new AbortController();
    this.watching = { controller, done: this.watchLoop(controller.signal, (e) => settle(e)) };
    const error = await returned;
    if (error !== undefined) throw error;
  }

  /** Stops watching (no more restarts) without stopping the process. */
  unmonitor(): void {
    if (nextServiceState(this.current, 'unmonitor') === undefined) return;
    this.cancelWatching();
    this.transition('unmonitor');
    this.watchedPid = undefined;
    this.ctx.log.write('info', `'${this.name}' monitoring disabled`);
  }

  /** Ends the watch loop; a start program in flight still runs to its end (see `settled`). */
  cancelWatching(): void {
    this.watching?.controller.abort(
      new BosunError('SERVICE_WATCH_CANCELLED', `'${this.name}' is no longer watched`),
    );
  }

  /** Resolves once the watch loop has ended, with any start program it was running (monit's pending action). */
  async settled(): Promise<void> {
    await this.watching?.done;
  }

  /** True while the watch loop runs (cancelled or not). */
  get isPending(): boolean {
    return this.watching !== undefined;
  }

  /** §3.5 stop of this service; see `stopService`. Ends unmonitored. */
  async stop(signal: AbortSignal): Promise<void> {
    this.cancelWatching();
    await this.settled();
    this.transition('stop');
    try {
      const pid = await this.findLivePid();
      await stopService(this.ctx, this.def, { name: this.name, pid, groups: this.groups }, signal);
    } catch (e) {
      this.transition('stop-interrupted');
      throw e;
    } finally {
      this.watchedPid = undefined;
    }
    this.transition('stopped');
  }

  /** The live process per the pidfile (or `matching`), reaping it when it is our zombie. */
  async findLivePid(): Promise<number | undefined> {
    const { table } = this.ctx;
    const p = this.def.process;
    if (p.pidfile === undefined) return findMatchingProcess(this.ctx.table, p.matching);
    const pid = await table.readPidfile(p.pidfile);
    if (pid === undefined) return undefined;
    const info = await table.inspect(pid);
    if (isLive(info)) return pid;
    const ended = info === undefined ? undefined : reapZombie(this.ctx, info);
    if (ended !== undefined) this.reapedExit = { pid, status: ended };
    return undefined;
  }

  private async watchLoop(signal: AbortSignal, returned: (error: Error | undefined) => void): Promise<void> {
    try {
      for (;;) {
        const pid = await bringUpService(this.ctx, this, signal, returned);
        if (pid === undefined) {
          this.step('start-failed', signal);
          returned(undefined);
        } else {
          this.step('alive', signal);
          this.watchedPid = pid;
          returned(undefined);
          const how = await this.waitForDeath(signal);
          this.step('died', signal);
          this.ctx.log.write('error', `'${this.name}' process is not running (${how})`);
          this.watchedPid = undefined;
        }
        await this.restartAfterBackoff(signal);
        if (this.current === 'crash-loop') return;
      }
    } catch (e) {
      if (signal.aborted) return;
      this.ctx.log.write('error', `'${this.name}' supervision failed: ${describeError(e)}`);
      for (const event of ['died', 'start-failed', 'gave-up'] as const) this.transitionIfAccepted(event);
    } finally {
      returned(undefined);
      if (this.watching?.controller.signal === signal) this.watching = undefined;
    }
  }

  /** Polls until the process per the pidfile is gone; follows the pidfile to a new pid. */
  private async waitForDeath(signal: AbortSignal): Promise<string> {
    const { clock, policy } = this.ctx;
    let lastSweepMs = clock.nowMs();
    for (;;) {
      await this.ctx.ticker.wait(signal);
      const live = await this.findLivePid();
      if (live === undefined) break;
      if (clock.nowMs() - lastSweepMs >= policy.zombieSweepIntervalMs) {
        // Helpers a ctl script left behind end too; their zombies are ours (subreaper).
        await reapChildZombies(this.ctx, { name: this.name, pid: live, groups: this.groups });
        lastSweepMs = clock.nowMs();
      }
      if (live !== this.watchedPid) {
        this.ctx.log.write(
          'info',
          `'${this.name}' process is running with pid ${live} (the pidfile changed)`,
        );
        this.watchedPid = live;
      }
    }
    const pid = this.watchedPid;
    const info = pid === undefined ? undefined : await this.ctx.table.inspect(pid);
    const status = info === undefined ? undefined : reapZombie(this.ctx, info);
    const others = await reapServiceZombies(this.ctx, { name: this.name, pid, groups: this.groups });
    const earlier = this.reapedExit?.pid === pid ? this.reapedExit?.status : undefined;
    this.reapedExit = undefined;
    const ended = earlier ?? status ?? (pid === undefined ? undefined : others.get(pid));
    return ended === undefined ? `pid ${pid} is gone` : `pid ${pid} ${describeReaped(ended)}`;
  }

  private async restartAfterBackoff(signal: AbortSignal): Promise<void> {
    const { clock, policy, log } = this.ctx;
    const limit = restartLimitOf(this.def.process, policy);
    const decision = planRestart(this.restartTimesMs, clock.nowMs(), limit, policy);
    if (decision.kind === 'give-up') {
      this.step('gave-up', signal);
      log.write(
        'error',
        `'${this.name}' restarted ${decision.restartsInWindow} times within ${limit.windowMs / 1000} seconds: ` +
          'crash loop, not restarting it again until the next start',
      );
      return;
    }
    if (decision.delayMs > 0) await clock.sleep(decision.delayMs, signal);
    this.restartTimesMs = [
      ...this.restartTimesMs.filter((t) => clock.nowMs() - t < limit.windowMs),
      clock.nowMs(),
    ];
    const after = decision.delayMs > 0 ? ` after ${decision.delayMs / 1000} s` : '';
    log.write(
      'info',
      `'${this.name}' trying to restart (restart ${decision.restartsInWindow} of ${limit.maxRestarts}${after})`,
    );
  }

  /** A transition of the watch loop: none once the loop is cancelled. */
  private step(event: ServiceEvent, signal: AbortSignal): void {
    signal.throwIfAborted();
    this.transition(event);
  }

  private transition(event: ServiceEvent): void {
    const next = nextServiceState(this.current, event);
    if (next === undefined) {
      throw new BosunError(
        'SERVICE_STATE_INVALID',
        `'${this.name}': no transition from ${this.current} on ${event}`,
      );
    }
    this.current = next;
  }

  private transitionIfAccepted(event: ServiceEvent): void {
    const next = nextServiceState(this.current, event);
    if (next !== undefined) this.current = next;
  }
}
