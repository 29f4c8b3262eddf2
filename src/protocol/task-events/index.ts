export {
  type TaskEvent,
  type TaskEventLine,
  type TaskEventStepState,
  taskEventLineSchema,
  parseTaskEventLines,
} from './task-event.js';
export { TaskEventRenderer, formatEventLog } from './format-event-log.js';
export { formatDurationSeconds, formatFullUtc, formatHoursUtc } from './bosh-cli-time.js';
