import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import type { Readable } from 'node:stream';
import type { Clock } from '../../base/index.js';
import { describeError } from '../../base/index.js';
import { findExecProblem } from './exec-check.js';
import { CappedCapture } from './output-capture.js';
import { isProcessGroupAlive, signalProcessGroup } from './process-group.js';

/** Where a script's stdout or stderr goes: an open file (a log) or memory (last N bytes kept). */
export type OutputTarget = { readonly fd: number } | { readonly captureBytes: number };

/** One run of one script: what to execute and how. */
export interface ScriptProcessOptions {
  /** Absolute path, executed directly: no shell. */
  readonly path: string;
  readonly args: readonly string[];
  /** The complete environment of the child. */
  readonly env: Readonly<Record<string, string>>;
  /** The child's absolute nice value; unchanged (the agent's) when absent. */
  readonly niceness?: number;
  readonly stdout: OutputTarget;
  readonly stderr: OutputTarget;
  /** Cancels the run: SIGTERM to the process group, SIGKILL `killGraceMs` later if any of it is left. */
  readonly signal?: AbortSignal;
  readonly clock: Clock;
  readonly killGraceMs: number;
}

/** How one run ended. Exactly one of `exitCode`, `signal`, `execError` is set, unless cancelled before start. */
export interface ScriptExit {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Why the script could not be executed (names the script), when it could not. */
  readonly execError?: string;
  /** True when `signal` aborted the run before the script ended by itself. */
  readonly cancelled: boolean;
  /** Captured output ('' for a file target). */
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs one script to its end. The role the hook runners use: tests of the drain loop pass a
 * hand-written fake, the agent passes {@link runScriptProcess}.
 */
export type ScriptProcessRunner = (options: ScriptProcessOptions) => Promise<ScriptExit>;

/** After the script exits, how long its pipes may stay open (held by a child it left behind). */
const PIPE_CLOSE_GRACE_MS = 2000;
const GROUP_POLL_MS = 100;

/**
 * Runs a script as the leader of a new process group (setsid) and resolves once it has been
 * reaped. Never rejects for the script's sake: failure to exec is reported in `execError`.
 * On cancel the whole group gets SIGTERM, then SIGKILL after the grace period if any member
 * is still alive; the promise resolves only after that.
 */
export async function runScriptProcess(options: ScriptProcessOptions): Promise<ScriptExit> {
  const { path, signal } = options;
  const empty = { exitCode: null, signal: null, stdout: '', stderr: '' };
  const problem = await findExecProblem(path);
  if (problem !== undefined) return { ...empty, execError: problem, cancelled: false };
  if (signal?.aborted === true) return { ...empty, cancelled: true };

  const child = spawn(path, [...options.args], {
    detached: true,
    env: options.env,
    stdio: ['ignore', stdioOf(options.stdout), stdioOf(options.stderr)],
  });
  const captures = [capture(child.stdout, options.stdout), capture(child.stderr, options.stderr)] as const;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, sig) => resolve({ code, signal: sig })),
  );
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const started = await new Promise<Error | undefined>((resolve) => {
    child.once('spawn', () => resolve(undefined));
    child.once('error', (e) => resolve(e));
  });
  if (started !== undefined || child.pid === undefined) {
    child.stdout?.destroy();
    child.stderr?.destroy();
    const why = (await findExecProblem(path)) ?? `'${path}' could not be executed: ${describeError(started)}`;
    return { ...empty, execError: why, cancelled: false };
  }
  const pgid = child.pid;
  child.on('error', () => undefined); // later errors (none expected: we signal with process.kill) must not crash the agent
  if (options.niceness !== undefined) {
    try {
      setPriority(pgid, options.niceness);
    } catch {
      // The script may already have exited (ESRCH); nothing is left to lower.
    }
    // Node cannot lower the priority between fork and exec, so this runs just after exec:
    // whatever the script forks in its first instant keeps the agent's priority.
  }

  let termination: Promise<void> | undefined;
  let hasExited = false;
  const onAbort = (): void => {
    termination ??= terminateGroup(pgid, options.clock, options.killGraceMs, () => hasExited);
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  if (isAborted(signal)) onAbort(); // aborted while the child was starting
  try {
    const status = await exited;
    hasExited = true;
    await waitForPipes(closed, options.clock, child.stdout, child.stderr);
    if (termination !== undefined) await termination;
    return {
      exitCode: status.code,
      signal: status.signal,
      cancelled: termination !== undefined,
      stdout: captures[0]?.text() ?? '',
      stderr: captures[1]?.text() ?? '',
    };
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/** Reads `aborted` afresh (an earlier check must not narrow it: it changes while we await). */
function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

function stdioOf(target: OutputTarget): 'pipe' | number {
  return 'fd' in target ? target.fd : 'pipe';
}

function capture(stream: Readable | null, target: OutputTarget): CappedCapture | undefined {
  if (stream === null || !('captureBytes' in target)) return undefined;
  const kept = new CappedCapture(target.captureBytes);
  stream.on('data', (chunk: Buffer) => kept.append(chunk));
  return kept;
}

async function waitForPipes(
  closed: Promise<void>,
  clock: Clock,
  ...streams: (Readable | null)[]
): Promise<void> {
  const timer = new AbortController();
  const timedOut = clock.sleep(PIPE_CLOSE_GRACE_MS, timer.signal).then(
    () => true,
    () => false,
  );
  const isTimedOut = await Promise.race([closed.then(() => false), timedOut]);
  timer.abort();
  if (isTimedOut) for (const stream of streams) stream?.destroy();
}

/** SIGTERM to the group; SIGKILL once `graceMs` has passed while a member is still alive. */
async function terminateGroup(
  pgid: number,
  clock: Clock,
  graceMs: number,
  hasExited: () => boolean,
): Promise<void> {
  if (!signalProcessGroup(pgid, 'SIGTERM')) return;
  const deadline = clock.nowMs() + graceMs;
  for (;;) {
    if (hasExited() && !(await isProcessGroupAlive(pgid))) return;
    const left = deadline - clock.nowMs();
    if (left <= 0) break;
    await clock.sleep(Math.min(GROUP_POLL_MS, left));
  }
  signalProcessGroup(pgid, 'SIGKILL');
}
