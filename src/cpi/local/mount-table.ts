import { readFile } from 'node:fs/promises';
import type { CommandRunner } from '../command-runner.js';
import { CPI_ERROR_TYPES, CpiError } from '../cpi-error.js';

/** Mount points of a mount namespace (`/proc/<pid>/mountinfo`; `self` for this process's). */
export async function readMountPoints(pid: number | 'self' = 'self'): Promise<string[]> {
  const text = await readFile(`/proc/${pid}/mountinfo`, 'utf8');
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) =>
      (l.split(' ')[4] ?? '').replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))),
    );
}

/** Mount points at or below `dir` in this process's mount namespace. */
export async function listMountsUnder(dir: string): Promise<string[]> {
  return (await readMountPoints()).filter((m) => m === dir || m.startsWith(`${dir}/`));
}

const NSENTER_TIMEOUT_MS = 30_000;

/**
 * Runs `mount`/`umount` in the mount namespace of the VM whose PID 1 is `initPid`
 * (`nsenter --target <pid> --mount`), so the change is seen inside the running VM only.
 */
export async function runInVmMountNamespace(
  runner: CommandRunner,
  env: Readonly<Record<string, string>>,
  initPid: number,
  argv: readonly string[],
): Promise<void> {
  const full = ['nsenter', `--target=${initPid}`, '--mount', '--', ...argv];
  const result = await runner.run({ argv: full, env, timeoutMs: NSENTER_TIMEOUT_MS });
  if (result.exitCode !== 0) {
    throw new CpiError(
      CPI_ERROR_TYPES.cloud,
      `'${argv.join(' ')}' in the VM failed (exit code ${String(result.exitCode)}): ${result.stderr.trim()}`,
    );
  }
}
