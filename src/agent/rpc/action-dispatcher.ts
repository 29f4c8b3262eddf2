import { describeError } from '../../base/index.js';
import type { AgentRequest, AgentResponse } from '../../protocol/index.js';
import type { AgentAction } from './agent-action.js';
import type { AgentTasks } from './agent-tasks.js';

/** What the dispatcher reports about each request, for the agent's log. */
export interface DispatchLog {
  (line: string): void;
}

/**
 * Turns an envelope into a reply (reference §7.1): unknown methods get
 * `unknown message <method>`, sync actions their value or `Action Failed <method>: <error>`,
 * async actions a task handle at once.
 */
export class ActionDispatcher {
  private readonly actions = new Map<string, AgentAction>();

  constructor(
    actions: readonly AgentAction[],
    private readonly tasks: AgentTasks,
    private readonly log: DispatchLog = () => undefined,
    private readonly shutdownSignal: AbortSignal = new AbortController().signal,
  ) {
    for (const action of actions) this.actions.set(action.name, action);
  }

  async dispatch(request: AgentRequest): Promise<AgentResponse> {
    const action = this.actions.get(request.method);
    if (action === undefined) {
      this.log(`unknown message ${request.method}`);
      return { exception: { message: `unknown message ${request.method}` } };
    }
    if (action.kind === 'sync') {
      try {
        return { value: await action.run(request.arguments, this.shutdownSignal) };
      } catch (e) {
        this.log(`Action Failed ${request.method}: ${describeError(e)}`);
        return { exception: exceptionOf(request.method, e) };
      }
    }
    const handle = this.tasks.start(request.method, action.kind === 'async-cancellable', async (signal) => {
      this.log(`task started: ${request.method}`);
      try {
        return await action.run(request.arguments, AbortSignal.any([signal, this.shutdownSignal]));
      } catch (e) {
        this.log(`task failed: ${request.method}: ${describeError(e)}`);
        throw e;
      }
    });
    return { value: handle };
  }
}

/**
 * The exception object of a reply. Beyond BOSH's `message`, an error may carry structured
 * details (a failed hook's per-job exit codes and output tails) that Bosun's Director shows.
 */
function exceptionOf(method: string, error: unknown): { message: string } & Record<string, unknown> {
  const exception: { message: string } & Record<string, unknown> = { message: `Action Failed ${method}: ${describeError(error)}` };
  const details = detailsOf(error);
  if (details !== undefined) exception['details'] = details;
  return exception;
}

function detailsOf(error: unknown): unknown {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const failures = (current as { failures?: unknown }).failures;
    if (Array.isArray(failures)) return { failures };
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
