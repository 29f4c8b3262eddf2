export {
  TASK_TRANSITIONS,
  assertTaskTransition,
  canTransitionTask,
  isTaskCancellable,
  isTaskFinished,
} from './task-state.js';
export { TaskEventLog, EventStage, EventStep, GENERIC_ERROR_CODE } from './task-event-log.js';
// The event-line format and its bosh-cli rendering are shared with the CLI through protocol.
export {
  type TaskEvent,
  type TaskEventLine,
  type TaskEventStepState,
  taskEventLineSchema,
  parseTaskEventLines,
  TaskEventRenderer,
  formatEventLog,
  formatDurationSeconds,
  formatFullUtc,
  formatHoursUtc,
} from '../../protocol/index.js';
export { TASK_OUTPUT_TYPES, TaskOutputWriter, readTaskOutput, type TaskOutputType } from './task-output.js';
export { followTaskOutput, type FollowTaskOptions } from './follow-task.js';
export { TaskWatch } from './task-watch.js';
export {
  TaskRunner,
  type TaskContext,
  type TaskFunction,
  type TaskRequest,
  type SubmittedTask,
} from './task-runner.js';
export { recoverInterruptedTasks } from './recover-interrupted-tasks.js';
