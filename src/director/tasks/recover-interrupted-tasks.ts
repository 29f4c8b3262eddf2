import type { Clock } from '../../base/index.js';
import type { DirectorStore, InterruptedTask } from '../store/index.js';
import { TaskEventLog } from './task-event-log.js';
import { TaskOutputWriter } from './task-output.js';

/**
 * Run once when the Director starts, before its TaskRunner takes tasks: ends every task a
 * previous Director process left unfinished (DirectorStore.markInterruptedTasks: `error` or
 * `cancelled`, locks released) and appends the reason to each one's event log and result,
 * so that `bosun task ID` says why it stopped. Returns the tasks it ended.
 */
export function recoverInterruptedTasks(store: DirectorStore, clock: Clock): InterruptedTask[] {
  const ended = store.markInterruptedTasks();
  for (const task of ended) {
    const output = new TaskOutputWriter(task.outputDir, () => undefined);
    new TaskEventLog((line) => output.appendLine('event', line), clock).error(task.result);
    output.appendLine('debug', `${new Date(clock.nowMs()).toISOString()} [task:${task.id}] ${task.result}`);
    output.append('result', task.result);
  }
  return ended;
}
