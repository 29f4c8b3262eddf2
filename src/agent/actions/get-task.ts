import type { AgentAction, AgentTasks } from '../rpc/index.js';
import { stringArg } from './action-args.js';

/** `get_task [id]`: the task's handle while it runs, then its value or `Task <id> result: <error>`. */
export function getTaskAction(tasks: AgentTasks): AgentAction {
  return { name: 'get_task', kind: 'sync', run: (args) => Promise.resolve(tasks.get(stringArg('get_task', args, 0, 'task id'))) };
}
