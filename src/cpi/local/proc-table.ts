import { readdir, readFile, readlink } from 'node:fs/promises';

/** A process as `/proc/<pid>/stat` shows it. */
export interface ProcStat {
  readonly pid: number;
  /** `R`, `S`, `D`, `Z` (zombie), ... */
  readonly state: string;
  readonly ppid: number;
  /** Start time in clock ticks after boot; with the pid, identifies one process for good. */
  readonly startTicks: number;
}

/** Reads `/proc/<pid>/stat`; null when there is no such process. */
export async function readProcStat(pid: number): Promise<ProcStat | null> {
  let text: string;
  try {
    text = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) may contain spaces and parentheses: split after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { pid, state: fields[0] ?? '?', ppid: Number(fields[1]), startTicks: Number(fields[19]) };
}

/** True while `pid` is the process that started at `startTicks` and is not a zombie. */
export async function isSameProcessAlive(pid: number, startTicks: number): Promise<boolean> {
  const stat = await readProcStat(pid);
  return stat !== null && stat.startTicks === startTicks && stat.state !== 'Z';
}

/** `pid:[4026532317]` for a live process, null when it is gone. */
export async function readPidNamespace(pid: number): Promise<string | null> {
  try {
    return await readlink(`/proc/${pid}/ns/pid`);
  } catch {
    return null;
  }
}

async function listPids(): Promise<number[]> {
  const names = await readdir('/proc');
  return names.filter((n) => /^\d+$/.test(n)).map(Number);
}

/** Every live (non-zombie) process in the PID namespace `pidNamespace`. */
export async function listPidsInNamespace(pidNamespace: string): Promise<number[]> {
  const found: number[] = [];
  for (const pid of await listPids()) {
    if ((await readPidNamespace(pid)) !== pidNamespace) continue;
    const stat = await readProcStat(pid);
    if (stat !== null && stat.state !== 'Z') found.push(pid);
  }
  return found;
}

/** The children of `pid` (any state). */
export async function listChildren(pid: number): Promise<number[]> {
  try {
    const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8');
    return text
      .split(' ')
      .filter((t) => t.trim() !== '')
      .map(Number);
  } catch {
    // Kernels without CONFIG_PROC_CHILDREN: scan the process table.
  }
  const children: number[] = [];
  for (const candidate of await listPids()) {
    const stat = await readProcStat(candidate);
    if (stat?.ppid === pid) children.push(candidate);
  }
  return children;
}

/** Sends `signal` to `pid`, ignoring a process that is already gone. */
export function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
  }
}

/**
 * True when `pid` has a handler for signal number `signo` (`SigCgt` of `/proc/<pid>/status`).
 * A PID namespace's init receives from outside only the signals it handles (and SIGKILL).
 */
export async function catchesSignal(pid: number, signo: number): Promise<boolean> {
  const text = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const mask = /^SigCgt:\s*([0-9a-f]+)$/m.exec(text)?.[1];
  return mask !== undefined && (BigInt(`0x${mask}`) & (1n << BigInt(signo - 1))) !== 0n;
}
