/** A monit start or stop program to run. */
export interface ProgramRequest {
  /** Executed directly, without a shell, as monit does (the parser's `argv`). */
  readonly argv: readonly string[];
  /** The complete environment. */
  readonly env: Readonly<Record<string, string>>;
  /** `as uid <user|number>` and `and gid <group|number>`, as written in the monit file. */
  readonly user: string | undefined;
  readonly group: string | undefined;
  /** Files its stdout and stderr are appended to (created with mode 0640, directory included). */
  readonly stdoutPath: string;
  readonly stderrPath: string;
}

/** How a program ended. */
export interface ProgramExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A program that has been started. */
export interface RunningProgram {
  /** Its pid, which is also its process group id: it leads a new session. */
  readonly pid: number;
  /** Resolves once the program has exited and been reaped; never rejects. */
  readonly exit: Promise<ProgramExit>;
  /** The last lines this run wrote to stderr ('' when none), for logs and errors. */
  stderrTail(): Promise<string>;
}

/**
 * Starts programs as the leaders of new process groups, with their output appended to files
 * (never pipes: a daemon the program leaves behind keeps writing there without blocking).
 * Timeouts and signals are the caller's: it owns the clock.
 */
export interface ProgramRunner {
  /** Resolves once the program runs; rejects (BosunError `PROGRAM_NOT_EXECUTABLE`) when it cannot be executed. */
  spawn(request: ProgramRequest): Promise<RunningProgram>;
}

/** `exited with status 1`, `killed by signal SIGKILL`: for logs. */
export function describeExit(exit: ProgramExit): string {
  return exit.signal !== null ? `killed by signal ${exit.signal}` : `exited with status ${exit.code ?? '?'}`;
}
