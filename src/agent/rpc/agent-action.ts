/**
 * One agent action (reference §7.2), one file each under `actions/`. The dispatcher decides
 * from `kind` whether the Director gets the value at once or an agent task id to poll.
 */
export interface AgentAction {
  /** The RPC method name, e.g. `run_script`. */
  readonly name: string;
  /**
   * `sync`: the reply carries the value. `async`: the reply is a task handle polled with
   * `get_task`. `async-cancellable`: as async, and `cancel_task` aborts the signal.
   */
  readonly kind: 'sync' | 'async' | 'async-cancellable';
  /**
   * Runs the action with the request's arguments (unvalidated JSON; each action parses its
   * own). `signal` aborts when the task is cancelled or the agent shuts down. Throws a
   * BosunError whose message is the text the Director shows.
   */
  run(args: readonly unknown[], signal: AbortSignal): Promise<unknown>;
}

