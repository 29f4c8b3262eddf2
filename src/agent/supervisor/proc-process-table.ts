import { readdirSync, readFileSync } from 'node:fs';
import type { ProcessInfo, ProcessTable } from './process-table.js';

/**
 * Clock ticks per second of `/proc/<pid>/stat` times (sysconf(_SC_CLK_TCK)); the kernel's
 * USER_HZ is 100 on every Linux architecture Node supports.
 */
const TICKS_PER_SECOND = 100;

/**
 * The ProcessTable of a Linux machine: `/proc` and kill(2).
 *
 * Reads are synchronous on purpose: procfs (and a pidfile under `sys/run`, a tmpfs on a
 * stemcell) never waits for a disk, and the supervisor reads two such files per process five
 * times a second. `readFileSync` of a small file costs about 10 µs; `fs.promises.readFile`
 * about 0.4 ms of CPU (four thread-pool round trips), which made idle polling of ten processes
 * cost 4% of a core instead of under 1%.
 */
export class ProcProcessTable implements ProcessTable {
  readonly ownPid: number;
  readonly ownPgid: number;
  private readonly procDir: string;
  private bootTimeMs: number | undefined;

  constructor(procDir = '/proc') {
    this.procDir = procDir;
    this.ownPid = process.pid;
    const own = parseStat(readSmallFile(`${procDir}/self/stat`) ?? '', 0);
    this.ownPgid = own?.pgid ?? process.pid;
  }

  readPidfile(path: string): Promise<number | undefined> {
    const m = /^\s*(\d+)/.exec(readSmallFile(path) ?? '');
    const pid = m?.[1] === undefined ? NaN : Number(m[1]);
    return Promise.resolve(Number.isSafeInteger(pid) && pid > 0 ? pid : undefined);
  }

  inspect(pid: number): Promise<ProcessInfo | undefined> {
    return Promise.resolve(this.statOf(String(pid)));
  }

  list(): Promise<readonly ProcessInfo[]> {
    const infos = readdirSync(this.procDir)
      .filter((entry) => /^\d+$/.test(entry))
      .map((entry) => this.statOf(entry));
    return Promise.resolve(infos.filter((info): info is ProcessInfo => info !== undefined));
  }

  childrenOf(pid: number): Promise<readonly number[]> {
    let tasks: string[];
    try {
      tasks = readdirSync(`${this.procDir}/${pid}/task`);
    } catch {
      return Promise.resolve([]);
    }
    const children = tasks.flatMap((task) => {
      const text = readSmallFile(`${this.procDir}/${pid}/task/${task}/children`);
      return text === undefined
        ? []
        : text
            .split(' ')
            .filter((s) => s !== '')
            .map(Number);
    });
    return Promise.resolve(children);
  }

  commandLine(pid: number): Promise<string | undefined> {
    const text = readSmallFile(`${this.procDir}/${pid}/cmdline`);
    return Promise.resolve(text?.replace(/\0+$/, '').replace(/\0/g, ' '));
  }

  residentKb(pid: number): Promise<number> {
    const text = readSmallFile(`${this.procDir}/${pid}/status`) ?? '';
    return Promise.resolve(Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(text)?.[1] ?? 0));
  }

  memoryTotalKb(): Promise<number> {
    const text = readSmallFile(`${this.procDir}/meminfo`) ?? '';
    return Promise.resolve(Number(/^MemTotal:\s+(\d+)\s+kB/m.exec(text)?.[1] ?? 0));
  }

  signal(pid: number, signal: NodeJS.Signals): boolean {
    try {
      process.kill(pid, signal);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
      throw e;
    }
  }

  private statOf(pid: string): ProcessInfo | undefined {
    const text = readSmallFile(`${this.procDir}/${pid}/stat`);
    return text === undefined ? undefined : parseStat(text, this.bootMs());
  }

  private bootMs(): number {
    this.bootTimeMs ??=
      Number(/^btime\s+(\d+)/m.exec(readSmallFile(`${this.procDir}/stat`) ?? '')?.[1] ?? 0) * 1000;
    return this.bootTimeMs;
  }
}

/** A file's text, or undefined when it cannot be read (a process that has gone). */
function readSmallFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Parses `/proc/<pid>/stat`. The command name is in parentheses and may itself contain spaces
 * and parentheses, so fields are counted from the last `)`.
 */
export function parseStat(text: string, bootTimeMs: number): ProcessInfo | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  // After ')': state(3) ppid(4) pgrp(5) ... utime(14) stime(15) ... starttime(22), 1-based.
  const f = text.slice(close + 2).split(' ');
  const num = (i: number): number => Number(f[i - 3]);
  const pid = Number(text.slice(0, open).trim());
  if (!Number.isSafeInteger(pid) || f.length < 20) return undefined;
  return {
    pid,
    state: f[0] ?? '?',
    ppid: num(4),
    pgid: num(5),
    cpuSeconds: (num(14) + num(15)) / TICKS_PER_SECOND,
    startTimeMs: bootTimeMs + (num(22) * 1000) / TICKS_PER_SECOND,
  };
}
