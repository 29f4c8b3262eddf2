/**
 * The states of a task (BOSH's) and the moves between them.
 *
 * ```
 *   queued ──────▶ processing ──────▶ done
 *     │  │             │   └────────▶ error
 *     │  │             ▼
 *     │  │         cancelling ──────▶ cancelled
 *     │  │             └─────────────▶ done | error   (finished before it saw the cancel)
 *     │  └─────────────────────────▶ cancelled        (cancelled before it started)
 *     └────────────────────────────▶ error            (refused: deployment locked; Director restarted)
 * ```
 *
 * `done`, `error` and `cancelled` are final. A Director restart ends every task that is not
 * (see DirectorStore.markInterruptedTasks), so nothing stays `processing`.
 */
import { BosunError } from '../../base/index.js';
import type { TaskState } from '../store/index.js';

export const TASK_TRANSITIONS: Readonly<Record<TaskState, readonly TaskState[]>> = {
  queued: ['processing', 'cancelled', 'error'],
  processing: ['done', 'error', 'cancelling'],
  cancelling: ['cancelled', 'done', 'error'],
  done: [],
  error: [],
  cancelled: [],
};

/** True when a task may move from `from` to `to`. */
export function canTransitionTask(from: TaskState, to: TaskState): boolean {
  return TASK_TRANSITIONS[from].includes(to);
}

/** Throws `TASK_STATE_INVALID` unless a task may move from `from` to `to`. */
export function assertTaskTransition(taskId: number, from: TaskState, to: TaskState): void {
  if (!canTransitionTask(from, to)) {
    throw new BosunError('TASK_STATE_INVALID', `Task ${taskId} cannot go from '${from}' to '${to}'`);
  }
}

/** True for the states a task never leaves. */
export function isTaskFinished(state: TaskState): boolean {
  return TASK_TRANSITIONS[state].length === 0;
}

/** True for the states in which `cancel-task` is accepted (as BOSH: queued or processing). */
export function isTaskCancellable(state: TaskState): boolean {
  return state === 'queued' || state === 'processing';
}
