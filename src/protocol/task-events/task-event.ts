import { z } from 'zod';
import { BosunError, describeError } from '../../base/index.js';

/** Where a step of a stage is (BOSH event log `state`). */
export type TaskEventStepState = 'started' | 'in_progress' | 'finished' | 'failed';

/**
 * One line of a task's event log, in BOSH's format (event_log.rb), which the bosh CLI reads:
 * a step of a stage, a task-level error, or a warning/deprecation. `time` is Unix seconds.
 */
export type TaskEvent =
  | {
      time: number;
      stage: string;
      tags: string[];
      total: number | null;
      task: string;
      index: number;
      state: TaskEventStepState;
      progress: number;
      data?: { status?: string; error?: string };
    }
  | { time: number; error: { code: number; message: string } }
  | { time: number; type: 'warning' | 'deprecation'; message: string };

/**
 * An event line as a reader sees it: every field optional, unknown fields kept, as the bosh
 * CLI's Go decoder reads them. Renderers take this, so that they accept any Director's lines.
 */
export const taskEventLineSchema = z.looseObject({
  time: z.number().optional(),
  type: z.string().optional(),
  message: z.string().optional(),
  stage: z.string().optional(),
  tags: z.array(z.string()).nullable().optional(),
  total: z.number().nullable().optional(),
  task: z.string().optional(),
  index: z.number().optional(),
  state: z.string().optional(),
  progress: z.number().optional(),
  data: z.looseObject({ status: z.string().optional(), error: z.string().optional() }).nullable().optional(),
  error: z.looseObject({ code: z.number().optional(), message: z.string().optional() }).nullable().optional(),
});
export type TaskEventLine = z.infer<typeof taskEventLineSchema>;

/**
 * Parses event log text: JSON lines, blank lines skipped. A line that is not an event fails
 * with `TASK_EVENT_INVALID` naming its line number.
 */
export function parseTaskEventLines(text: string): TaskEventLine[] {
  const events: TaskEventLine[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      events.push(taskEventLineSchema.parse(JSON.parse(line)));
    } catch (e) {
      throw new BosunError(
        'TASK_EVENT_INVALID',
        `Event log line ${i + 1} is not an event: ${describeError(e)}`,
        { cause: e },
      );
    }
  });
  return events;
}
