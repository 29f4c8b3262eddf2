import type { TaskView } from '../../protocol/index.js';
import type { TaskRecord } from '../store/index.js';

/** A stored task as the API shows it (BOSH's task hash). */
export function toTaskView(task: TaskRecord): TaskView {
  const seconds = (ms: number): number => Math.floor(ms / 1000);
  return {
    id: task.id,
    state: task.state,
    description: task.description,
    timestamp: seconds(task.endedAtMs ?? task.startedAtMs ?? task.createdAtMs),
    started_at: task.startedAtMs === null ? null : seconds(task.startedAtMs),
    result: task.result,
    user: task.username,
    deployment: task.deploymentName,
    context_id: '',
  };
}
