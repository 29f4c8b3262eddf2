import { formatDurationSeconds, formatFullUtc, formatHoursUtc } from './bosh-cli-time.js';
import type { TaskEventLine } from './task-event.js';

/**
 * Renders one task's event log exactly as `bosh task ID` prints it (bosh-cli ui/task
 * reporter.go, events mode), so that the text is the same whether read live or later:
 *
 * ```
 * Task 12
 *
 * Task 12 | 10:01:02 | Updating instance web: web/uuid (0) (canary) (00:00:05)
 *
 * Task 12 Started  Mon Jan  1 10:01:02 UTC 2024
 * Task 12 Finished Mon Jan  1 10:01:07 UTC 2024
 * Task 12 Duration 00:00:05
 * Task 12 done
 * ```
 *
 * A step's `finished`/`failed` line goes on the line of its `started` when nothing came in
 * between, else on a line of its own; its duration is measured from the step's `started`.
 * Push events as they arrive; each call returns the text to append.
 */
export class TaskEventRenderer {
  private readonly kept: TaskEventLine[] = [];
  private last: TaskEventLine | undefined;
  private hasOutput = false;

  constructor(private readonly taskId: number) {}

  /** The text printed when the task is first shown. */
  begin(): string {
    return `Task ${this.taskId}`;
  }

  /** The text for one more event. */
  push(event: TaskEventLine): string {
    let out = '';
    if (!this.hasOutput) {
      out += '\n';
      this.hasOutput = true;
    }
    const start = this.kept.find((e) => isSameStep(e, event));
    const duration = start === undefined ? '' : formatDurationSeconds((event.time ?? 0) - (start.time ?? 0));
    const errorLine = `\n     ${' '.repeat(goRuneStringLength(this.taskId))}             L Error: ${event.data?.error ?? ''}`;
    if (this.last !== undefined && isSameStep(this.last, event)) {
      if (event.state === 'finished') out += ` (${duration})`;
      else if (event.state === 'failed') out += ` (${duration})${errorLine}`;
    } else {
      const prefix = `\nTask ${this.taskId} | ${formatHoursUtc(event.time ?? 0)} | `;
      const tags = event.tags ?? [];
      const desc = tags.length > 0 ? `${event.stage ?? ''} ${tags.join(', ')}` : (event.stage ?? '');
      if (event.type === 'deprecation') out += `${prefix}Deprecation: ${event.message ?? ''}`;
      else if (event.type === 'warning') out += `${prefix}Warning: ${event.message ?? ''}`;
      else if (event.state === 'started') out += `${prefix}${desc}: ${event.task ?? ''}`;
      else if (event.state === 'finished') out += `${prefix}${desc}: ${event.task ?? ''} (${duration})`;
      else if (event.state === 'failed')
        out += `${prefix}${desc}: ${event.task ?? ''} (${duration})${errorLine}`;
      else if (event.error !== undefined && event.error !== null)
        out += `${prefix}Error: ${event.error.message ?? ''}`;
    }
    this.kept.push(event);
    this.last = event;
    return out;
  }

  /** The text printed when the task has ended in `state` (e.g. `done`, `error`). */
  finish(state: string): string {
    let out = '';
    const first = this.kept[0];
    const last = this.kept[this.kept.length - 1];
    if (first !== undefined && last !== undefined) {
      const id = this.taskId;
      const started = first.time ?? 0;
      const ended = last.time ?? 0;
      out +=
        `\n\nTask ${id} Started  ${formatFullUtc(started)}\nTask ${id} Finished ${formatFullUtc(ended)}` +
        `\nTask ${id} Duration ${formatDurationSeconds(ended - started)}`;
    }
    if (!this.hasOutput) return `${out}. ${titleCase(state)}\n`;
    return `${out}\nTask ${this.taskId} ${state}\n`;
  }
}

/**
 * The whole text of a task's event log as `bosh task ID` prints it; with `finalState`
 * omitted (the task is still running), without the closing summary.
 */
export function formatEventLog(
  taskId: number,
  events: readonly TaskEventLine[],
  finalState?: string,
): string {
  const renderer = new TaskEventRenderer(taskId);
  let out = renderer.begin();
  for (const event of events) out += renderer.push(event);
  if (finalState !== undefined) out += renderer.finish(finalState);
  return out;
}

/** Same stage, tags and step name: two lines about one step. */
function isSameStep(a: TaskEventLine, b: TaskEventLine): boolean {
  return (
    a.stage !== undefined &&
    a.stage !== '' &&
    a.stage === b.stage &&
    sameTags(a.tags, b.tags) &&
    (a.task ?? '') === (b.task ?? '')
  );
}

function sameTags(a: readonly string[] | null | undefined, b: readonly string[] | null | undefined): boolean {
  // Go's reflect.DeepEqual: a missing list differs from an empty one.
  if (a === undefined || a === null || b === undefined || b === null) return (a ?? null) === (b ?? null);
  return a.length === b.length && a.every((tag, i) => tag === b[i]);
}

/**
 * The bosh CLI indents an error under its step by `len(string(id))`, Go's conversion of an
 * integer to the UTF-8 encoding of that code point: 1 to 4 bytes depending on the task id.
 */
function goRuneStringLength(id: number): number {
  const isValid = Number.isInteger(id) && id >= 0 && id <= 0x10ffff && !(id >= 0xd800 && id <= 0xdfff);
  if (!isValid) return 3; // U+FFFD
  if (id < 0x80) return 1;
  if (id < 0x800) return 2;
  return id < 0x10000 ? 3 : 4;
}

function titleCase(text: string): string {
  return text.replace(/(^|\s)(\S)/g, (_m, space: string, letter: string) => space + letter.toUpperCase());
}
