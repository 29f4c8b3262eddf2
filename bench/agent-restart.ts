/**
 * Supervisor figures. Prints them; asserts nothing (machines are noisy).
 *
 *   npx tsx bench/agent-restart.ts        (npm run bench:agent)
 *
 * 1. Restart latency: five jobs with two processes each (a ctl script backgrounding a shell
 *    loop), supervised by this process with the default policy. Each of the ten processes is
 *    killed with SIGKILL once; a sample is the time from the kill until the pidfile names a new
 *    live process. One kill per process: a second death within 60 s waits out the 1 s backoff
 *    by design (see src/agent/supervisor/restart-policy.ts). Target: median under 1 s.
 * 2. Idle memory: a fresh process (same Node and tsx loader) supervising the same five jobs,
 *    RSS after 5 s idle, next to the RSS of the same process having loaded the modules without
 *    supervising anything; and the CPU time its polling used over those 5 s (measured from 1 s
 *    after start-up).
 */
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareBaseLayout } from '../src/agent/base-layout.js';
import { MonitFileSupervisor, ProcProcessTable } from '../src/agent/supervisor/index.js';
import { vcapPaths, type VcapPaths } from '../src/agent/vcap-paths.js';
import { loadNativeProcess, systemClock } from '../src/base/index.js';

const JOBS = ['job1', 'job2', 'job3', 'job4', 'job5'];
const PROCESSES = ['web', 'worker'];
const IDLE_MS = 5_000;
const table = new ProcProcessTable();
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function makeJobs(): Promise<{ paths: VcapPaths; pidfiles: string[] }> {
  const paths = vcapPaths(await mkdtemp(join(tmpdir(), 'bosun-bench-agent-')));
  await prepareBaseLayout(paths);
  const pidfiles: string[] = [];
  for (const job of JOBS) {
    const bin = join(paths.jobDir(job), 'bin');
    await mkdir(bin, { recursive: true });
    const stanzas: string[] = [];
    for (const name of PROCESSES) {
      const pidfile = join(paths.jobRunDir(job), `${job}-${name}.pid`);
      pidfiles.push(pidfile);
      const ctl = join(bin, `${name}_ctl`);
      const script = [
        '#!/bin/sh',
        'case "$1" in',
        `  start) mkdir -p ${paths.jobRunDir(job)}; /bin/sh -c 'while :; do sleep 1; done' >/dev/null 2>&1 & echo $! > ${pidfile} ;;`,
        `  stop) kill "$(cat ${pidfile})" ;;`,
        'esac',
        '',
      ];
      await writeFile(ctl, script.join('\n'));
      await chmod(ctl, 0o750);
      stanzas.push(
        `check process ${job}-${name}\n  with pidfile ${pidfile}\n  start program "${ctl} start"\n  stop program "${ctl} stop"\n  group vcap\n`,
      );
    }
    await writeFile(join(paths.jobDir(job), 'monit'), stanzas.join('\n'));
  }
  return { paths, pidfiles };
}

async function livePid(pidfile: string): Promise<number | undefined> {
  const pid = await table.readPidfile(pidfile);
  const info = pid === undefined ? undefined : await table.inspect(pid);
  return info !== undefined && info.state !== 'Z' ? info.pid : undefined;
}

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(2);
  }
}

async function supervise(paths: VcapPaths): Promise<MonitFileSupervisor> {
  const supervisor = new MonitFileSupervisor({ paths, clock: systemClock, native: loadNativeProcess() });
  await supervisor.writeJobMonitFiles(JOBS);
  await supervisor.start();
  await until(async () => ((await supervisor.jobState()) === 'running' ? true : undefined));
  return supervisor;
}

async function measureRestarts(): Promise<number[]> {
  const { paths, pidfiles } = await makeJobs();
  const supervisor = await supervise(paths);
  const samples: number[] = [];
  try {
    for (const pidfile of pidfiles) {
      const old = await until(() => livePid(pidfile));
      await sleep(300); // land the kill at a random point of the 200 ms poll
      const killedAt = performance.now();
      process.kill(old, 'SIGKILL');
      await until(async () => {
        const pid = await livePid(pidfile);
        return pid !== undefined && pid !== old ? pid : undefined;
      });
      samples.push(performance.now() - killedAt);
    }
  } finally {
    await supervisor.stop();
    await supervisor.close();
    await rm(paths.base, { recursive: true, force: true });
  }
  return samples;
}

/** Runs in a child process: prints `{rssKb, cpuMs}` as JSON after idling. */
async function idleChild(isSupervising: boolean): Promise<void> {
  const jobs = isSupervising ? await makeJobs() : undefined;
  const supervisor = jobs === undefined ? undefined : await supervise(jobs.paths);
  await sleep(1_000); // past start-up work (JIT, first reads)
  const cpuBefore = process.cpuUsage();
  await sleep(IDLE_MS);
  const cpu = process.cpuUsage(cpuBefore);
  const rssKb = Math.round(process.memoryUsage().rss / 1024);
  if (supervisor !== undefined && jobs !== undefined) {
    await supervisor.stop();
    await supervisor.close();
    await rm(jobs.paths.base, { recursive: true, force: true });
  }
  process.stdout.write(`${JSON.stringify({ rssKb, cpuMs: (cpu.user + cpu.system) / 1000 })}\n`);
}

async function runChild(mode: string): Promise<{ rssKb: number; cpuMs: number }> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${mode} exited with ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { rssKb: number; cpuMs: number };
}

const ms = (n: number): string => `${n.toFixed(0)} ms`;

async function main(): Promise<void> {
  const mode = process.argv[2];
  if (mode === '--idle-supervising' || mode === '--idle-baseline') {
    await idleChild(mode === '--idle-supervising');
    return;
  }
  const samples = await measureRestarts();
  const sorted = [...samples].sort((a, b) => a - b);
  const median = ((sorted[4] ?? 0) + (sorted[5] ?? 0)) / 2;
  console.log(`restart after kill -9 (${samples.length} kills, one per process, 200 ms poll):`);
  console.log(
    `  median ${ms(median)}, min ${ms(sorted[0] ?? 0)}, max ${ms(sorted.at(-1) ?? 0)} (target < 1000 ms)`,
  );
  console.log(`  samples: ${samples.map(ms).join(', ')}`);
  const supervising = await runChild('--idle-supervising');
  const baseline = await runChild('--idle-baseline');
  const mb = (kb: number): string => `${(kb / 1024).toFixed(1)} MB`;
  console.log(
    `idle, ${JOBS.length} jobs (${JOBS.length * PROCESSES.length} processes) supervised, after ${IDLE_MS / 1000} s:`,
  );
  console.log(
    `  RSS ${mb(supervising.rssKb)} (same process without a supervisor: ${mb(baseline.rssKb)}; difference ${mb(supervising.rssKb - baseline.rssKb)})`,
  );
  const share = (cpuMs: number): string => `${((cpuMs / IDLE_MS) * 100).toFixed(2)}% of one core`;
  console.log(
    `  CPU: ${ms(supervising.cpuMs)} over ${IDLE_MS / 1000} s, ${share(supervising.cpuMs)} ` +
      `(without a supervisor: ${ms(baseline.cpuMs)}, ${share(baseline.cpuMs)})`,
  );
}

await main();
