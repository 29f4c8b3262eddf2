import { BosunError } from '../../../base/index.js';
import type { TaskRecord } from '../../store/index.js';
import type { ApiContext } from '../api-types.js';

/** The task of a path's `:id`; `TASK_NOT_FOUND` (404) as BOSH says it. */
export function findTask(context: Pick<ApiContext, 'store'>, idText: string | undefined): TaskRecord {
  const id = /^[1-9]\d{0,15}$/.test(idText ?? '') ? Number(idText) : undefined;
  const task = id === undefined ? undefined : context.store.tasks.find(id);
  if (task === undefined) throw new BosunError('TASK_NOT_FOUND', `Task ${idText ?? ''} not found`);
  return task;
}
