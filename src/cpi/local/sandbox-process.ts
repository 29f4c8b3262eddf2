import { spawn } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { readFile, rm, stat } from 'node:fs/promises';
import { describeError, type Clock } from '../../base/index.js';
import { CPI_ERROR_TYPES, CpiError } from '../cpi-error.js';
import {
  catchesSignal,
  isSameProcessAlive,
  listChildren,
  listPidsInNamespace,
  readPidNamespace,
  readProcStat,
  signalProcess,
} from './proc-table.js';
import type { SandboxState } from './local-records.js';

/** How to start one VM's sandbox. */
export interface SandboxLaunch {
  /** The VM's network namespace, `/run/netns/<name>`. */
  readonly netnsPath: string;
  /** From `renderSandboxInitScript`. */
  readonly initScript: string;
  /** The VM's first process (normally the agent). */
  readonly command: readonly string[];
  /** The command's whole environment. */
  readonly env: Readonly<Record<string, string>>;
  /** Receives the sandbox's stdout and stderr (the VM's console). */
  readonly consoleLog: string;
  /** The file the init script writes once the sandbox is set up. */
  readonly readyFile: string;
  readonly timeoutMs: number;
  readonly clock: Clock;
  readonly signal?: AbortSignal;
}

const POLL_MS = 20;
/** A command that cannot be executed dies right after the ready mark; wait this long to see it. */
const SETTLE_MS = 150;
const KILL_WAIT_MS = 10_000;
const SIGTERM = 15;

/**
 * The argv that starts a sandbox: enter the VM's network namespace, then create new PID,
 * mount and UTS namespaces with `/proc` remounted for the new PID namespace and mount events
 * from the host propagated in (so that `ip netns delete` elsewhere is seen) but none out.
 * `--kill-child` ties the VM to the `unshare` process: killing it kills the VM.
 */
export function sandboxArgv(launch: Pick<SandboxLaunch, 'netnsPath' | 'initScript' | 'command'>): string[] {
  return [
    'nsenter',
    `--net=${launch.netnsPath}`,
    '--',
    'unshare',
    '--pid',
    '--fork',
    '--kill-child',
    '--mount-proc',
    '--mount',
    '--uts',
    '--propagation',
    'slave',
    '--',
    '/bin/sh',
    launch.initScript,
    ...launch.command,
  ];
}

/**
 * Starts a sandbox detached from this process (its own session, stdio to the console log),
 * so it outlives the CPI call that made it, and resolves once its init has set it up and
 * exec'd the command. Fails, leaving nothing running, when it dies or times out first.
 */
export async function startSandbox(launch: SandboxLaunch): Promise<SandboxState> {
  await rm(launch.readyFile, { force: true });
  const consoleFd = openSync(launch.consoleLog, 'a');
  const [program, ...args] = sandboxArgv(launch);
  let child;
  try {
    writeSync(consoleFd, `--- sandbox starting at ${new Date(launch.clock.nowMs()).toISOString()}\n`);
    child = spawn(program ?? 'nsenter', args, {
      detached: true,
      stdio: ['ignore', consoleFd, consoleFd],
      env: { ...launch.env },
    });
  } finally {
    closeSync(consoleFd);
  }
  let exit: string | undefined;
  child.on('exit', (code, signal) => {
    exit = signal === null ? `exit code ${String(code)}` : `signal ${signal}`;
  });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (e) =>
      reject(
        new CpiError(CPI_ERROR_TYPES.cloud, `Cannot start the sandbox: ${describeError(e)}`, { cause: e }),
      ),
    );
  });
  child.unref();
  const launcherPid = child.pid ?? 0;
  const fail = async (why: string): Promise<never> => {
    signalProcess(launcherPid, 'SIGKILL');
    throw new CpiError(
      CPI_ERROR_TYPES.vmCreationFailed,
      `The sandbox ${why}${await consoleTail(launch.consoleLog)}`,
    );
  };
  const deadlineMs = launch.clock.nowMs() + launch.timeoutMs;
  while (!(await exists(launch.readyFile))) {
    if (exit !== undefined) return fail(`exited (${exit}) before it was set up`);
    if (launch.signal?.aborted === true) return fail('start was cancelled');
    if (launch.clock.nowMs() > deadlineMs) return fail(`was not set up within ${launch.timeoutMs} ms`);
    await launch.clock.sleep(POLL_MS);
  }
  const [initPid] = await listChildren(launcherPid);
  const initStat = initPid === undefined ? null : await readProcStat(initPid);
  const pidNamespace = initPid === undefined ? null : await readPidNamespace(initPid);
  await launch.clock.sleep(SETTLE_MS);
  if (
    initPid === undefined ||
    initStat === null ||
    pidNamespace === null ||
    !(await isSameProcessAlive(initPid, initStat.startTicks))
  ) {
    return fail(
      `command '${launch.command.join(' ')}' exited right after it started${exit === undefined ? '' : ` (${exit})`}`,
    );
  }
  return {
    launcher_pid: launcherPid,
    init_pid: initPid,
    init_start_ticks: initStat.startTicks,
    pid_namespace: pidNamespace,
    started_at: new Date(launch.clock.nowMs()).toISOString(),
  };
}

/** True while the sandbox's init (the VM's PID 1) runs. */
export function isSandboxRunning(state: SandboxState): Promise<boolean> {
  return isSameProcessAlive(state.init_pid, state.init_start_ticks);
}

/**
 * Stops every process of the sandbox: SIGTERM to all of them, up to `graceMs` for them to
 * exit, then SIGKILL to the VM's PID 1, which makes the kernel kill the rest, and a wait
 * until none is left. Rejects with a CpiError when processes survive SIGKILL.
 */
export async function stopSandbox(state: SandboxState, graceMs: number, clock: Clock): Promise<void> {
  // A namespace id is only meaningful while its init lives: once freed, the id may be reused.
  const pidsOfVm = async (): Promise<number[]> =>
    (await isSandboxRunning(state)) ? listPidsInNamespace(state.pid_namespace) : [];
  if (!(await isSandboxRunning(state))) return;
  for (const pid of await pidsOfVm()) signalProcess(pid, 'SIGTERM');
  const graceEndMs = clock.nowMs() + graceMs;
  // PID 1 without a SIGTERM handler never sees the SIGTERM: once it is alone, stop waiting.
  const isInitDeaf = !(await catchesSignal(state.init_pid, SIGTERM));
  while (clock.nowMs() < graceEndMs) {
    const left = await pidsOfVm();
    if (left.length === 0 || (isInitDeaf && left.length === 1 && left[0] === state.init_pid)) break;
    await clock.sleep(POLL_MS * 2);
  }
  if (await isSandboxRunning(state)) signalProcess(state.init_pid, 'SIGKILL');
  for (const pid of await pidsOfVm()) signalProcess(pid, 'SIGKILL');
  // The kernel releases a PID namespace's init only after every other process in it is gone,
  // so an init that is gone or a zombie means an empty namespace.
  const killEndMs = clock.nowMs() + KILL_WAIT_MS;
  while (await isSandboxRunning(state)) {
    if (clock.nowMs() > killEndMs) {
      const left = await pidsOfVm();
      throw new CpiError(
        CPI_ERROR_TYPES.cloud,
        `Processes ${left.join(', ')} of the sandbox are still running ${KILL_WAIT_MS} ms after SIGKILL`,
        {
          isOkToRetry: true,
        },
      );
    }
    await clock.sleep(POLL_MS);
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

async function consoleTail(file: string): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const tail = text.trim().split('\n').slice(-10).join('\n');
  return tail === '' ? '' : `; console (${file}):\n${tail}`;
}
