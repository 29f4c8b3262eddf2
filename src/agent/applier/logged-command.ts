import { spawn } from 'node:child_process';
import { open } from 'node:fs/promises';

/** A command whose stdout and stderr go to files. */
export interface LoggedCommand {
  command: string;
  args: readonly string[];
  cwd: string;
  env: Readonly<Record<string, string>>;
  /** Truncated and written with mode 0640. */
  stdoutFile: string;
  stderrFile: string;
  /** Aborting sends SIGTERM to the command's process group, then SIGKILL after `killGraceMs`. */
  signal?: AbortSignal | undefined;
  killGraceMs?: number | undefined;
}

/** How a command ended. */
export interface CommandOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * Runs a command in a process group of its own with its output redirected to files, waits
 * for it, and then kills whatever it left running in its group. Rejects only when the
 * command cannot be started; a non-zero exit is an outcome, not an error.
 */
export async function runLoggedCommand(cmd: LoggedCommand): Promise<CommandOutcome> {
  const stdout = await open(cmd.stdoutFile, 'w', 0o640);
  const stderr = await open(cmd.stderrFile, 'w', 0o640).catch(async (e: unknown) => {
    await stdout.close();
    throw e;
  });
  try {
    await Promise.all([stdout.chmod(0o640), stderr.chmod(0o640)]);
    const child = spawn(cmd.command, [...cmd.args], {
      cwd: cmd.cwd,
      env: cmd.env,
      detached: true,
      stdio: ['ignore', stdout.fd, stderr.fd],
    });
    return await new Promise<CommandOutcome>((resolve, reject) => {
      let killTimer: NodeJS.Timeout | undefined;
      const onAbort = (): void => {
        killGroup(child.pid, 'SIGTERM');
        killTimer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), cmd.killGraceMs ?? 10_000);
      };
      cmd.signal?.addEventListener('abort', onAbort, { once: true });
      if (cmd.signal?.aborted === true) onAbort();
      const finish = (): void => {
        cmd.signal?.removeEventListener('abort', onAbort);
        clearTimeout(killTimer);
      };
      child.once('error', (e) => {
        finish();
        reject(e);
      });
      child.once('exit', (exitCode, signal) => {
        finish();
        killGroup(child.pid, 'SIGKILL');
        resolve({ exitCode, signal });
      });
    });
  } finally {
    await stdout.close();
    await stderr.close();
  }
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone, which is what we want.
  }
}
