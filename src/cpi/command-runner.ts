import { spawn } from 'node:child_process';
import { BosunError, describeError } from '../base/index.js';

/** One command to run to completion. */
export interface CommandRequest {
  /** Program and arguments; the program is looked up on the child's `PATH`. */
  readonly argv: readonly string[];
  /** Written to stdin, which is then closed. Stdin is empty when omitted. */
  readonly stdin?: string;
  /** The child's whole environment (nothing is inherited). */
  readonly env: Readonly<Record<string, string>>;
  /** Deadline; the process group is killed when it passes. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/** How a command ended, with everything it wrote. */
export interface CommandResult {
  readonly exitCode: number | null;
  readonly exitSignal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

/**
 * Runs short commands (`ip`, `nsenter`, a CPI executable). `run` resolves once the process
 * has been reaped, whatever its exit code; it rejects only when the command cannot start
 * (`COMMAND_NOT_STARTED`), passes its deadline (`COMMAND_TIMED_OUT`) or is cancelled
 * (`COMMAND_ABORTED`), and then only after its process group has been killed and reaped.
 */
export interface CommandRunner {
  run(request: CommandRequest): Promise<CommandResult>;
}

const KILL_GRACE_MS = 3000;
const STREAM_DRAIN_MS = 2000;

/** The real runner: each command in its own process group, output captured in memory. */
export const nodeCommandRunner: CommandRunner = {
  run: (request) => runCommand(request),
};

function runCommand(request: CommandRequest): Promise<CommandResult> {
  const [program, ...args] = request.argv;
  if (program === undefined) return Promise.reject(new BosunError('COMMAND_NOT_STARTED', 'No command given'));
  const startedMs = Date.now();
  return new Promise<CommandResult>((resolve, reject) => {
    const child = spawn(program, args, {
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...request.env },
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let stopReason: BosunError | undefined;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    let drainTimer: NodeJS.Timeout | undefined;

    const killGroup = (sig: NodeJS.Signals): void => {
      if (child.pid === undefined || exit !== undefined) return;
      try {
        process.kill(-child.pid, sig);
      } catch {
        // The group is already gone.
      }
    };
    const stop = (reason: BosunError): void => {
      if (stopReason !== undefined || exit !== undefined) return;
      stopReason = reason;
      killGroup('SIGTERM');
      killTimer = setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS);
    };
    const deadline = setTimeout(
      () =>
        stop(
          new BosunError('COMMAND_TIMED_OUT', `'${program}' did not finish within ${request.timeoutMs} ms`),
        ),
      request.timeoutMs,
    );
    const onAbort = (): void =>
      stop(
        new BosunError('COMMAND_ABORTED', `'${program}' was cancelled`, { cause: request.signal?.reason }),
      );
    request.signal?.addEventListener('abort', onAbort, { once: true });
    if (request.signal?.aborted === true) onAbort();

    let settled = false;
    const finish = (): void => {
      if (settled || exit === undefined) return;
      settled = true;
      clearTimeout(deadline);
      clearTimeout(killTimer);
      clearTimeout(drainTimer);
      request.signal?.removeEventListener('abort', onAbort);
      if (stopReason !== undefined) {
        reject(stopReason);
        return;
      }
      resolve({
        exitCode: exit.code,
        exitSignal: exit.signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        durationMs: Date.now() - startedMs,
      });
    };

    child.stdout.on('data', (c: Buffer) => stdout.push(c));
    child.stderr.on('data', (c: Buffer) => stderr.push(c));
    child.stdin.on('error', () => {
      // A command that exits without reading its stdin closes the pipe; its exit tells the story.
    });
    child.on('error', (e) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      request.signal?.removeEventListener('abort', onAbort);
      reject(
        new BosunError('COMMAND_NOT_STARTED', `Cannot run '${program}': ${describeError(e)}`, { cause: e }),
      );
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      // A descendant may still hold stdout open; do not wait for it forever.
      drainTimer = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish();
      }, STREAM_DRAIN_MS);
    });
    child.on('close', finish);
    child.stdin.end(request.stdin ?? '');
  });
}
