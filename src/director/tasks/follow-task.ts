import { BosunError } from '../../base/index.js';
import type { DirectorStore } from '../store/index.js';
import { readTaskOutput, type TaskOutputType } from './task-output.js';
import { isTaskFinished } from './task-state.js';
import type { TaskWatch } from './task-watch.js';

/** Options of {@link followTaskOutput}. */
export interface FollowTaskOptions {
  /** Which output; `event` by default. */
  type?: TaskOutputType;
  /** Byte offset to start from (what the follower already has); 0 by default. */
  fromOffset?: number;
  /** Ends the stream early (the follower went away). */
  signal?: AbortSignal;
  /** How often to look again when no change is signalled (a task run by another process). */
  pollMs: number;
}

/**
 * Streams a task's output for `bosun task ID`: yields each new piece of the file (bytes,
 * possibly ending mid-line) from `fromOffset` on, as it is written, and returns once the
 * task has ended and everything it wrote was yielded. For a finished task that is simply
 * the rest of the file. Fails with `TASK_NOT_FOUND` for an unknown id.
 */
export async function* followTaskOutput(
  store: DirectorStore,
  watch: TaskWatch,
  taskId: number,
  options: FollowTaskOptions,
): AsyncGenerator<Buffer> {
  const type = options.type ?? 'event';
  let offset = options.fromOffset ?? 0;
  for (;;) {
    options.signal?.throwIfAborted();
    const seen = watch.version(taskId);
    // State before output: a task ends only after writing all its output, so when the state
    // read here is final, the read below sees everything.
    const task = store.tasks.find(taskId);
    if (task === undefined) throw new BosunError('TASK_NOT_FOUND', `Task ${taskId} not found`);
    const chunk = await readTaskOutput(task.outputDir, type, offset);
    if (chunk.length > 0) {
      offset += chunk.length;
      yield chunk;
      continue;
    }
    if (isTaskFinished(task.state)) return;
    await watch.waitForChange(taskId, seen, options.pollMs, options.signal);
  }
}
