/** One process as the supervisor sees it (from `/proc/<pid>/stat` on Linux). */
export interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  /** Process group id. */
  readonly pgid: number;
  /** The kernel's state letter: `R`, `S`, `D`, `T`, `Z` (zombie), `X` (dead), ... */
  readonly state: string;
  /** When the process started, in ms since the Unix epoch. */
  readonly startTimeMs: number;
  /** User plus system CPU time the process has used, in seconds. */
  readonly cpuSeconds: number;
}

/** True for a process that is still running: present and neither a zombie nor dead. */
export function isLive(info: ProcessInfo | undefined): info is ProcessInfo {
  return info !== undefined && info.state !== 'Z' && info.state !== 'X';
}

/**
 * What the supervisor reads about processes and how it signals them: the port over `/proc`
 * and kill(2), so that its state machines run against a hand-written fake in tests.
 * Every read resolves undefined (or 0) for a process that has gone, never rejects for that.
 */
export interface ProcessTable {
  /** The agent's own pid and process group: never signalled, never a target. */
  readonly ownPid: number;
  readonly ownPgid: number;
  /** The pid written in a pidfile (its first integer), or undefined when missing or not a pid. */
  readPidfile(path: string): Promise<number | undefined>;
  /** One process, or undefined when there is none with that pid. */
  inspect(pid: number): Promise<ProcessInfo | undefined>;
  /** Every process of the machine (of the agent's PID namespace). */
  list(): Promise<readonly ProcessInfo[]>;
  /** The pids of the direct children of `pid` (of all its threads); [] when gone. */
  childrenOf(pid: number): Promise<readonly number[]>;
  /** The command line, arguments joined by spaces (monit's `matching`), or undefined when gone. */
  commandLine(pid: number): Promise<string | undefined>;
  /** Resident memory in KiB; 0 when gone. */
  residentKb(pid: number): Promise<number>;
  /** The machine's memory in KiB. */
  memoryTotalKb(): Promise<number>;
  /**
   * kill(2): a negative `pid` is a process group. False when nothing has that id (ESRCH); other
   * errors (EPERM) throw.
   */
  signal(pid: number, signal: NodeJS.Signals): boolean;
}

/** The live descendants of `rootPid` (children, grandchildren, ...), from one listing. Pure. */
export function descendantsOf(rootPid: number, processes: readonly ProcessInfo[]): ProcessInfo[] {
  const byParent = new Map<number, ProcessInfo[]>();
  for (const p of processes) byParent.set(p.ppid, [...(byParent.get(p.ppid) ?? []), p]);
  const found: ProcessInfo[] = [];
  const queue = [rootPid];
  const seen = new Set<number>(queue);
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    for (const child of byParent.get(pid) ?? []) {
      if (seen.has(child.pid)) continue;
      seen.add(child.pid);
      queue.push(child.pid);
      if (isLive(child)) found.push(child);
    }
  }
  return found;
}
