/*
 * A MonitFileSupervisor over the fakes of `fake-processes.ts`, a FakeClock and a temporary base
 * directory, for the unit tests (not used by the agent).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '../../base/index.js';
import { vcapPaths, type VcapPaths } from '../vcap-paths.js';
import { FakeNative, FakeProcessWorld, FakeProgramRunner } from './fake-processes.js';
import { MonitFileSupervisor } from './monit-file-supervisor.js';
import type { SupervisionPolicy } from './restart-policy.js';

export interface TestBed {
  readonly paths: VcapPaths;
  readonly clock: FakeClock;
  readonly world: FakeProcessWorld;
  readonly native: FakeNative;
  readonly runner: FakeProgramRunner;
  readonly supervisor: MonitFileSupervisor;
  /** Moves fake time in steps, letting real file I/O finish between them. */
  run(ms: number, stepMs?: number): Promise<void>;
  /** The monit log's lines, without their times. */
  logLines(): Promise<string[]>;
  cleanUp(): Promise<void>;
}

/** A stanza of group vcap with a ctl script under `/jobs/<job>/bin/ctl`. */
export function ctlStanza(
  name: string,
  options: { job?: string; extra?: string; startTimeoutSeconds?: number; stopTimeoutSeconds?: number } = {},
): string {
  const job = options.job ?? name;
  const timeout = (seconds: number | undefined): string =>
    seconds === undefined ? '' : ` with timeout ${seconds} seconds`;
  return [
    `check process ${name}`,
    `  with pidfile /run/${name}.pid`,
    `  start program "/jobs/${job}/bin/ctl start ${name}"${timeout(options.startTimeoutSeconds)}`,
    `  stop program "/jobs/${job}/bin/ctl stop ${name}"${timeout(options.stopTimeoutSeconds)}`,
    '  group vcap',
    options.extra ?? '',
  ].join('\n');
}

/**
 * Writes `monitrc` files into `monit/job/` and makes a supervisor. The stopped file exists at
 * first (as after a stop), so the first reload starts nothing unless `isStopped` is false.
 */
export async function makeTestBed(
  monitrc: Record<string, string>,
  options: { policy?: Partial<SupervisionPolicy>; isStopped?: boolean } = {},
): Promise<TestBed> {
  const base = await mkdtemp(join(tmpdir(), 'bosun-supervisor-'));
  const paths = vcapPaths(base);
  await mkdir(paths.monitJobDir, { recursive: true });
  for (const [name, text] of Object.entries(monitrc)) await writeFile(join(paths.monitJobDir, name), text);
  if (options.isStopped ?? true) await writeFile(paths.stoppedFile, '');
  const clock = new FakeClock(Date.parse('2026-11-21T10:00:00Z'));
  const world = new FakeProcessWorld(clock);
  const native = new FakeNative(world);
  const runner = new FakeProgramRunner(world);
  const supervisor = new MonitFileSupervisor({
    paths,
    clock,
    native,
    processTable: world,
    programRunner: runner,
    ...(options.policy === undefined ? {} : { policy: options.policy }),
  });
  return {
    paths,
    clock,
    world,
    native,
    runner,
    supervisor,
    async run(ms, stepMs = 50) {
      for (let t = 0; t < ms; t += stepMs) {
        await clock.advance(Math.min(stepMs, ms - t));
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    },
    async logLines() {
      // The log is appended asynchronously: read until two reads 10 ms apart agree.
      let text = '';
      for (let previous: string | undefined; text !== previous;) {
        previous = text;
        await new Promise((resolve) => setTimeout(resolve, 10));
        text = await readFile(paths.monitLog, 'utf8').catch(() => '');
      }
      return text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => line.replace(/^\[[^\]]+\] /, ''));
    },
    async cleanUp() {
      await supervisor.close().catch(() => undefined);
      await rm(base, { recursive: true, force: true });
    },
  };
}
