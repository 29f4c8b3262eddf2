/*
 * Hand-written fakes of the supervisor's ports, for its unit tests (not used by the agent):
 * a process table with parents, process groups, zombies and signals; the native addon; and a
 * program runner whose programs are small scripts acting on the fake table.
 */
import { BosunError, type Clock, type NativeProcess, type ReapedStatus } from '../../base/index.js';
import type { ProcessInfo, ProcessTable } from './process-table.js';
import type { ProgramExit, ProgramRequest, ProgramRunner, RunningProgram } from './program-runner.js';

export interface FakeProcess {
  readonly pid: number;
  ppid: number;
  pgid: number;
  state: 'S' | 'Z';
  readonly startTimeMs: number;
  cpuSeconds: number;
  rssKb: number;
  commandLine: string;
  /** Spawned through node:child_process: libuv reaps it, never `native.reap`. */
  readonly isNodeChild: boolean;
  /** Signals it survives: SIGTERM (a trap), even SIGKILL (stuck in the kernel). */
  readonly ignores: Set<NodeJS.Signals>;
  exit: ReapedStatus | undefined;
}

const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGTERM: 15, SIGKILL: 9 };

export class FakeProcessWorld implements ProcessTable {
  readonly ownPid = 100;
  readonly ownPgid = 100;
  readonly processes = new Map<number, FakeProcess>();
  readonly pidfiles = new Map<string, number>();
  /** Every signal sent, as `SIGTERM 2001` or `SIGKILL -2000` (a group). */
  readonly signalsSent: string[] = [];
  private nextPid = 2000;
  private readonly exitListeners = new Map<number, ((exit: ReapedStatus) => void)[]>();

  constructor(private readonly clock: Clock) {}

  spawn(options: {
    ppid: number;
    pgid?: number;
    isNodeChild?: boolean;
    ignores?: NodeJS.Signals[];
    commandLine?: string;
  }): FakeProcess {
    const pid = (this.nextPid += 1);
    const process: FakeProcess = {
      pid,
      ppid: options.ppid,
      pgid: options.pgid ?? pid,
      state: 'S',
      startTimeMs: this.clock.nowMs(),
      cpuSeconds: 0,
      rssKb: 1000,
      commandLine: options.commandLine ?? `process-${pid}`,
      isNodeChild: options.isNodeChild ?? false,
      ignores: new Set(options.ignores ?? []),
      exit: undefined,
    };
    this.processes.set(pid, process);
    return process;
  }

  /** Ends a process. Its children go to the agent (a subreaper); it stays a zombie when it is the agent's re-parented child. */
  end(pid: number, exit: ReapedStatus): void {
    const p = this.processes.get(pid);
    if (p === undefined || p.state === 'Z') return;
    for (const child of this.processes.values()) if (child.ppid === pid) child.ppid = this.ownPid;
    if (p.ppid === this.ownPid && !p.isNodeChild) {
      p.state = 'Z';
      p.exit = exit;
    } else {
      this.processes.delete(pid);
    }
    for (const listener of this.exitListeners.get(pid) ?? []) listener(exit);
    this.exitListeners.delete(pid);
  }

  onExit(pid: number, listener: (exit: ReapedStatus) => void): void {
    this.exitListeners.set(pid, [...(this.exitListeners.get(pid) ?? []), listener]);
  }

  isAlive(pid: number): boolean {
    return this.processes.get(pid)?.state === 'S';
  }

  /** Live processes other than the agent. */
  liveProcesses(): FakeProcess[] {
    return [...this.processes.values()].filter((p) => p.state === 'S');
  }

  readPidfile(path: string): Promise<number | undefined> {
    return Promise.resolve(this.pidfiles.get(path));
  }

  inspect(pid: number): Promise<ProcessInfo | undefined> {
    const p = this.processes.get(pid);
    return Promise.resolve(p === undefined ? undefined : infoOf(p));
  }

  list(): Promise<readonly ProcessInfo[]> {
    return Promise.resolve([...this.processes.values()].map(infoOf));
  }

  childrenOf(pid: number): Promise<readonly number[]> {
    return Promise.resolve([...this.processes.values()].filter((p) => p.ppid === pid).map((p) => p.pid));
  }

  commandLine(pid: number): Promise<string | undefined> {
    return Promise.resolve(this.processes.get(pid)?.commandLine);
  }

  residentKb(pid: number): Promise<number> {
    return Promise.resolve(this.processes.get(pid)?.rssKb ?? 0);
  }

  memoryTotalKb(): Promise<number> {
    return Promise.resolve(1_000_000);
  }

  signal(pid: number, signal: NodeJS.Signals): boolean {
    if (pid === -this.ownPgid || pid === this.ownPid || pid === -1 || pid === 0) {
      throw new Error(`the supervisor signalled the agent itself (${pid})`);
    }
    this.signalsSent.push(`${signal} ${pid}`);
    const targets = [...this.processes.values()].filter(
      (p) => p.state === 'S' && (pid < 0 ? p.pgid === -pid : p.pid === pid),
    );
    for (const target of targets) {
      if (!target.ignores.has(signal))
        this.end(target.pid, { code: null, signal: SIGNAL_NUMBERS[signal] ?? 0 });
    }
    return targets.length > 0;
  }
}

function infoOf(p: FakeProcess): ProcessInfo {
  return {
    pid: p.pid,
    ppid: p.ppid,
    pgid: p.pgid,
    state: p.state,
    startTimeMs: p.startTimeMs,
    cpuSeconds: p.cpuSeconds,
  };
}

export class FakeNative implements NativeProcess {
  isSubreaper = false;
  readonly reaped: number[] = [];

  constructor(private readonly world: FakeProcessWorld) {}

  setChildSubreaper(): void {
    this.isSubreaper = true;
  }

  reap(pid: number): ReapedStatus | 'not-a-child' | null {
    const p = this.world.processes.get(pid);
    if (p?.isNodeChild === true) throw new Error(`reap(${pid}) of a node:child_process child: libuv owns it`);
    if (p === undefined || p.ppid !== this.world.ownPid) return 'not-a-child';
    if (p.state !== 'Z') return null;
    this.world.processes.delete(pid);
    this.reaped.push(pid);
    return p.exit ?? { code: 0, signal: null };
  }
}

/** One run of a fake program. */
export interface FakeRun {
  readonly world: FakeProcessWorld;
  /** The program's pid, also its process group. */
  readonly pid: number;
  readonly request: ProgramRequest;
  writeStderr(text: string): void;
}

/** A fake program: its exit code, or `hang` to run until signalled. */
export type FakeProgram = (run: FakeRun) => number | 'hang';

export class FakeProgramRunner implements ProgramRunner {
  /** Programs by command line (`argv` joined by spaces); an unknown one exits 0 at once. */
  readonly programs = new Map<string, FakeProgram>();
  /** Command lines that cannot be executed. */
  readonly unexecutable = new Set<string>();
  /** Every command line run, in order. */
  readonly commands: string[] = [];

  constructor(private readonly world: FakeProcessWorld) {}

  spawn(request: ProgramRequest): Promise<RunningProgram> {
    const command = request.argv.join(' ');
    if (this.unexecutable.has(command)) {
      return Promise.reject(
        new BosunError('PROGRAM_NOT_EXECUTABLE', `'${request.argv[0]}' could not be executed: no such file`),
      );
    }
    this.commands.push(command);
    const world = this.world;
    const proc = world.spawn({ ppid: world.ownPid, isNodeChild: true, commandLine: command });
    let stderr = '';
    const exit = new Promise<ProgramExit>((resolve) =>
      world.onExit(proc.pid, (e) =>
        resolve({ code: e.code, signal: e.signal === 9 ? 'SIGKILL' : e.signal === 15 ? 'SIGTERM' : null }),
      ),
    );
    const program = this.programs.get(command) ?? (() => 0);
    const result = program({ world, pid: proc.pid, request, writeStderr: (text) => (stderr += text) });
    if (result !== 'hang') world.end(proc.pid, { code: result, signal: null });
    return Promise.resolve({ pid: proc.pid, exit, stderrTail: () => Promise.resolve(stderr.trimEnd()) });
  }
}

/** A ctl `start`: backgrounds a daemon in its own process group and writes its pid to `pidfile`. */
export function daemonizingStart(pidfile: string, options: { ignores?: NodeJS.Signals[] } = {}): FakeProgram {
  return (run) => {
    const daemon = run.world.spawn({ ppid: run.pid, pgid: run.pid, ...options });
    run.world.pidfiles.set(pidfile, daemon.pid);
    return 0;
  };
}

/** A ctl `stop`: SIGTERM to the pid in `pidfile`. */
export function killingStop(pidfile: string): FakeProgram {
  return (run) => {
    const pid = run.world.pidfiles.get(pidfile);
    if (pid !== undefined) run.world.signal(pid, 'SIGTERM');
    return 0;
  };
}
