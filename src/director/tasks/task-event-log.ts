import type { Clock } from '../../base/index.js';
import type { TaskEvent } from '../../protocol/index.js';

/** BOSH's error code for a failure that is not one of its numbered errors. */
export const GENERIC_ERROR_CODE = 100;

/**
 * Writes a task's event log: JSON lines in BOSH's format (event_log.rb) that `bosun task`
 * and the bosh CLI render. A stage groups steps (`Updating instance` tagged `web`); each step
 * logs `started`, optional `in_progress`, then `finished` or `failed`. `write` receives one
 * line without its newline and must append it in order. Times are whole Unix seconds.
 */
export class TaskEventLog {
  constructor(
    private readonly write: (line: string) => void,
    private readonly clock: Clock,
  ) {}

  /** Opens a stage. `total` is how many steps it will have, when known. */
  beginStage(name: string, total: number | null = null, tags: readonly string[] = []): EventStage {
    return new EventStage(this, name, [...tags], total);
  }

  warn(message: string): void {
    this.emit({ time: this.nowSeconds(), type: 'warning', message });
  }

  deprecation(message: string): void {
    this.emit({ time: this.nowSeconds(), type: 'deprecation', message });
  }

  /** The task's error, as its last line (`Error: <message>` in the CLI). */
  error(message: string, code: number = GENERIC_ERROR_CODE): void {
    this.emit({ time: this.nowSeconds(), error: { code, message } });
  }

  /** @internal */
  emit(event: TaskEvent): void {
    this.write(JSON.stringify(event));
  }

  /** @internal */
  nowMs(): number {
    return this.clock.nowMs();
  }

  private nowSeconds(): number {
    return Math.floor(this.clock.nowMs() / 1000);
  }
}

/** A stage of the event log; steps are numbered from 1 in the order they start. */
export class EventStage {
  private started = 0;

  constructor(
    private readonly log: TaskEventLog,
    readonly name: string,
    readonly tags: string[],
    readonly total: number | null,
  ) {}

  /** Starts a step now; the caller finishes or fails it. */
  start(task: string): EventStep {
    this.started += 1;
    return new EventStep(this.log, this, task, this.started);
  }

  /**
   * Runs `fn` as one step (BOSH's `advance_and_track`): `started`, then `finished` when it
   * resolves or `failed` with its message when it rejects (the rejection is passed on).
   */
  async track<T>(task: string, fn: (step: EventStep) => Promise<T>): Promise<T> {
    const step = this.start(task);
    try {
      const value = await fn(step);
      step.finish();
      return value;
    } catch (e) {
      step.fail(e instanceof Error ? e.message : String(e));
      throw e;
    }
  }
}

/** One step of a stage. Finishing or failing it again does nothing. */
export class EventStep {
  readonly startedAtMs: number;
  private progress = 0;
  private isOver = false;

  constructor(
    private readonly log: TaskEventLog,
    private readonly stage: EventStage,
    readonly task: string,
    readonly index: number,
  ) {
    this.startedAtMs = log.nowMs();
    this.emit('started', {});
  }

  /** Reports progress (percent added, capped at 100) with an optional status text. */
  advance(deltaPercent: number, status?: string): void {
    if (this.isOver) return;
    this.progress = Math.min(this.progress + deltaPercent, 100);
    this.emit('in_progress', status === undefined ? {} : { status });
  }

  /** Ends the step successfully; returns its duration in milliseconds. */
  finish(): number {
    return this.end('finished', {});
  }

  /** Ends the step as failed with `message` (shown as `L Error: <message>`); returns its duration. */
  fail(message: string): number {
    return this.end('failed', { error: message });
  }

  private end(state: 'finished' | 'failed', data: { error?: string }): number {
    const durationMs = this.log.nowMs() - this.startedAtMs;
    if (this.isOver) return durationMs;
    this.isOver = true;
    this.progress = 100;
    this.emit(state, data);
    return durationMs;
  }

  private emit(
    state: 'started' | 'in_progress' | 'finished' | 'failed',
    data: { status?: string; error?: string },
  ): void {
    this.log.emit({
      time: Math.floor(this.log.nowMs() / 1000),
      stage: this.stage.name,
      tags: this.stage.tags,
      total: this.stage.total,
      task: this.task,
      index: this.index,
      state,
      progress: Math.trunc(this.progress),
      ...(Object.keys(data).length > 0 ? { data } : {}),
    });
  }
}
