/**
 * The typed result of parsing a job's `monit` file (reference §3.1). Everything is read-only
 * data: the renderer only checks that a file parses, the agent's supervisor acts on it.
 * Service names, group names and dependency names are kept as written; monit compares them
 * case-insensitively (see `processesInGroup` and `orderMonitServices`).
 */

/** The kinds of `check` stanza monit knows. `check device` is read as `filesystem`. */
export type MonitServiceType =
  'process' | 'file' | 'filesystem' | 'directory' | 'host' | 'system' | 'fifo' | 'program';

/** `mode active|passive|manual`; monit's default is `active`. */
export type MonitMode = 'active' | 'passive' | 'manual';

/**
 * A command monit runs, from `start program "..."` or `then exec "..."`.
 * Monit runs it without a shell: `argv` is what it executes.
 */
export interface MonitCommand {
  /** Line of the `start`/`stop`/`restart`/`exec` keyword. */
  readonly line: number;
  /** The text between the quotes, byte for byte (for display and for the supervisor's logs). */
  readonly command: string;
  /**
   * The argument vector monit 5.2.5 builds: the quoted text split at spaces, tabs and newlines,
   * where a `'single-quoted'` span is one argument (quotes removed, `\n \t \r \\` escapes applied).
   * A command written as `start program '/bin/x y'` (single quotes outside) is one argument, as
   * in monit. Never empty.
   */
  readonly argv: readonly string[];
  /** `as uid <user|number>`, as written; the command runs as this user. */
  readonly uid: string | undefined;
  /** `and gid <group|number>`, as written. */
  readonly gid: string | undefined;
}

/** `start|stop|restart program "..." [as uid u and gid g] [with timeout N seconds]`. */
export interface MonitProgram extends MonitCommand {
  /** Seconds monit waits for the program (and for the process to appear or go); default 30. */
  readonly timeoutSeconds: number;
}

/** What an `if ... then <action>` rule does. `then timeout` (restart limits) is `unmonitor`, as in monit. */
export type MonitAction =
  | { readonly kind: 'alert' | 'restart' | 'start' | 'stop' | 'unmonitor' }
  | { readonly kind: 'exec'; readonly command: MonitCommand };

/** `for N cycles` (count = cycles = N) or `X times within Y cycles`. */
export interface MonitRate {
  readonly count: number;
  readonly cycles: number;
}

/** The `else if succeeded|passed|recovered [rate] then <action>` part of a rule. */
export interface MonitRecovery {
  readonly line: number;
  /** `succeeded`, `passed` or `recovered` plus any rate, as written (whitespace collapsed). */
  readonly condition: string;
  readonly rate: MonitRate | undefined;
  readonly action: MonitAction;
}

/**
 * An `if <condition> then <action> [else if ... then ...]` rule. The condition is kept as text
 * (monit's test grammar is large and the supervisor interprets only what it supports); its rate
 * and, for `if N restarts within M cycles`, the restart limit are parsed.
 */
export interface MonitRule {
  /** Line of the `if`. */
  readonly line: number;
  /** Source text between `if` and `then`, comments removed and whitespace collapsed. */
  readonly condition: string;
  /** The trailing `for N cycles` / `X times within Y cycles`, when written. */
  readonly rate: MonitRate | undefined;
  /** Set for `if <restarts> restarts within <cycles> cycles then ...` (monit's action rate). */
  readonly restartLimit: { readonly restarts: number; readonly cycles: number } | undefined;
  readonly action: MonitAction;
  readonly recovery: MonitRecovery | undefined;
}

/** `every N cycles`, `every "<cron>"` or `not every "<cron>"`. */
export type MonitEvery =
  | { readonly kind: 'cycles'; readonly cycles: number }
  | { readonly kind: 'cron' | 'not-cron'; readonly spec: string };

/** A statement kept as text only: `alert`/`noalert` recipients, `ignore match`, `set ...`. */
export interface MonitStatement {
  readonly line: number;
  /** The statement's source text, comments removed and whitespace collapsed. */
  readonly text: string;
}

/** A global `set <name> ...` statement (`set daemon 10`); `name` is the word after `set`, lower case. */
export interface MonitSetting extends MonitStatement {
  readonly name: string;
}

/** An `include <pattern>` statement. Bosun records it; it does not read the included files. */
export interface MonitInclude {
  readonly line: number;
  readonly pattern: string;
}

/** What every `check` stanza has. */
export interface MonitServiceCommon {
  readonly name: string;
  /** Line of the `check` keyword. */
  readonly line: number;
  readonly start: MonitProgram | undefined;
  readonly stop: MonitProgram | undefined;
  readonly restart: MonitProgram | undefined;
  /** `group <name>`, in order, each once. The agent manages only group `vcap`. */
  readonly groups: readonly string[];
  /** `depends on a, b`, in order, each once. May name services of other jobs' monit files. */
  readonly dependsOn: readonly string[];
  readonly mode: MonitMode;
  readonly every: MonitEvery | undefined;
  readonly rules: readonly MonitRule[];
  /** `alert`, `noalert` and `ignore match` statements, as text. */
  readonly otherStatements: readonly MonitStatement[];
}

/**
 * `check process <name> with pidfile <path>` or `check process <name> matching "<regex>"`:
 * exactly one of `pidfile` and `matching` is set.
 */
export type MonitProcess = MonitServiceCommon & { readonly type: 'process' } & (
    | { readonly pidfile: string; readonly matching: undefined }
    | { readonly pidfile: undefined; readonly matching: string }
  );

/** Any other `check` stanza, kept with its statements so nothing a job declares is lost. */
export interface MonitOtherCheck extends MonitServiceCommon {
  readonly type: Exclude<MonitServiceType, 'process'>;
  /** The `path` of file, filesystem, directory, fifo and program checks; the `address` of a host check. */
  readonly target: string | undefined;
}

/** Any `check` stanza. */
export type MonitService = MonitProcess | MonitOtherCheck;

/** A parsed `monit` file. An empty file (or one with only comments) has no services (§3.1). */
export interface MonitFile {
  /** Every `check` stanza, in file order. */
  readonly services: readonly MonitService[];
  /** The `check process` stanzas, in file order (a subset of `services`). */
  readonly processes: readonly MonitProcess[];
  readonly settings: readonly MonitSetting[];
  readonly includes: readonly MonitInclude[];
}
