/** How the deploy benchmark prints a figure and its breakdown (tables, one column per scenario). */
import type { TimedTask } from './deploy-director.js';
import { TRIVIAL_WATCH_TIME } from './deploy-fixtures.js';
import {
  hookRunsOf,
  instanceStepsOf,
  stagesOf,
  summarizeHooks,
  type HookSummary,
  type StageSpan,
  type Tally,
} from './deploy-timeline.js';

/** One timed deploy and where its time went. */
export interface DeployRun {
  readonly timed: TimedTask;
  readonly stages: readonly StageSpan[];
  readonly steps: ReadonlyMap<string, Tally>;
  readonly hooks: HookSummary;
}

export function analyzeRun(timed: TimedTask, timingText: string): DeployRun {
  const stages = stagesOf(timed.events);
  return {
    timed,
    stages,
    steps: instanceStepsOf(timed.debugLog, stages),
    hooks: summarizeHooks(hookRunsOf(timingText, timed.startMs, timed.endMs)),
  };
}

export const sec = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

function medianOf(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
}

/** The run whose wall time is the median (the lower middle one of an even count). */
export function medianRun(runs: readonly DeployRun[]): DeployRun {
  const sorted = [...runs].sort((a, b) => a.timed.wallMs - b.timed.wallMs);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** `label  median X s  [a, b, c]` (median of the wall times, every run in order). */
export function formatFigure(label: string, wallMs: readonly number[], target = ''): string {
  const runs = wallMs.map((ms) => (ms / 1000).toFixed(2)).join(', ');
  return `${label}: median ${sec(medianOf(wallMs))}${target}  [${runs}] (${wallMs.length} run${wallMs.length === 1 ? '' : 's'})`;
}

export interface Column {
  readonly label: string;
  readonly run: DeployRun;
}

function table(header: readonly string[], rows: readonly (readonly string[])[], indent: string): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    indent + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('   ');
  return [line(header), ...rows.map(line)];
}

/** Stages, per-instance steps and hooks of each column's run, side by side. */
export function formatBreakdown(columns: readonly Column[], indent = '    '): string[] {
  const header = ['', ...columns.map((c) => c.label)];
  const rows: string[][] = [];
  const cell = (f: (run: DeployRun) => string | undefined): string[] => columns.map((c) => f(c.run) ?? '-');
  rows.push(['wall time (client: POST to task done)', ...cell((r) => sec(r.timed.wallMs))]);
  const stageNames = [...new Set(columns.flatMap((c) => c.run.stages.map((s) => s.name)))];
  for (const name of stageNames) {
    const find = (r: DeployRun): StageSpan | undefined => r.stages.find((s) => s.name === name);
    rows.push([`  ${name}`, ...cell((r) => spanText(find(r)))]);
    if (name !== 'Preparing deployment') continue;
    const stepNames = [...new Set(columns.flatMap((c) => (find(c.run)?.steps ?? []).map((s) => s.name)))];
    for (const step of stepNames) {
      rows.push([`    ${step}`, ...cell((r) => spanText(find(r)?.steps.find((s) => s.name === step)))]);
    }
  }
  rows.push(['  outside any stage (planning, gaps)', ...cell((r) => sec(outsideStagesMs(r)))]);
  // In the order instances go through them (the tallies keep the order steps first appeared).
  const stepNames = [...new Set(columns.flatMap((c) => [...c.run.steps.keys()]))];
  if (stepNames.length > 0) rows.push(['per-instance steps, debug log: sum / max', ...cell(() => '')]);
  for (const step of stepNames) rows.push([`  ${step}`, ...cell((r) => tallyText(r.steps.get(step)))]);
  rows.push([
    'hook scripts, inside: sum / max',
    ...cell((r) => (r.hooks.runs === 0 ? '' : `${r.hooks.runs} runs`)),
  ]);
  const hookNames = [...new Set(columns.flatMap((c) => [...c.run.hooks.byHook.keys()]))];
  for (const hook of hookNames) rows.push([`  ${hook}`, ...cell((r) => tallyText(r.hooks.byHook.get(hook)))]);
  rows.push(['  all hooks, sum over instances', ...cell((r) => sec(r.hooks.sumMs))]);
  rows.push(['  largest per-instance sum', ...cell((r) => sec(r.hooks.maxPerInstanceMs))]);
  rows.push([
    '  on the wall clock (>= 1 hook running; share of wall)',
    ...cell((r) => `${sec(r.hooks.unionMs)} ${pct(r.hooks.unionMs, r.timed.wallMs)}`),
  ]);
  return table(header, rows, indent);
}

const pct = (part: number, whole: number): string => `(${((100 * part) / whole).toFixed(0)}%)`;

function spanText(span: { startMs: number; endMs: number } | undefined): string | undefined {
  return span === undefined ? undefined : sec(span.endMs - span.startMs);
}

function tallyText(t: Tally | undefined): string | undefined {
  return t === undefined ? undefined : `${sec(t.sumMs)} / ${sec(t.maxMs)}`;
}

/** Wall time in no stage: from the POST to the first event, between stages, and after the last. */
function outsideStagesMs(run: DeployRun): number {
  const spans = [...run.stages].sort((a, b) => a.startMs - b.startMs);
  let covered = 0;
  let end = run.timed.startMs;
  for (const s of spans) {
    const from = Math.max(s.startMs, end);
    if (s.endMs > from) covered += s.endMs - from;
    end = Math.max(end, s.endMs);
  }
  return run.timed.wallMs - covered;
}

/** Every timed deploy of a benchmark run, by figure. */
export interface Results {
  readonly cold: DeployRun[];
  readonly warm: DeployRun[];
  readonly compiled: DeployRun[];
  readonly redeploy: DeployRun[];
  readonly cliRedeployMs: number[];
  readonly trivial: Map<number, DeployRun[]>;
}

const wallTimes = (runs: readonly DeployRun[]): number[] => runs.map((r) => r.timed.wallMs);

/** Prints the figures (medians, every run) and the breakdowns of the median runs. */
export function printResults(results: Results, sizes: readonly number[]): void {
  const out: string[] = [];
  out.push('', '1. Fresh deploy of the example (web x2, ticker x1; package greeter-tools; post-deploy on)');
  out.push(
    `  ${formatFigure('a. first deploy of a new Director (Ruby VM start inside, package compiled)', wallTimes(results.cold))}`,
  );
  out.push(
    `  ${formatFigure('b. Director that rendered before (--dry-run first; Ruby start not inside, package compiled)', wallTimes(results.warm))}`,
  );
  out.push(
    `  ${formatFigure("c. after delete-deployment on (a)'s Director (Ruby started, package already compiled)", wallTimes(results.compiled))}`,
  );
  out.push(
    '  Breakdown of the median run of each (stage spans from when their event lines appear, +-10 ms):',
  );
  out.push(
    ...formatBreakdown([
      { label: 'a', run: medianRun(results.cold) },
      { label: 'b', run: medianRun(results.warm) },
      { label: 'c', run: medianRun(results.compiled) },
    ]),
  );
  out.push('', '2. No-change redeploy of the example');
  out.push(`  ${formatFigure('through the API', wallTimes(results.redeploy), ' (target < 1 s)')}`);
  out.push(
    `  ${formatFigure('`bosun deploy -n` (a CLI process: Node start, manifest diff, task follow)', results.cliRedeployMs)}`,
  );
  out.push('  Breakdown of the median API run:');
  out.push(...formatBreakdown([{ label: 'redeploy', run: medianRun(results.redeploy) }]));
  out.push(
    '',
    `3. N instances of a trivial job (monit: a shell loop; no-op pre-start/post-start/post-deploy; no packages)`,
    `   canaries 1, max_in_flight 10, canary/update_watch_time ${TRIVIAL_WATCH_TIME} ms, Director max_threads 4`,
    '   (VMs are created 4 at a time), all in one AZ (updates go AZ by AZ), a fresh deploy each,',
    '   on a Director that rendered before',
  );
  for (const n of sizes) {
    const target = n === 10 ? ' (target < 10 s)' : '';
    out.push(`  ${formatFigure(`N = ${n}`, wallTimes(results.trivial.get(n)!), target)}`);
  }
  out.push('  Breakdown of the median run of each:');
  out.push(
    ...formatBreakdown(sizes.map((n) => ({ label: `N = ${n}`, run: medianRun(results.trivial.get(n)!) }))),
  );
  console.log(out.join('\n'));
}
