// Agent tasks: what an asynchronous action becomes (reference §7.1).
//
//   running ──value──▶ done
//      │
//      ├──error──────▶ failed
//      └──cancel─────▶ (signal aborted; the action ends) ──▶ failed
//
import { randomUUID } from 'node:crypto';
import { BosunError, describeError } from '../../base/index.js';
import type { AgentTaskHandle } from '../../protocol/index.js';

export type AgentTaskState = 'running' | 'done' | 'failed';

interface AgentTask {
  readonly id: string;
  readonly method: string;
  readonly cancellable: boolean;
  readonly controller: AbortController;
  state: AgentTaskState;
  value: unknown;
  error: unknown;
  readonly promise: Promise<void>;
}

/**
 * Keeps the agent's asynchronous tasks in memory. Finished tasks stay readable by `get_task`
 * (the Director polls until it sees the end); the oldest finished ones are forgotten past
 * `maxFinished`.
 */
export class AgentTasks {
  private readonly tasks = new Map<string, AgentTask>();

  constructor(private readonly maxFinished = 1000) {}

  /** Starts `work` as a task and returns its handle at once. */
  start(method: string, cancellable: boolean, work: (signal: AbortSignal) => Promise<unknown>): AgentTaskHandle {
    const id = randomUUID();
    const controller = new AbortController();
    const task: AgentTask = {
      id,
      method,
      cancellable,
      controller,
      state: 'running',
      value: undefined,
      error: undefined,
      promise: Promise.resolve()
        .then(() => work(controller.signal))
        .then(
          (value) => {
            task.state = 'done';
            task.value = value;
          },
          (error: unknown) => {
            task.state = 'failed';
            task.error = error;
          },
        )
        .finally(() => this.forgetOldFinished()),
    };
    this.tasks.set(id, task);
    return { agent_task_id: id, state: 'running' };
  }

  /**
   * `get_task`: the running handle, the value once done, or the task's error wrapped as
   * `Task <id> result: <error>` (the Go agent's words).
   */
  get(id: string): unknown {
    const task = this.find(id);
    if (task.state === 'running') return { agent_task_id: id, state: 'running' } satisfies AgentTaskHandle;
    if (task.state === 'failed') {
      throw new BosunError('AGENT_TASK_FAILED', `Task ${id} result: ${describeError(task.error)}`, { cause: task.error });
    }
    return task.value;
  }

  /** `cancel_task`: aborts the task's signal. */
  cancel(id: string): string {
    const task = this.find(id);
    if (!task.cancellable) throw new BosunError('AGENT_TASK_NOT_CANCELLABLE', `Task ${id} (${task.method}) cannot be cancelled`);
    task.controller.abort(new BosunError('AGENT_TASK_CANCELLED', 'Task was cancelled'));
    return 'canceled';
  }

  /** Aborts every running task and waits for them to end (agent shutdown). */
  async cancelAll(): Promise<void> {
    const running = [...this.tasks.values()].filter((t) => t.state === 'running');
    for (const task of running) task.controller.abort(new BosunError('AGENT_SHUTTING_DOWN', 'The agent is shutting down'));
    await Promise.all(running.map((t) => t.promise));
  }

  /** Resolves when the task has finished; for tests and shutdown. */
  async settled(id: string): Promise<void> {
    await this.find(id).promise;
  }

  private find(id: string): AgentTask {
    const task = this.tasks.get(id);
    if (task === undefined) throw new BosunError('AGENT_TASK_NOT_FOUND', `Task with id ${id} could not be found`);
    return task;
  }

  private forgetOldFinished(): void {
    const finished = [...this.tasks.values()].filter((t) => t.state !== 'running');
    for (const task of finished.slice(0, Math.max(0, finished.length - this.maxFinished))) this.tasks.delete(task.id);
  }
}
