/**
 * A `bosun director` process for the deploy benchmark (the built `bin/bosun.js`, in its own
 * process group), driven through the Director API; and its complete cleanup: deployments
 * force-deleted, the process stopped, and any VM it left deleted through the local CPI.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DirectorClient, type DeployOptions } from '../src/cli/director-client/index.js';
import { LocalCpi, parseLocalCpiConfig } from '../src/cpi/index.js';
import { readTaskOutput } from '../src/director/tasks/index.js';
import type { TaskView } from '../src/protocol/index.js';
import {
  apiProgressSource,
  followTaskTimed,
  nowMs,
  type FollowedTask,
  type TaskProgressSource,
} from './deploy-timeline.js';

export const BOSUN_BIN = new URL('../bin/bosun.js', import.meta.url).pathname;
const START_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 15_000;
/** How often a timed task's files are read: the resolution of the stage figures. */
export const POLL_MS = 10;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A timed deploy: client-observed wall time from `POST /deployments` to the task's end. */
export interface TimedTask extends FollowedTask {
  readonly startMs: number;
  readonly wallMs: number;
  readonly debugLog: string;
}

export class BenchDirector {
  private constructor(
    readonly dataDir: string,
    readonly bridge: string,
    readonly client: DirectorClient,
    private readonly child: ChildProcess,
  ) {}

  /** Starts `bosun director --data-dir DATA --config CONFIG` and waits until it listens. */
  static async start(
    dataDir: string,
    configFile: string,
    bridge: string,
    password: string,
  ): Promise<BenchDirector> {
    const logFile = `${dataDir}.log`;
    const fd = openSync(logFile, 'a');
    const child = spawn(
      process.execPath,
      [BOSUN_BIN, 'director', '--data-dir', dataDir, '--config', configFile],
      {
        stdio: ['ignore', fd, fd],
        detached: true, // its own group: a Ctrl-C here reaches only the bench, which cleans up
      },
    );
    closeSync(fd);
    const exited = new Promise<string>((resolve) =>
      child.once('exit', (code, signal) => resolve(`exited (${signal ?? `code ${code}`})`)),
    );
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      const log = await readFile(logFile, 'utf8').catch(() => '');
      const url = /listening on (http\S+)/.exec(log)?.[1];
      if (url !== undefined) {
        const client = new DirectorClient({ url, client: 'admin', clientSecret: password });
        return new BenchDirector(dataDir, bridge, client, child);
      }
      const status = await Promise.race([exited, sleep(100).then(() => undefined)]);
      if (status !== undefined || Date.now() > deadline) {
        if (status === undefined) child.kill('SIGKILL');
        throw new Error(`the Director ${status ?? 'did not start in time'}; its log (${logFile}):\n${log}`);
      }
    }
  }

  /** Waits for a task without timing it; fails unless it ends in `done`. */
  async finish(task: TaskView, what: string, signal: AbortSignal): Promise<void> {
    const source = apiProgressSource(this.client, task.id);
    const { task: ended } = await followTaskTimed(this.client, task.id, source, 100, signal);
    if (ended.state !== 'done') {
      const debug = (await this.client.taskOutput(task.id, 'debug', 0)).toString();
      throw new Error(`${what}: task ${task.id} ended '${ended.state}': ${ended.result ?? ''}\n${debug}`);
    }
  }

  /** Deploys and follows the task closely; fails unless it ends in `done`. */
  async deploy(manifest: string, options: DeployOptions, signal: AbortSignal): Promise<TimedTask> {
    const startMs = nowMs();
    const task = await this.client.deploy(manifest, options);
    const followed = await followTaskTimed(this.client, task.id, this.taskFiles(task.id), POLL_MS, signal);
    const debugLog = (await this.client.taskOutput(task.id, 'debug', 0)).toString();
    if (followed.task.state !== 'done') {
      throw new Error(
        `deploy: task ${task.id} ended '${followed.task.state}': ${followed.task.result ?? ''}\n${debugLog}`,
      );
    }
    return { ...followed, startMs, wallMs: followed.endMs - startMs, debugLog };
  }

  async deleteDeployment(name: string, signal: AbortSignal, isForced = false): Promise<void> {
    await this.finish(
      await this.client.deleteDeployment(name, { isForced }),
      `delete-deployment ${name}`,
      signal,
    );
  }

  /**
   * Leaves nothing behind, even after a failure: force-deletes every deployment (when the
   * Director still answers), stops the process (SIGTERM, then SIGKILL to its group), and
   * deletes through the local CPI any VM still recorded in its CPI directory.
   */
  async close(): Promise<string[]> {
    const problems: string[] = [];
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const signal = AbortSignal.timeout(120_000);
      try {
        await this.cancelTasks(signal); // a deploy cut short holds its deployment's lock
        for (const d of await this.client.deployments()) await this.deleteDeployment(d.name, signal, true);
      } catch (e) {
        problems.push(`force-deleting deployments: ${String(e)}`);
      }
      await this.stopProcess();
    }
    const cpiDir = join(this.dataDir, 'cpi');
    const leftovers = await readdir(join(cpiDir, 'vms')).catch(() => [] as string[]);
    if (leftovers.length > 0) {
      problems.push(
        `deleting ${leftovers.length} leftover VM(s) through the local CPI: ${leftovers.join(', ')}`,
      );
      const cpi = new LocalCpi(parseLocalCpiConfig({ cpi_dir: cpiDir, bridge: this.bridge }, 'bench'));
      for (const cid of leftovers) {
        await cpi.deleteVm(cid).catch((e: unknown) => problems.push(`delete_vm ${cid}: ${String(e)}`));
      }
    }
    return problems;
  }

  /**
   * A task's output files, read directly: the Director appends each event synchronously, so
   * lines are seen when written even while its event loop is busy (rendering blocks it), and
   * following costs it nothing. The result is written when the task ends, just before its state.
   */
  private taskFiles(taskId: number): TaskProgressSource {
    const dir = join(this.dataDir, 'tasks', String(taskId));
    return {
      events: (fromOffset) => readTaskOutput(dir, 'event', fromOffset),
      hasEnded: () =>
        stat(join(dir, 'result')).then(
          () => true,
          () => false,
        ),
    };
  }

  /** Cancels every queued or running task and waits until none is left. */
  private async cancelTasks(signal: AbortSignal): Promise<void> {
    for (;;) {
      signal.throwIfAborted();
      const busy = await this.client.tasks({ states: ['queued', 'processing', 'cancelling'] });
      if (busy.length === 0) return;
      for (const t of busy) {
        if (t.state !== 'cancelling') await this.client.cancelTask(t.id).catch(() => undefined);
      }
      await sleep(100);
    }
  }

  private async stopProcess(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timedOut = await Promise.race([exited.then(() => false), sleep(STOP_GRACE_MS).then(() => true)]);
    if (timedOut && this.child.pid !== undefined) {
      try {
        process.kill(-this.child.pid, 'SIGKILL'); // the group this bench started
      } catch {
        // already gone
      }
      await exited;
    }
  }
}
