import { readdir, readFile } from 'node:fs/promises';

/**
 * Sends `signal` (0: only probe) to every process of the group `pgid`. Returns false when the
 * group is gone (ESRCH) or not ours to signal (EPERM, as BOSH's agent treats it); never throws
 * for either, so a cancel can never crash the agent.
 */
export function signalProcessGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ESRCH' || code === 'EPERM') return false;
    throw e;
  }
}

/**
 * True while a live (not zombie) process belongs to the group `pgid`. Reads `/proc` because
 * `kill(-pgid, 0)` also succeeds for zombies nobody has reaped yet; falls back to it where
 * `/proc` cannot be read.
 */
export async function isProcessGroupAlive(pgid: number): Promise<boolean> {
  const entries = await readdir('/proc').catch(() => undefined);
  if (entries === undefined) return signalProcessGroup(pgid, 0);
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => undefined);
    if (stat === undefined) continue;
    // Fields after the parenthesised command name: state ppid pgrp ...
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') return true;
  }
  return false;
}
