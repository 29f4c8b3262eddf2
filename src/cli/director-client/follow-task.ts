import { StringDecoder } from 'node:string_decoder';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Writable } from 'node:stream';
import { BosunError } from '../../base/index.js';
import {
  taskEventLineSchema,
  TaskEventRenderer,
  type TaskOutputTypeName,
  type TaskView,
} from '../../protocol/index.js';
import type { DirectorClient } from './director-client.js';

/** How soon to look again after an empty poll; doubles up to the most while nothing comes. */
const FIRST_POLL_MS = 50;
const MOST_POLL_MS = 1000;

const FINAL_STATES: ReadonlySet<string> = new Set(['done', 'error', 'cancelled']);

/**
 * Follows a task until it has ended, writing its output to `out` as it comes: the event log
 * rendered as `bosh task ID` renders it (header, one line per step, summary), or the raw
 * debug or result text. Reads from a byte offset (`Range: bytes=N-`), so nothing is printed
 * twice. Resolves with the task's final state; does not judge it.
 */
export async function followTask(
  client: DirectorClient,
  id: number,
  type: TaskOutputTypeName,
  out: Writable,
  signal?: AbortSignal,
): Promise<TaskView> {
  await client.task(id); // an unknown task fails before anything is printed
  const printer = type === 'event' ? new EventLogPrinter(id, out) : undefined;
  const decoder = new StringDecoder('utf8');
  let offset = 0;
  let delayMs = FIRST_POLL_MS;
  let lastChar = '\n';
  for (;;) {
    // State before output: a task writes all its output before it ends.
    const task = await client.task(id);
    const chunk = await client.taskOutput(id, type, offset);
    if (chunk.length > 0) {
      offset += chunk.length;
      const text = decoder.write(chunk);
      if (printer === undefined) out.write(text);
      else printer.push(text);
      if (text !== '') lastChar = text.slice(-1);
      delayMs = FIRST_POLL_MS;
      continue;
    }
    if (FINAL_STATES.has(task.state)) {
      if (printer === undefined) {
        if (lastChar !== '\n') out.write('\n');
      } else printer.finish(task.state);
      return task;
    }
    await sleep(delayMs, undefined, signal === undefined ? {} : { signal });
    delayMs = Math.min(delayMs * 2, MOST_POLL_MS);
  }
}

/** Fails as bosh-cli does when a followed task did not end in `done`. */
export function assertTaskSucceeded(task: TaskView): void {
  if (task.state !== 'done') {
    throw new BosunError('TASK_FAILED', `Expected task '${task.id}' to succeed but state is '${task.state}'`);
  }
}

/**
 * Fails when a followed task did not end in `done`, with the Director's own error (a failed
 * task's result text, every line of it) as the message, as bosh-cli shows a failed deploy's
 * `Error: ...`; bosh-cli's `Expected task ...` when the task left no error text.
 */
export function assertTaskDone(task: TaskView): void {
  if (task.state === 'done') return;
  const result = task.result?.trim() ?? '';
  throw new BosunError(
    'TASK_FAILED',
    result === '' ? `Expected task '${task.id}' to succeed but state is '${task.state}'` : result,
    { hint: `'bosun task ${task.id} --debug' shows the task's debug log` },
  );
}

/** Turns event log text, in pieces that may split lines, into bosh-cli's rendering. */
class EventLogPrinter {
  private readonly renderer: TaskEventRenderer;
  private partial = '';

  constructor(
    id: number,
    private readonly out: Writable,
  ) {
    this.renderer = new TaskEventRenderer(id);
    out.write(this.renderer.begin());
  }

  push(text: string): void {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() === '') continue;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch {
        continue; // a line that is not an event is not the CLI's to judge; the debug log has it all
      }
      const event = taskEventLineSchema.safeParse(raw);
      if (event.success) this.out.write(this.renderer.push(event.data));
    }
  }

  finish(state: string): void {
    this.push('\n');
    this.out.write(this.renderer.finish(state));
  }
}
