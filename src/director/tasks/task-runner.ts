import { BosunError, describeError } from '../../base/index.js';
import type { Clock } from '../../base/index.js';
import {
  DEPLOYMENT_LOCKED_MESSAGE,
  deploymentLockName,
  type DirectorStore,
  type TaskRecord,
  type TaskState,
} from '../store/index.js';
import { followTaskOutput, type FollowTaskOptions } from './follow-task.js';
import { TaskEventLog } from './task-event-log.js';
import { TaskOutputWriter } from './task-output.js';
import { assertTaskTransition, isTaskCancellable } from './task-state.js';
import { TaskWatch } from './task-watch.js';

/** BOSH's error code of a cancelled task (`TaskCancelled`). */
const TASK_CANCELLED_CODE = 10001;

/** What a task function gets: its id, cancellation, and its logs. */
export interface TaskContext {
  readonly taskId: number;
  /** Aborted by `cancel-task`: stop at the next safe point and reject. */
  readonly signal: AbortSignal;
  /** The event log the CLI renders (stages and steps). */
  readonly events: TaskEventLog;
  /** Appends a line to the debug log (`bosun task ID --debug`). */
  readonly debug: (message: string) => void;
}

/** The work of a task; resolves with its result text, rejects with what went wrong. */
export type TaskFunction = (context: TaskContext) => Promise<string>;

/** What {@link TaskRunner.submit} runs. */
export interface TaskRequest {
  /** BOSH's task type, e.g. 'update_deployment'. */
  type: string;
  description: string;
  /** Tasks of one deployment run one at a time, holding the lock `deployment:<name>`. */
  deploymentName?: string;
  username: string;
  /**
   * When a task of the same deployment is queued or running: wait for it (`queue`, the
   * default) or end at once in `error` with BOSH's deployment-lock message (`refuse`).
   */
  whenBusy?: 'queue' | 'refuse';
  run: TaskFunction;
}

/** A submitted task: its id at once, its final record when it ends. */
export interface SubmittedTask {
  id: number;
  finished: Promise<TaskRecord>;
}

interface Entry {
  id: number;
  request: TaskRequest;
  controller: AbortController;
  output: TaskOutputWriter;
  events: TaskEventLog;
  resolve: (task: TaskRecord) => void;
}

interface Lane {
  running: Entry | undefined;
  queue: Entry[];
}

/**
 * Runs tasks in this Director process: records each in the store, runs tasks of one
 * deployment one at a time in submission order (tasks of different deployments, and tasks
 * of no deployment, concurrently), writes their event, debug and result output, and ends
 * each in `done`, `error` or `cancelled`. Call `recoverInterruptedTasks` before the first
 * submit, and {@link stop} before closing the store.
 */
export class TaskRunner {
  private readonly lanes = new Map<string, Lane>();
  private readonly entries = new Map<number, Entry>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly watch: TaskWatch;

  constructor(
    private readonly store: DirectorStore,
    private readonly clock: Clock,
    private readonly options: { pollMs?: number } = {},
  ) {
    this.watch = new TaskWatch(clock);
  }

  submit(request: TaskRequest): SubmittedTask {
    const task = this.store.tasks.create({
      type: request.type,
      description: request.description,
      deploymentName: request.deploymentName ?? null,
      username: request.username,
    });
    const output = new TaskOutputWriter(task.outputDir, () => this.watch.bump(task.id));
    let resolve: (task: TaskRecord) => void = () => undefined;
    const finished = new Promise<TaskRecord>((r) => (resolve = r));
    const entry: Entry = {
      id: task.id,
      request,
      controller: new AbortController(),
      output,
      events: new TaskEventLog((line) => output.appendLine('event', line), this.clock),
      resolve,
    };
    this.entries.set(task.id, entry);
    const key =
      request.deploymentName === undefined ? `task:${task.id}` : deploymentLockName(request.deploymentName);
    const lane = this.lanes.get(key) ?? { running: undefined, queue: [] };
    this.lanes.set(key, lane);
    const busyWith = lane.running ?? lane.queue[0];
    if (busyWith !== undefined && request.whenBusy === 'refuse') {
      this.debug(entry, `Task ${busyWith.id} holds the lock '${key}'`);
      this.end(entry, 'error', DEPLOYMENT_LOCKED_MESSAGE, 100);
    } else {
      lane.queue.push(entry);
      this.pump(key);
    }
    return { id: task.id, finished };
  }

  /**
   * Cancels a queued task at once, or asks a running one to stop (`cancelling`, then
   * `cancelled` when its function rejects). Fails as BOSH does for a task in another state.
   */
  cancel(taskId: number): TaskRecord {
    const task = this.store.tasks.find(taskId);
    if (task === undefined) throw new BosunError('TASK_NOT_FOUND', `Task ${taskId} not found`);
    if (!isTaskCancellable(task.state)) {
      throw new BosunError(
        'TASK_NOT_CANCELLABLE',
        `Cannot cancel task ${taskId}: invalid state (${task.state})`,
      );
    }
    const entry = this.entries.get(taskId);
    if (entry === undefined) {
      // Run by no one here: mark it; a restart (markInterruptedTasks) ends it.
      this.move(taskId, task.state, 'cancelling');
    } else if (task.state === 'queued') {
      for (const lane of this.lanes.values()) lane.queue = lane.queue.filter((e) => e !== entry);
      this.end(entry, 'cancelled', `Task ${taskId} cancelled`);
    } else {
      this.move(taskId, 'processing', 'cancelling');
      this.watch.bump(taskId);
      entry.controller.abort(new BosunError('TASK_CANCELLED', `Task ${taskId} cancelled`));
    }
    return this.store.tasks.find(taskId)!;
  }

  /** Streams a task's output from a byte offset until the task has ended; see followTaskOutput. */
  follow(taskId: number, options: Omit<FollowTaskOptions, 'pollMs'> = {}): AsyncGenerator<Buffer> {
    return followTaskOutput(this.store, this.watch, taskId, {
      ...options,
      pollMs: this.options.pollMs ?? 1000,
    });
  }

  /** Cancels every queued and running task and waits until all have ended. */
  async stop(): Promise<void> {
    for (const entry of [...this.entries.values()]) {
      const state = this.store.tasks.find(entry.id)?.state;
      if (state !== undefined && isTaskCancellable(state)) this.cancel(entry.id);
    }
    await Promise.all([...this.inFlight]);
  }

  private pump(key: string): void {
    const lane = this.lanes.get(key);
    if (lane === undefined || lane.running !== undefined) return;
    const entry = lane.queue.shift();
    if (entry === undefined) {
      this.lanes.delete(key);
      return;
    }
    lane.running = entry;
    const run = this.execute(entry).finally(() => {
      lane.running = undefined;
      this.inFlight.delete(run);
      this.pump(key);
    });
    this.inFlight.add(run);
  }

  /** Runs one task to its end. Never rejects: every failure ends the task instead. */
  private async execute(entry: Entry): Promise<void> {
    const { id, request } = entry;
    try {
      this.move(id, 'queued', 'processing', { startedAtMs: this.clock.nowMs() });
      this.watch.bump(id);
      if (request.deploymentName !== undefined)
        this.store.locks.acquire(deploymentLockName(request.deploymentName), id);
    } catch (e) {
      this.end(entry, 'error', describeError(e), 100, e);
      return;
    }
    try {
      const result = await request.run({
        taskId: id,
        signal: entry.controller.signal,
        events: entry.events,
        debug: (message) => this.debug(entry, message),
      });
      this.end(entry, 'done', result);
    } catch (e) {
      if (entry.controller.signal.aborted)
        this.end(entry, 'cancelled', `Task ${id} cancelled`, TASK_CANCELLED_CODE, e);
      else this.end(entry, 'error', describeError(e), 100, e);
    } finally {
      this.store.locks.releaseByTask(id);
    }
  }

  /**
   * Ends a task: its error (if any) as the last event, its result, then its final state, in
   * that order, so that a follower that sees the state has all the output.
   */
  private end(entry: Entry, to: TaskState, result: string, errorCode?: number, cause?: unknown): void {
    if (errorCode !== undefined) {
      entry.events.error(result, errorCode);
      this.debug(entry, `${to === 'cancelled' ? 'Cancelled' : 'Failed'}: ${describeCause(cause ?? result)}`);
    }
    entry.output.append('result', result);
    const from = this.store.tasks.find(entry.id)?.state ?? 'queued';
    const ended = this.move(entry.id, from, to, { result, endedAtMs: this.clock.nowMs() });
    this.entries.delete(entry.id);
    this.watch.bump(entry.id);
    this.watch.forget(entry.id);
    entry.resolve(ended);
  }

  private move(
    id: number,
    from: TaskState,
    to: TaskState,
    fields: { result?: string; startedAtMs?: number; endedAtMs?: number } = {},
  ): TaskRecord {
    assertTaskTransition(id, from, to);
    const moved = this.store.tasks.transition(id, from, to, fields);
    if (moved === undefined) throw new BosunError('TASK_STATE_INVALID', `Task ${id} is no longer '${from}'`);
    return moved;
  }

  private debug(entry: Entry, message: string): void {
    entry.output.appendLine(
      'debug',
      `${new Date(this.clock.nowMs()).toISOString()} [task:${entry.id}] ${message}`,
    );
  }
}

function describeCause(e: unknown): string {
  const parts: string[] = [];
  for (
    let current: unknown = e;
    current !== undefined && parts.length < 10;
    current = current instanceof Error ? current.cause : undefined
  ) {
    parts.push(
      current instanceof Error && current.stack !== undefined ? current.stack : describeError(current),
    );
  }
  return parts.join('\nCaused by: ');
}
