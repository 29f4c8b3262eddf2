export {
  TASK_TRANSITIONS,
  assertTaskTransition,
  canTransitionTask,
  isTaskCancellable,
  isTaskFinished,
} from './task-state.js';
export { TaskEventLog, EventStage, EventStep, GENERIC_ERROR_CODE } from './task-event-log.js';
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
