/**
 * The agent calls the deploy executor makes, by role; `AgentClient` implements it and tests
 * use a fake that records every call.
 */
export interface InstanceAgent {
  /** A synchronous action (`start`, `get_state`). */
  call(method: string, args?: readonly unknown[]): Promise<unknown>;
  /** An asynchronous action, polled to its end; aborting `signal` cancels the agent task. */
  run(method: string, args: readonly unknown[], signal?: AbortSignal): Promise<unknown>;
}

/** One instance as the executor drives it: its name in BOSH's form `<group>/<uuid> (<index>)` and its agent. */
export interface InstanceTarget {
  readonly name: string;
  readonly agent: InstanceAgent;
}
