/**
 * Where a deploy's time goes, from three sources: the task's event log as this process sees
 * the lines appear (stages and steps; the Director stamps events in whole seconds only), the
 * task's debug log (each instance's steps, in milliseconds), and the lines the hook scripts
 * append to a host file (`hook <job> <instance> <hook> <begin ns> <end ns>`, the host clock).
 */
import { StringDecoder } from 'node:string_decoder';
import type { DirectorClient } from '../src/cli/director-client/index.js';
import { taskEventLineSchema, type TaskEventLine, type TaskView } from '../src/protocol/index.js';

const FINAL_STATES: ReadonlySet<string> = new Set(['done', 'error', 'cancelled']);

/** Epoch milliseconds with sub-millisecond precision. */
export const nowMs = (): number => performance.timeOrigin + performance.now();

export interface SeenEvent {
  /** When this process read the line (epoch ms). */
  readonly atMs: number;
  readonly event: TaskEventLine;
}

export interface FollowedTask {
  readonly task: TaskView;
  /** When this process first saw that the task had ended (epoch ms). */
  readonly endMs: number;
  readonly events: readonly SeenEvent[];
}

/** Where a follower reads a task's progress. */
export interface TaskProgressSource {
  /** The event log's bytes from byte `fromOffset` on. */
  events(fromOffset: number): Promise<Buffer>;
  /** Whether the task has ended; once true, the event log is complete. */
  hasEnded(): Promise<boolean>;
}

/** A task's progress through the Director API (polling costs the Director a request each time). */
export function apiProgressSource(client: DirectorClient, taskId: number): TaskProgressSource {
  return {
    events: (fromOffset) => client.taskOutput(taskId, 'event', fromOffset),
    hasEnded: async () => FINAL_STATES.has((await client.task(taskId)).state),
  };
}

/**
 * Polls `source` every `pollMs` until the task has ended, stamping each event line with the
 * time it was read; then gets the task's final record from the API. Rejects when `signal` aborts.
 */
export async function followTaskTimed(
  client: DirectorClient,
  taskId: number,
  source: TaskProgressSource,
  pollMs: number,
  signal: AbortSignal,
): Promise<FollowedTask> {
  const decoder = new StringDecoder('utf8');
  const events: SeenEvent[] = [];
  let pending = '';
  let offset = 0;
  let endMs: number | undefined;
  for (;;) {
    signal.throwIfAborted();
    if (endMs === undefined && (await source.hasEnded())) endMs = nowMs();
    const chunk = await source.events(offset);
    const atMs = nowMs();
    offset += chunk.length;
    const lines = (pending + decoder.write(chunk)).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() !== '') events.push({ atMs, event: taskEventLineSchema.parse(JSON.parse(line)) });
    }
    if (endMs !== undefined && chunk.length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  // The result is written just before the state changes: wait for the state.
  for (;;) {
    signal.throwIfAborted();
    const task = await client.task(taskId);
    if (FINAL_STATES.has(task.state)) return { task, endMs, events };
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export interface Span {
  readonly name: string;
  readonly startMs: number;
  readonly endMs: number;
}

/** A stage of the event log: from its first step's start to its last step's end, as seen here. */
export interface StageSpan extends Span {
  readonly steps: readonly Span[];
}

/** The stages of an event log in the order they began. */
export function stagesOf(events: readonly SeenEvent[]): StageSpan[] {
  const stages = new Map<
    string,
    { name: string; startMs: number; endMs: number; steps: Map<string, Span> }
  >();
  for (const { atMs, event } of events) {
    if (event.stage === undefined || event.task === undefined) continue;
    const key = `${event.stage}\0${(event.tags ?? []).join(',')}`;
    const stage = stages.get(key) ?? {
      name: event.stage,
      startMs: atMs,
      endMs: atMs,
      steps: new Map<string, Span>(),
    };
    stages.set(key, stage);
    stage.endMs = Math.max(stage.endMs, atMs);
    const step = stage.steps.get(event.task) ?? { name: event.task, startMs: atMs, endMs: atMs };
    stage.steps.set(event.task, { ...step, endMs: atMs });
  }
  return [...stages.values()].map((s) => ({ ...s, steps: [...s.steps.values()] }));
}

/** Totals of one kind of thing (a step, a hook): how many, their sum, the longest. */
export interface Tally {
  count: number;
  sumMs: number;
  maxMs: number;
}

function add(tallies: Map<string, Tally>, key: string, ms: number): void {
  const t = tallies.get(key) ?? { count: 0, sumMs: 0, maxMs: 0 };
  tallies.set(key, { count: t.count + 1, sumMs: t.sumMs + ms, maxMs: Math.max(t.maxMs, ms) });
}

/** The steps of the `Creating missing vms` stage, one per instance, tallied under this name. */
export const CREATING_VMS_STEP = 'creating VM (setup stage)';

const DEBUG_STEP = /^(\S+Z) \[task:\d+\] (\S+\/[0-9a-f-]{36} \(\d+\))(?: \(canary\))?: (.+)$/;

/**
 * Each instance's steps from the debug log (`<ISO time> [task:N] web/<uuid> (0): applying`), a
 * step lasting until the instance's next step; its last step ends when the instance's step
 * of an `Updating instance` stage ended in the event log. Tallied by step, with the steps of
 * the `Creating missing vms` stage (event log).
 */
export function instanceStepsOf(debugLog: string, stages: readonly StageSpan[]): Map<string, Tally> {
  const byInstance = new Map<string, { atMs: number; step: string }[]>();
  for (const line of debugLog.split('\n')) {
    const m = DEBUG_STEP.exec(line);
    if (m === null) continue;
    const [, iso, instance, step] = m as unknown as [string, string, string, string];
    const steps = byInstance.get(instance) ?? [];
    byInstance.set(instance, steps);
    const atMs = Date.parse(iso);
    const last = steps.at(-1);
    if (last === undefined || last.step !== step) steps.push({ atMs, step });
  }
  const updateEnds = new Map<string, number>();
  for (const stage of stages) {
    if (!stage.name.startsWith('Updating instance')) continue;
    for (const step of stage.steps) updateEnds.set(step.name.replace(/ \(canary\)$/, ''), step.endMs);
  }
  const tallies = new Map<string, Tally>();
  for (const stage of stages) {
    if (stage.name !== 'Creating missing vms') continue;
    for (const step of stage.steps) add(tallies, CREATING_VMS_STEP, step.endMs - step.startMs);
  }
  for (const [instance, steps] of byInstance) {
    steps.forEach((s, i) => {
      const endMs = steps[i + 1]?.atMs ?? updateEnds.get(instance);
      if (endMs !== undefined) add(tallies, s.step, Math.max(0, endMs - s.atMs));
    });
  }
  return tallies;
}

export interface HookRun extends Span {
  readonly job: string;
  readonly instance: string;
}

/** The hook lines of the timing file that fall inside [fromMs, toMs]. */
export function hookRunsOf(timingText: string, fromMs: number, toMs: number): HookRun[] {
  const runs: HookRun[] = [];
  for (const line of timingText.split('\n')) {
    const [tag, job, instance, hook, beginNs, endNs] = line.trim().split(/\s+/);
    if (tag !== 'hook' || job === undefined || instance === undefined || hook === undefined) continue;
    const startMs = Number(beginNs) / 1e6;
    const endMs = Number(endNs) / 1e6;
    if (Number.isFinite(startMs) && Number.isFinite(endMs) && startMs >= fromMs - 1 && endMs <= toMs + 1) {
      runs.push({ name: hook, job, instance, startMs, endMs });
    }
  }
  return runs;
}

export interface HookSummary {
  readonly byHook: Map<string, Tally>;
  readonly runs: number;
  readonly sumMs: number;
  /** The largest per-instance sum. */
  readonly maxPerInstanceMs: number;
  /** Wall time during which at least one hook ran (the union of their intervals). */
  readonly unionMs: number;
}

export function summarizeHooks(runs: readonly HookRun[]): HookSummary {
  const byHook = new Map<string, Tally>();
  const perInstance = new Map<string, number>();
  for (const r of runs) {
    add(byHook, r.name, r.endMs - r.startMs);
    perInstance.set(r.instance, (perInstance.get(r.instance) ?? 0) + r.endMs - r.startMs);
  }
  return {
    byHook,
    runs: runs.length,
    sumMs: runs.reduce((n, r) => n + r.endMs - r.startMs, 0),
    maxPerInstanceMs: Math.max(0, ...perInstance.values()),
    unionMs: unionOf(runs),
  };
}

function unionOf(spans: readonly Span[]): number {
  const sorted = [...spans].sort((a, b) => a.startMs - b.startMs);
  let total = 0;
  let start = -Infinity;
  let end = -Infinity;
  for (const s of sorted) {
    if (s.startMs > end) {
      if (end > start) total += end - start;
      start = s.startMs;
      end = s.endMs;
    } else end = Math.max(end, s.endMs);
  }
  if (end > start) total += end - start;
  return total;
}
