/*
 * The supervisor with real processes: a job whose ctl script backgrounds a shell loop and
 * writes its pidfile, in a temporary base directory. This test's vitest worker is the agent
 * (a child subreaper), so every process the supervisor starts stays its descendant; after each
 * test none may be left (and afterEach kills any that are, so a failure leaves nothing behind).
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadNativeProcess, systemClock } from '../../src/base/index.js';
import { MonitFileSupervisor, ProcProcessTable, type JobState } from '../../src/agent/supervisor/index.js';
import { prepareBaseLayout } from '../../src/agent/base-layout.js';
import { vcapPaths, type VcapPaths } from '../../src/agent/vcap-paths.js';

const native = loadNativeProcess();
const table = new ProcProcessTable();

interface Job {
  paths: VcapPaths;
  pidfile: string;
  supervisor: MonitFileSupervisor;
}

let job: Job | undefined;
/** Processes below this one before the test (none expected): never counted or touched. */
let before = new Set<number>();

beforeEach(async () => {
  before = new Set((await descendantsOfThisProcess()).map((p) => p.pid));
});

afterEach(async () => {
  await job?.supervisor.close().catch(() => undefined);
  for (const p of await leftBehind()) if (p.state !== 'Z') process.kill(p.pid, 'SIGKILL');
  await sleep(100); // node:child_process reaps its own children meanwhile; the rest are ours to reap
  for (const p of await leftBehind()) if (p.ppid === process.pid) native.reap(p.pid);
  if (job !== undefined) await rm(job.paths.base, { recursive: true, force: true });
  job = undefined;
});

/** What the test started that is still there, zombies included. */
async function leftBehind(): Promise<{ pid: number; ppid: number; state: string }[]> {
  return (await descendantsOfThisProcess()).filter((p) => !before.has(p.pid));
}

/** Every process below this one, zombies included. */
async function descendantsOfThisProcess(): Promise<{ pid: number; ppid: number; state: string }[]> {
  const all = await table.list();
  const found: { pid: number; ppid: number; state: string }[] = [];
  const parents = new Set([process.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of all) {
      if (parents.has(p.ppid) && !parents.has(p.pid)) {
        parents.add(p.pid);
        found.push(p);
        grew = true;
      }
    }
  }
  return found;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** A job `web`: `ctl start` backgrounds a shell loop (that ignores SIGTERM when asked). */
async function makeJob(
  options: {
    trapsTerm?: boolean;
    stopDoesNothing?: boolean;
    startFails?: boolean;
    spinsFirst?: boolean;
  } = {},
): Promise<Job> {
  const paths = vcapPaths(await mkdtemp(join(tmpdir(), 'bosun-e2e-supervisor-')));
  await prepareBaseLayout(paths);
  const pidfile = join(paths.jobRunDir('web'), 'web.pid');
  const ctl = join(paths.jobDir('web'), 'bin/ctl');
  await mkdir(join(paths.jobDir('web'), 'bin'), { recursive: true });
  const trap = options.trapsTerm === true ? 'trap "" TERM; ' : '';
  const spin = options.spinsFirst === true ? 'i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done; ' : '';
  await writeFile(
    ctl,
    [
      '#!/bin/sh',
      `PIDFILE=${pidfile}`,
      'case "$1" in',
      '  start)',
      options.startFails === true
        ? '    echo "web: cannot start: config missing" >&2; exit 1'
        : '    mkdir -p "$(dirname "$PIDFILE")"',
      `    /bin/sh -c '${trap}${spin}while :; do sleep 1; done' web-daemon >/dev/null 2>&1 &`,
      '    echo $! > "$PIDFILE"',
      '    echo "web started with pid $!" ;;',
      '  stop)',
      options.stopDoesNothing === true ? '    ;;' : '    kill "$(cat "$PIDFILE")" ;;',
      'esac',
      '',
    ].join('\n'),
  );
  await chmod(ctl, 0o750);
  await writeFile(
    join(paths.jobDir('web'), 'monit'),
    [
      'check process web',
      `  with pidfile ${pidfile}`,
      `  start program "${ctl} start"`,
      `  stop program "${ctl} stop" with timeout 1 seconds`,
      '  group vcap',
      '',
    ].join('\n'),
  );
  const supervisor = new MonitFileSupervisor({
    paths,
    clock: systemClock,
    native,
    policy: { killGraceMs: 500 },
  });
  job = { paths, pidfile, supervisor };
  await supervisor.writeJobMonitFiles(['web']);
  return job;
}

async function livePid(pidfile: string): Promise<number | undefined> {
  const pid = await table.readPidfile(pidfile);
  const info = pid === undefined ? undefined : await table.inspect(pid);
  return info !== undefined && info.state !== 'Z' ? info.pid : undefined;
}

const stateIs = (j: Job, expected: JobState) => async () =>
  (await j.supervisor.jobState()) === expected ? true : undefined;

describe('MonitFileSupervisor with real processes', () => {
  it('starts a ctl job and restarts its daemon within 1 s of kill -9, reaping the zombie', async () => {
    const j = await makeJob();
    await j.supervisor.start();
    await waitFor('running', stateIs(j, 'running'));
    const first = await waitFor('the daemon', () => livePid(j.pidfile));
    // The ctl script has exited: its daemon was re-parented to us (the subreaper), so only we can reap it.
    await waitFor('the ctl script to exit', async () =>
      (await table.inspect(first))?.ppid === process.pid ? true : undefined,
    );

    const killedAt = Date.now();
    process.kill(first, 'SIGKILL');
    const second = await waitFor('a new daemon', async () => {
      const pid = await livePid(j.pidfile);
      return pid !== undefined && pid !== first ? pid : undefined;
    });
    expect(Date.now() - killedAt).toBeLessThan(1000);
    expect(existsSync(`/proc/${first}`)).toBe(false); // reaped, not left a zombie
    expect(second).not.toBe(first);
    await waitFor('running again', stateIs(j, 'running'));

    const log = await readFile(j.paths.monitLog, 'utf8');
    const ctl = join(j.paths.jobDir('web'), 'bin/ctl');
    expect(log).toMatch(
      new RegExp(
        `^\\[\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\] info : 'web' start: '${ctl} start'$`,
        'm',
      ),
    );
    expect(log).toContain(`error : 'web' process is not running (pid ${first} killed by signal SIGKILL)`);
    expect(log).toContain("info : 'web' trying to restart (restart 1 of 5)");
    const stdout = await readFile(join(j.paths.jobLogDir('web'), 'web.monit.stdout.log'), 'utf8');
    expect(stdout).toContain(`web started with pid ${first}\n`);
  });

  it('stops with the stop program and leaves no process behind', async () => {
    const j = await makeJob();
    await j.supervisor.start();
    await waitFor('the daemon', () => livePid(j.pidfile));
    await j.supervisor.stop();
    expect(await j.supervisor.jobState()).toBe('stopped');
    expect(await leftBehind()).toEqual([]);
  });

  it('falls back to SIGTERM and SIGKILL when the stop program does nothing', async () => {
    const j = await makeJob({ trapsTerm: true, stopDoesNothing: true });
    await j.supervisor.start();
    const pid = await waitFor('the daemon', () => livePid(j.pidfile));
    const started = Date.now();
    await j.supervisor.stop();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400); // 1 s stop timeout + 0.5 s grace
    expect(await leftBehind()).toEqual([]);
    const log = await readFile(j.paths.monitLog, 'utf8');
    expect(log).toMatch(
      new RegExp(`warning : 'web' still running after its stop timeout: SIGTERM to pid .*\\b${pid}\\b`),
    );
    expect(log).toMatch(/warning : 'web' still running 0.5 seconds after SIGTERM: SIGKILL to pid /);
  });

  it('reports a failing start program as failing, with its stderr in the logs', async () => {
    const j = await makeJob({ startFails: true });
    await j.supervisor.start();
    await waitFor('failing', stateIs(j, 'failing'));
    const [web] = await j.supervisor.processes();
    expect(web?.state).toBe('failing');
    const log = await readFile(j.paths.monitLog, 'utf8');
    expect(log).toContain(
      "error : 'web' failed to start (the start program exited with status 1; " +
        `no process per pidfile '${j.pidfile}'); stderr: web: cannot start: config missing`,
    );
    const stderr = await readFile(join(j.paths.jobLogDir('web'), 'web.monit.stderr.log'), 'utf8');
    expect(stderr).toContain('web: cannot start: config missing\n');
  });

  it('reports uptime, memory and CPU of a running process', async () => {
    const j = await makeJob({ spinsFirst: true });
    await j.supervisor.start();
    await waitFor('running', stateIs(j, 'running'));
    await sleep(1100);
    const [web] = await j.supervisor.processes();
    const totalKb = Number(/^MemTotal:\s+(\d+)/m.exec(await readFile('/proc/meminfo', 'utf8'))?.[1]);
    expect(web?.name).toBe('web');
    expect(web?.state).toBe('running');
    expect(web?.uptime.secs).toBeGreaterThanOrEqual(1);
    expect(web?.mem.kb).toBeGreaterThan(100);
    expect(web?.mem.percent).toBe(Math.round(((web?.mem.kb ?? 0) * 1000) / totalKb) / 10);
    expect(web?.cpu.total).toBeGreaterThan(0);
  });
});
