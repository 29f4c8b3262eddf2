import type { AgentAction, AgentTasks } from '../rpc/index.js';
import { stringArg } from './action-args.js';

/** `cancel_task [id]` → `"canceled"`; aborts a cancellable task (drain, run_errand). */
export function cancelTaskAction(tasks: AgentTasks): AgentAction {
  return { name: 'cancel_task', kind: 'sync', run: (args) => Promise.resolve(tasks.cancel(stringArg('cancel_task', args, 0, 'task id'))) };
}
